import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { ModuleFact, SymbolFact } from '../model/hook-entry';
import { readLines } from '../text/read-lines';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// Kernel symbols and modules:
//   /proc/kallsyms   `ffffffffc0a1b2c0 t net_hook_in_v4\t[resguard_linux]` (module column only for module symbols;
//                    all-zero addresses when kernel.kptr_restrict hides them from the reader)
//   System.map       `ffffffff81f81c50 T nf_hook_slow` (vmlinux only)
//   crash `sym`      `ffffffffa05f0330 (t) net_hook_in_v4 [resguard_linux]` [file: line]
//   /proc/modules    `resguard_linux 59811 0 - Live 0xffffffffa05ee000 (OE)` (name size refcount users state base [taint])
//   lsmod            `Module                  Size  Used by` then `name  size  refcount [users]`
// Addresses are given lower-case with 0x, like frame and skb addresses elsewhere. A full kallsyms has ~150k
// lines: records are yielded one by one, nothing is kept.
// Ref: kernel/kallsyms.c s_show (`%px %c %s\t[%s]`), kernel/module/procfs.c m_show + print_unload_info
// (`name size refcnt users, state 0x%pK (taints)`), kmod tools/lsmod.c, crash help sym.

const PROBE_LINES = 300;
const SYMBOL = /^([0-9a-fA-F]{8,16})\s+([A-Za-z?-])\s+(\S+)(?:\s+\[([^\]\s]+)\])?$/;
const CRASH_SYMBOL = /^([0-9a-fA-F]{8,16}) \(([A-Za-z?-])\) (\S+)(?: \[([^\]\s]+)\])?(?: (\S+): (\d+))?$/;
const PROC_MODULE = /^(\S+) (\d+) (-?\d+|-) (\S+) (Live|Loading|Unloading) (0x[0-9a-fA-F]+)(?: \(([A-Z+-]+)\))?$/;
const LSMOD_HEADER = /^Module\s+Size\s+Used by$/;
const LSMOD_ROW = /^(\S+)\s+(\d+)\s+(-?\d+|-)(?:\s+(\S+))?$/;
const ZERO = /^(?:0x)?0+$/;
const SYMBOL_COMMAND = /^[$#%] +(?:sudo +)?(?:cat|grep|head|tail|lsmod|less|awk|sort)\b/;

function address(hex: string): string {
  return `0x${hex.toLowerCase().replace(/^0x/, '')}`;
}

function isCommandLine(line: string): boolean {
  return promptCommand(line) !== null || SYMBOL_COMMAND.test(line) || /^crash> /.test(line);
}

/** 0.9 for an lsmod header, 0.85 when most lines are kallsyms / System.map / /proc/modules lines. */
export function probeKallsyms(input: ProbeInput): number {
  if (input.text === null) return 0;
  let content = 0;
  let matched = 0;
  for (const raw of input.text.split('\n', PROBE_LINES)) {
    const line = unquoteLine(raw).trim();
    if (line === '' || isElision(line) || isCommandLine(line)) continue;
    if (content === 0 && LSMOD_HEADER.test(line)) return 0.9;
    content++;
    if (SYMBOL.test(line) || PROC_MODULE.test(line)) matched++;
  }
  if (content === 0 || matched / content < 0.5) return 0;
  if (matched / content >= 0.8) return matched >= 3 ? 0.85 : 0.6;
  return 0.5;
}

/** Yields a SymbolFact per symbol line and a ModuleFact per lsmod / /proc/modules line. */
export function* parseKallsyms(source: ArtifactSource, ctx: ParseContext): Generator<SymbolFact | ModuleFact> {
  const budget = warningBudget(ctx);
  let inLsmod = false;
  let hiddenNoted = false;
  const noteHidden = (line: number) => {
    if (hiddenNoted) return;
    hiddenNoted = true;
    ctx.meta('addressesHidden', 'true');
    budget.warn(
      'kallsyms/addresses-hidden',
      'addresses are all zero: kernel.kptr_restrict hid them from the reader (read as root, or with kptr_restrict=0); names and modules are kept',
      line,
    );
  };
  for (const { n, text } of readLines(source)) {
    const line = unquoteLine(text).trim();
    if (line === '' || isElision(line) || isCommandLine(line)) continue;
    const symbol = SYMBOL.exec(line) ?? CRASH_SYMBOL.exec(line);
    if (symbol) {
      if (ZERO.test(symbol[1])) noteHidden(n);
      const source = symbol[5] !== undefined ? `${symbol[5]}:${symbol[6]}` : null;
      yield { kind: 'symbol', line: n, address: address(symbol[1]), type: symbol[2], name: symbol[3], module: symbol[4] ?? null, source };
      continue;
    }
    const procModule = PROC_MODULE.exec(line);
    if (procModule) {
      const hidden = ZERO.test(procModule[6]);
      if (hidden) noteHidden(n);
      yield { kind: 'module', line: n, name: procModule[1], size: Number(procModule[2]), address: hidden ? null : address(procModule[6]), taint: procModule[7] ?? null };
      continue;
    }
    if (LSMOD_HEADER.test(line)) {
      inLsmod = true;
      continue;
    }
    const lsmod = inLsmod ? LSMOD_ROW.exec(line) : null;
    if (lsmod) {
      // lsmod prints neither the base address nor the taint flags.
      yield { kind: 'module', line: n, name: lsmod[1], size: Number(lsmod[2]), address: null, taint: null };
      continue;
    }
    budget.warn('kallsyms/not-a-symbol-line', `not a kallsyms, System.map, lsmod or /proc/modules line: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`, n);
  }
  budget.finish();
}

export const kallsymsFormat: ArtifactFormat<SymbolFact | ModuleFact> = {
  id: 'kallsyms',
  label: 'Kernel symbols and modules (/proc/kallsyms, System.map, lsmod)',
  kind: 'text',
  probe: probeKallsyms,
  parse: parseKallsyms,
};
