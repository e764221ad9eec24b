import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { HookEntry, ModuleFact, SymbolFact } from '../model/hook-entry';
import { readLines } from '../text/read-lines';
import { familyFromNfproto, hookFromNumber } from './netfilter-hook-names';
import { unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// A `crash` session log (live system or vmcore), split at the `crash> CMD` prompts. Read:
//  - the banner and `sys` block: right-aligned `KEY: value` lines → meta (RELEASE, NODENAME, DATE, PANIC…);
//  - `sym X`: `ADDR (t) name[+off] [module] [file: line]` → SymbolFact;
//  - `dis [-l] X [N]`: `/file.c: 188` source lines and `0xADDR <sym+off>:  insn` → SymbolFact per instruction with
//    a source line, per symbol start, and per `call <target>`;
//  - 3.10 hook lists: `p &nf_hooks[PF][HOOK]` (the head address) then `list -H ADDR -s nf_hook_ops.hook,owner,pf,
//    hooknum,priority` (one element address line, then `  member = value` lines) → HookEntry; also
//    `struct nf_hook_ops ADDR` blocks;
//  - ≥4.16 hook arrays (`p init_net.nf.hooks_ipv4[1]`, `struct nf_hook_entries ADDR`, `hooks[i].hook = 0x… <sym>`
//    lines, gdb arrays of `{hook = 0x… <sym>, priv = …}`) → HookEntry without priority (unverified: written from
//    the crash and gdb documentation, no recorded sample);
//  - `mod`: `MODULE NAME [TEXT_BASE] SIZE OBJECT FILE` → ModuleFact (its MODULE column is the `owner` of 3.10 ops);
//  - `bt` (in any block, and in pastes without prompts): ` #N [SP] sym at ADDR [module]` frames and
//    `[exception RIP: sym+OFF]` (decimal) + `RIP: ADDR` → SymbolFact with the return address.
// A hook's module comes from a `sym` / `bt` fact of its function in the same session, else from its `owner`
// matched against the `mod` listing; `owner = 0x0` is built-in code.
// Ref: /work/shared/spec/formats-notes.md §5; crash(8) help for sym, dis, list, struct, p, mod, bt, sys;
// /work/shared/spec/kernel-notes.md §1 (NFPROTO and hook numbers).

const PROMPT = /^crash>\s?(.*)$/;
const BANNER = /^(?:crash \d|Copyright \(C\)|GNU gdb|This (?:program|GDB|is free)|and you are welcome|certain conditions|License GPLv3|There is NO WARRANTY|and "show warranty"|For help, type|Type "apropos|please wait\.\.\.|NOTE: )/;
const SYS_KEYS = new Set(['KERNEL', 'DEBUG KERNEL', 'DUMPFILE', 'DUMPFILES', 'CPUS', 'DATE', 'UPTIME', 'LOAD AVERAGE', 'TASKS', 'NODENAME', 'RELEASE', 'VERSION', 'MACHINE', 'MEMORY', 'PANIC']);
const TASK_KEYS = new Set(['PID', 'COMMAND', 'TASK', 'CPU', 'STATE']);
const KEY_VALUE = /^\s*([A-Z][A-Z ]*[A-Z]):\s+(.*)$/;
const REGISTERS = /^\s*(?:[A-Z0-9_]{2,8}:\s+[0-9a-f]{2,16}\s*)+$/;
const PID_LINE = /^\s*PID:\s+\d+\s+TASK:\s+[0-9a-f]+\s+CPU:\s+\d+\s+COMMAND:\s+".*"\s*$/;
const FRAME = /^\s*#(\d+)\s+\[([0-9a-f]+)\]\s+([^\s+]+)(?:\+(0x[0-9a-f]+|\d+))?\s+at\s+([0-9a-f]+)(?:\s+\[([^\]]+)\])?\s*$/;
const WRAPPED_MODULE = /^\s*\[([\w.-]+)\]\s*$/;
const EXCEPTION = /^\s*\[exception RIP: ([^\]\s+]+)(?:\+(\d+))?\]\s*$/;
const EXCEPTION_RIP = /^\s*RIP:\s+([0-9a-f]{8,16})\b/;
const STACK_SWITCH = /^\s*--- <[^>]+> ---\s*$/;
const SOURCE_LINE = /^\s*(\S+\.[a-zA-Z]+):\s*(\d+)\s*$/;
const SYM_LINE = /^\s*([0-9a-f]{8,16})\s+\((\w)\)\s+([^\s+]+)(?:\+(\d+))?(?:\s+\[([^\]]+)\])?(?:\s+(\S.*?):\s*(\d+))?\s*$/;
const DIS_LINE = /^\s*(0x[0-9a-f]+)\s+<([^>+\s]+)(?:\+(\d+))?>:\s*(.*)$/;
const CALL_TARGET = /\bcall[lq]?\s+(0x[0-9a-f]+)\s+<([^>+\s]+)>/;
const P_POINTER = /^\s*\$\d+\s*=\s*\(([^)]*)\)\s*(0x[0-9a-f]+)/;
const ADDRESS_ONLY = /^\s*([0-9a-f]{8,16})\s*$/;
const MOD_HEADER = /^\s*MODULE\s+NAME\s+(?:TEXT_BASE\s+)?SIZE\s+OBJECT\s+FILE\s*$/;
const MOD_ROW = /^\s*([0-9a-f]{8,16})\s+(\S+)\s+(?:([0-9a-f]{8,16})\s+)?(\d+)\s+(.*?)\s*$/;
const MEMBER = /(?:hooks\[(\d+)\]\.)?\b(hook|owner|pf|hooknum|priority)\s*=\s*(-?0x[0-9a-f]+(?:\s*<[^>]*>)?|-?\d+)/g;

/** Longer lines cannot be crash output worth reading (a paste accident or a binary file): warned and skipped, not scanned. */
const MAX_LINE = 1048576;

/** Which hook list a block prints, from the command or from an address the session mapped earlier. */
interface HookContext {
  family: string | null;
  hook: string | null;
}

/** One hook registration being read from `list` / `struct` / `p` output. */
interface Element {
  line: number;
  /** `hooks[i]` index where printed (≥4.16 arrays). */
  index: number | null;
  hook: string | null;
  hookSymbol: string | null;
  owner: string | null;
  pf: number | null;
  hooknum: number | null;
  priority: number | null;
}

/** A hook entry waiting for the end of the session, when every `sym` and `mod` line is known. */
interface PendingHook {
  entry: HookEntry;
  owner: string | null;
}

function hex(address: string): string {
  const digits = address.toLowerCase().replace(/^0x/, '');
  return `0x${digits}`;
}

function symbolFact(line: number, address: string, name: string, extra: Partial<SymbolFact> = {}): SymbolFact {
  return { kind: 'symbol', line, address: hex(address), type: null, name, module: null, source: null, ...extra };
}

/** `net/netfilter/core.c: 188` → `net/netfilter/core.c:188`. */
function sourceOf(file: string, line: string): string {
  return `${file}:${Number(line)}`;
}

/** Context named in a command: `nf_hooks[2][1]` (3.10: NFPROTO, hook), `hooks[2][1]` (4.10–4.15),
 * `hooks_ipv4[1]` / `hooks_ipv6` / `hooks_arp` / `hooks_bridge` (≥4.16). */
function contextFromCommand(command: string): HookContext | null {
  const table = /\bhooks\[(\d+)\]\s*\[(\d+)\]/.exec(command);
  if (table) {
    const family = familyFromNfproto(Number(table[1]));
    return { family, hook: family ? hookFromNumber(family, Number(table[2])) : null };
  }
  const perFamily = /\bhooks_(ipv4|ipv6|arp|bridge)\s*\[(\d+)\]/.exec(command);
  if (perFamily) {
    const family = { ipv4: 'ip', ipv6: 'ip6', arp: 'arp', bridge: 'bridge' }[perFamily[1]] ?? null;
    return { family, hook: family ? hookFromNumber(family, Number(perFamily[2])) : null };
  }
  return null;
}

function probe(input: ProbeInput): number {
  if (!input.text) return 0;
  let prompts = 0;
  let frames = 0;
  let sysKeys = 0;
  let exceptions = 0;
  for (const raw of input.text.split('\n', 600)) {
    const text = unquoteLine(raw);
    if (PROMPT.test(text)) prompts++;
    else if (FRAME.test(text)) frames++;
    else if (EXCEPTION.test(text)) exceptions++;
    else {
      const kv = KEY_VALUE.exec(text);
      if (kv && SYS_KEYS.has(kv[1])) sysKeys++;
    }
  }
  if (prompts > 0 && (frames > 0 || sysKeys > 0)) return 0.9;
  if (prompts >= 2) return 0.8;
  if (frames >= 2 || (frames > 0 && exceptions > 0)) return 0.75;
  if (sysKeys >= 4) return 0.7;
  return 0;
}

function* parse(source: ArtifactSource, ctx: ParseContext): Generator<HookEntry | SymbolFact | ModuleFact> {
  const warnings = warningBudget(ctx);
  const warn = (code: string, message: string, line?: number) => warnings.warn(`crash/${code}`, message, line);
  const records: Array<HookEntry | SymbolFact | ModuleFact> = [];
  const symbols: SymbolFact[] = [];
  /** Facts from `sym` and `bt`, which print the module when there is one (so no module means built-in). */
  const moduleKnown = new Set<SymbolFact>();
  const seenSymbols = new Map<string, SymbolFact>();
  const hooks: PendingHook[] = [];
  const moduleByStruct = new Map<string, string>();
  const contexts = new Map<string, HookContext>();

  // The current block: the command that opened it and what its output did.
  let command = '';
  let commandLine = 0;
  let unused = 0;
  let firstUnused = 0;
  let sawContent = false;
  let prompts = 0;
  // Block state.
  let blockContext: HookContext | null = null;
  let disSource: string | null = null;
  let element: Element | null = null;
  /** Elements read in this block: one command prints one hook list, in run order. */
  let blockOrder = 0;
  let lastFrame: SymbolFact | null = null;
  let exception: { name: string; offset: number | null } | null = null;

  /** Keeps a fact once per address, name and offset; answers the kept one. */
  const addSymbol = (fact: SymbolFact): SymbolFact => {
    const key = `${fact.address} ${fact.name} ${fact.offset ?? ''}`;
    const kept = seenSymbols.get(key);
    if (kept) return kept;
    seenSymbols.set(key, fact);
    symbols.push(fact);
    records.push(fact);
    return fact;
  };

  const flushElement = () => {
    const done = element;
    element = null;
    if (!done || done.hook === null) return;
    const family = done.pf !== null ? familyFromNfproto(done.pf) : blockContext?.family ?? null;
    const hookName = done.hooknum !== null && family ? hookFromNumber(family, done.hooknum) : blockContext?.hook ?? null;
    if (family === null || hookName === null) {
      warn('hook-unplaced', `hook function ${done.hookSymbol ?? done.hook} is listed but the session does not say which family/hook list it is on`, done.line);
    }
    const order = done.index ?? blockOrder;
    blockOrder++;
    hooks.push({
      entry: {
        kind: 'hook-entry',
        line: done.line,
        family: family ?? '',
        hook: hookName ?? '',
        priority: done.priority,
        hookFunction: done.hookSymbol,
        address: hex(done.hook),
        module: null,
        nftChain: null,
        device: null,
        order,
      },
      owner: done.owner,
    });
  };

  const closeBlock = () => {
    flushElement();
    if (unused > 0) {
      const what = commandLine === 0 ? 'lines before the first crash> prompt' : `output of \`${clip(command)}\``;
      warn('unrecognised-output', `${what} not read (${unused} line${unused === 1 ? '' : 's'})`, firstUnused);
    }
    unused = 0;
    firstUnused = 0;
    blockContext = null;
    disSource = null;
    blockOrder = 0;
    lastFrame = null;
    exception = null;
  };

  const openBlock = (text: string, line: number) => {
    closeBlock();
    command = text.trim();
    commandLine = line;
    prompts++;
    blockContext = contextFromCommand(command);
    if (!blockContext) {
      for (const address of command.match(/\b(?:0x)?[0-9a-f]{8,16}\b/g) ?? []) {
        const known = contexts.get(hex(address));
        if (known) {
          blockContext = known;
          break;
        }
      }
    }
  };

  /** Lines every block may hold: the sys header, bt frames and registers. True when the line was used. */
  const commonLine = (text: string, n: number): boolean => {
    const frame = FRAME.exec(text);
    if (frame) {
      const offset = frame[4] === undefined ? null : frame[4].startsWith('0x') ? parseInt(frame[4], 16) : Number(frame[4]);
      lastFrame = symbolFact(n, frame[5], frame[3], { module: frame[6] ?? null, offset });
      lastFrame = addSymbol(lastFrame);
      moduleKnown.add(lastFrame);
      return true;
    }
    const wrapped = WRAPPED_MODULE.exec(text);
    if (wrapped && lastFrame && lastFrame.module === null) {
      // A module tag hard-wrapped onto its own line in a paste (`ipv4_conntrack_defrag at …` / `[nf_defrag_ipv4]`).
      lastFrame.module = wrapped[1];
      return true;
    }
    const source = SOURCE_LINE.exec(text);
    if (source && lastFrame && lastFrame.source === null) {
      lastFrame.source = sourceOf(source[1], source[2]); // `bt -l`
      return true;
    }
    const exceptionLine = EXCEPTION.exec(text);
    if (exceptionLine) {
      exception = { name: exceptionLine[1], offset: exceptionLine[2] === undefined ? null : Number(exceptionLine[2]) };
      return true;
    }
    // Before the register test: `CPUS: 64` and `TASKS: 1115` look like registers too.
    const kv = KEY_VALUE.exec(text);
    if (kv && (SYS_KEYS.has(kv[1]) || TASK_KEYS.has(kv[1]))) {
      if (SYS_KEYS.has(kv[1])) ctx.meta(kv[1].toLowerCase().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()), kv[2].trim());
      return true;
    }
    if (REGISTERS.test(text)) {
      const rip = EXCEPTION_RIP.exec(text);
      if (rip && exception) {
        // Exception offsets are decimal in crash (`[exception RIP: l2w_vdev_hard_xmit_broad_pkt+248]`).
        addSymbol(symbolFact(n, rip[1], exception.name, { offset: exception.offset }));
        exception = null;
      }
      return true;
    }
    if (STACK_SWITCH.test(text) || PID_LINE.test(text)) return true;
    return false;
  };

  const symLine = (text: string, n: number): boolean => {
    const sym = SYM_LINE.exec(text);
    if (!sym) return false;
    const fact = symbolFact(n, sym[1], sym[3], {
      type: sym[2],
      module: sym[5] ?? null,
      source: sym[6] !== undefined ? sourceOf(sym[6], sym[7]) : null,
      ...(sym[4] !== undefined ? { offset: Number(sym[4]) } : {}),
    });
    moduleKnown.add(addSymbol(fact));
    return true;
  };

  const disLine = (text: string, n: number): boolean => {
    const source = SOURCE_LINE.exec(text);
    if (source) {
      disSource = sourceOf(source[1], source[2]);
      return true;
    }
    const dis = DIS_LINE.exec(text);
    if (!dis) return false;
    const offset = dis[3] === undefined ? 0 : Number(dis[3]);
    // Every instruction `dis -l` gives a source line for (the return address after `call kfree_skb` is how a
    // kfree_skb location maps to file:line); otherwise only the symbol's start.
    if (disSource !== null || offset === 0) addSymbol(symbolFact(n, dis[1], dis[2], { source: disSource, offset }));
    const call = CALL_TARGET.exec(dis[4]);
    if (call) addSymbol(symbolFact(n, call[1], call[2], { offset: 0 }));
    return true;
  };

  const pointerLine = (text: string): boolean => {
    const pointer = P_POINTER.exec(text);
    if (!pointer) return false;
    const context = contextFromCommand(command);
    if (context) contexts.set(hex(pointer[2]), context);
    return true;
  };

  const modLine = (text: string, n: number): boolean => {
    if (MOD_HEADER.test(text)) return true;
    const row = MOD_ROW.exec(text);
    if (!row) return false;
    const [, structAddress, name, textBase, size] = row;
    moduleByStruct.set(hex(structAddress), name);
    records.push({
      kind: 'module',
      line: n,
      name,
      size: Number(size),
      // TEXT_BASE (crash ≥8) is the load address; older crash prints only the struct module address.
      address: hex(textBase ?? structAddress),
      taint: null,
    });
    return true;
  };

  /** `list` / `struct` / `p` output holding nf_hook_ops or nf_hook_entries members. */
  const hookMemberLine = (text: string, n: number): boolean => {
    const address = ADDRESS_ONLY.exec(text);
    if (address && /^list\b/.test(command)) {
      flushElement();
      element = { line: n, index: null, hook: null, hookSymbol: null, owner: null, pf: null, hooknum: null, priority: null };
      return true;
    }
    if (/^\s*struct nf_hook_(?:ops|entries) \{\s*$/.test(text) || /^\s*\$\d+\s*=\s*\{/.test(text)) {
      flushElement();
      if (!/\bhook\s*=/.test(text)) return true;
    }
    let used = false;
    MEMBER.lastIndex = 0;
    for (let m = MEMBER.exec(text); m; m = MEMBER.exec(text)) {
      used = true;
      const [, index, name, value] = m;
      if (name === 'hook') {
        // A second `hook =` starts the next element (gdb arrays, `hooks[i].hook` lines). (unverified for ≥4.16)
        if (element?.hook !== null || index !== undefined) flushElement();
        element ??= { line: n, index: null, hook: null, hookSymbol: null, owner: null, pf: null, hooknum: null, priority: null };
        const target = /^(-?0x[0-9a-f]+)(?:\s*<([^>+]+)(?:\+\w+)?>)?/.exec(value);
        if (index !== undefined) element.index = Number(index);
        element.hook = target ? target[1] : value;
        element.hookSymbol = target?.[2] ?? null;
        continue;
      }
      element ??= { line: n, index: null, hook: null, hookSymbol: null, owner: null, pf: null, hooknum: null, priority: null };
      const number = value.startsWith('0x') || value.startsWith('-0x') ? null : Number.parseInt(value, 10);
      if (name === 'owner') element.owner = /^0x/.test(value) ? hex(value.split(/\s/)[0]) : null;
      else if (name === 'pf') element.pf = number;
      else if (name === 'hooknum') element.hooknum = number;
      else if (name === 'priority') element.priority = number;
    }
    if (used) return true;
    // Other members of the printed structs (`list = {…}`, `priv = 0x0`, `num_hook_entries = 4`, braces).
    return /^\s*(?:[\w.[\]]+\s*=|[{},\s]+$)/.test(text);
  };

  for (const { n, text: raw } of readLines(source)) {
    const text = unquoteLine(raw);
    const trimmed = text.trim();
    if (trimmed === '') continue;
    sawContent = true;
    if (trimmed.length > MAX_LINE) {
      unused++;
      if (firstUnused === 0) firstUnused = n;
      continue;
    }
    const prompt = PROMPT.exec(trimmed);
    if (prompt) {
      openBlock(prompt[1], n);
      continue;
    }
    const verb = command.split(/\s+/)[0] ?? '';
    let used = false;
    if (commandLine === 0 && BANNER.test(trimmed)) used = true;
    else if (verb === 'sym') used = symLine(text, n);
    else if (verb === 'dis') used = disLine(text, n);
    else if (verb === 'mod') used = modLine(text, n);
    else if (verb === 'p' || verb === 'print' || verb === 'px' || verb === 'pd') used = pointerLine(text) || hookMemberLine(text, n);
    else if (verb === 'list' || verb === 'struct' || verb === 'nf_hook_ops' || verb === 'nf_hook_entries') used = hookMemberLine(text, n);
    if (!used) used = commonLine(text, n);
    if (!used) {
      unused++;
      if (firstUnused === 0) firstUnused = n;
    }
  }
  closeBlock();

  // Modules of hook functions: a symbol fact of the function (sym, bt), else the owner ↔ mod table.
  for (const { entry, owner } of hooks) {
    // `sym` and `bt` print `[module]` for module code and nothing for the kernel's own: both answers count.
    const facts = symbols.filter((s) => moduleKnown.has(s) && (s.name === entry.hookFunction || s.address === entry.address));
    const inModule = facts.find((s) => s.module !== null);
    if (inModule) entry.module = inModule.module;
    else if (owner !== null && moduleByStruct.has(owner)) entry.module = moduleByStruct.get(owner) ?? null;
    else if (facts.length > 0 || (owner !== null && /^0x0+$/.test(owner))) entry.module = null;
    else {
      warn('module-unknown', owner !== null
        ? `hook ${entry.hookFunction ?? entry.address} belongs to a module (owner ${owner}) this session does not name: run \`sym ${entry.address}\` or \`mod\``
        : `the module of hook ${entry.hookFunction ?? entry.address} is not in this session: run \`sym ${entry.address}\``, entry.line);
    }
    records.push(entry);
  }
  records.sort((a, b) => a.line - b.line);
  yield* records;
  if (!sawContent) warn('empty', 'no crash session content');
  else if (records.length === 0 && prompts === 0) warn('no-records', 'no crash> prompt, bt frame or sys header found');
  warnings.finish();
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A `crash` session log: symbols, modules, netfilter hook lists and backtrace frames. */
export const crashFormat: ArtifactFormat<HookEntry | SymbolFact | ModuleFact> = {
  id: 'crash',
  label: 'crash session log',
  kind: 'text',
  probe,
  parse,
};
