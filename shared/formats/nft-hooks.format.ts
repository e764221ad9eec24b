import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { HookEntry } from '../model/hook-entry';
import { readLines } from '../text/read-lines';
import { hookFromNftName } from './netfilter-hook-names';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// `nft list hooks [family] [device D]`. Released format (nftables ≥1.0.0):
//   family F {  /  TAB hook H [device D] {  /  TAB TAB PRIO [DESC] [[MODULE]]  /  TAB }  /  }
// PRIO is 11 characters: `-0000000400`, ` 0000000000` (a space, not a sign, for zero), `+2147483647`; DESC is
// `chain FAMILY TABLE NAME` (nf_tables base chain), `flowtable FAMILY TABLE NAME` (1.1.4+), `FUNC id N` (BPF,
// 1.0.8+) or the hook function; `[module]` only for loadable modules. Pre-release (nftables git Jan–Aug 2021):
//   family F hook H [device D] {  /  TAB ±PRIO FUNC [MODULE] [TAB # nft table TFAMILY TABLE chain NAME]  /  }
// Pastes add `| `/`> ` quoting, re-indented spaces, `$ `/`% `/`# ` command lines, `[..]` elisions, prose and
// hook-level fragments without the family wrapper. Entries are listed in run order (the kernel's sorted array).
// Ref: /work/shared/spec/nft-hooks-grammar.md; nftables src/mnl.c print_hooks / dump_nf_hooks.

const FAMILY_HOOK_OPEN = /^family\s+(\S+)\s+hook\s+(\S+)(?:\s+device\s+(\S+))?\s*\{$/;
const FAMILY_OPEN = /^family\s+(\S+)\s*\{$/;
const HOOK_OPEN = /^hook\s+(\S+)(?:\s+device\s+(\S+))?\s*\{$/;
const ENTRY = /^([-+]?)(\d{10})(?:\s+(.*))?$/;
const DEVICES = /^devices\s*=\s*\{\s*([^}]*)\}\s*;?$/;
const PRERELEASE_CHAIN = /\s*#\s*nft table (\S+)(?: (\S+))? chain (\S+)\s*$/;
const INT32_MAX = 2147483647;

/** Longer lines cannot be an nft list hooks line (a paste accident or a binary file): warned and skipped, not scanned. */
const MAX_LINE = 65536;

/** A `hook … {` block being read: its entries wait until it closes, for the family guess of a fragment. */
interface OpenHook {
  family: string | null;
  hook: string;
  device: string | null;
  entries: HookEntry[];
  line: number;
}

function probe(input: ProbeInput): number {
  if (!input.text) return 0;
  let entries = 0;
  let blocks = 0;
  let other = 0;
  for (const raw of input.text.split('\n', 400)) {
    const text = unquoteLine(raw).trim();
    if (text === '') continue;
    if (ENTRY.test(text)) entries++;
    else if (FAMILY_HOOK_OPEN.test(text) || FAMILY_OPEN.test(text) || HOOK_OPEN.test(text)) blocks++;
    else if (text !== '}') other++;
  }
  if (entries > 0 && blocks > 0) return 0.9;
  if (entries >= 2 && entries > other) return 0.6;
  return 0;
}

/** Guesses the family of a hook block printed without its `family` line, from the functions' names. */
function familyFromFunctions(entries: HookEntry[]): string | null {
  for (const entry of entries) {
    const fn = entry.hookFunction ?? '';
    if (/ipv6|ip6/.test(fn)) return 'ip6';
    if (/ipv4/.test(fn)) return 'ip';
  }
  return null;
}

function* parse(source: ArtifactSource, ctx: ParseContext): Generator<HookEntry> {
  const warnings = warningBudget(ctx);
  const warn = (code: string, message: string, line?: number) => warnings.warn(`nft-hooks/${code}`, message, line);
  let family: string | null = null;
  let familyBlock = false;
  let hook: OpenHook | null = null;
  let commandDevice: string | null = null;
  let sawContent = false;
  let count = 0;

  const closeHook = (): HookEntry[] => {
    if (!hook) return [];
    const done = hook;
    hook = null;
    if (done.family === null) {
      const guessed = familyFromFunctions(done.entries);
      for (const entry of done.entries) entry.family = guessed ?? '';
      warn('no-family', guessed
        ? `hook ${done.hook} block printed without its family line: family ${guessed} guessed from the hook function names`
        : `hook ${done.hook} block printed without its family line: family unknown`, done.line);
    }
    return done.entries;
  };

  let lastLine = 0;
  for (const { n, text: raw } of readLines(source)) {
    const text = unquoteLine(raw).trim();
    if (text === '') continue;
    sawContent = true;
    lastLine = n;
    if (text.length > MAX_LINE) {
      warn('line-too-long', `a ${text.length}-character line is not an nft list hooks line`, n);
      continue;
    }
    const command = promptCommand(raw);
    if (command !== null) {
      if (/\bnft\b/.test(command)) {
        ctx.meta('command', command);
        const device = /\bdevice\s+(\S+)/.exec(command);
        commandDevice = device ? device[1] : null;
      }
      continue;
    }
    if (/^# device keyword \(.*\) unexpected for this family$/.test(text)) continue;
    if (isElision(text)) {
      warn('elided', 'lines were left out here by whoever pasted the listing', n);
      continue;
    }
    let match = FAMILY_HOOK_OPEN.exec(text);
    if (match) {
      // Pre-release form: one block per family and hook, no nesting.
      yield* closeHook();
      family = match[1];
      familyBlock = false;
      hook = { family, hook: hookFromNftName(match[2]), device: match[3] ?? null, entries: [], line: n };
      continue;
    }
    match = FAMILY_OPEN.exec(text);
    if (match) {
      yield* closeHook();
      family = match[1];
      familyBlock = true;
      continue;
    }
    match = HOOK_OPEN.exec(text);
    if (match) {
      yield* closeHook();
      const name = hookFromNftName(match[1]);
      // nft 1.0.0–1.1.0 fold the netdev ingress hooks of `device D` into the queried family as a bare `hook ingress`.
      const device = match[2] ?? (name === 'INGRESS' || name === 'EGRESS' ? commandDevice : null);
      hook = { family: familyBlock ? family : null, hook: name, device, entries: [], line: n };
      continue;
    }
    if (/^}\s*;?$/.test(text)) {
      if (hook) yield* closeHook();
      else if (familyBlock) {
        familyBlock = false;
        family = null;
      } else warn('stray-brace', 'a closing brace with no open block', n);
      continue;
    }
    const devices = DEVICES.exec(text);
    if (devices && hook) {
      hook.device = devices[1].split(/[\s,]+/).filter(Boolean).join(',');
      continue;
    }
    match = ENTRY.exec(text);
    if (match) {
      if (!hook) {
        warn('entry-outside-hook', `a hook entry with no \`hook … {\` line above it: ${clip(text)}`, n);
        continue;
      }
      const magnitude = Number(match[2]);
      const priority = match[1] === '-' ? -magnitude : magnitude;
      if (priority > INT32_MAX || priority < -INT32_MAX - 1) {
        warn('bad-priority', `priority ${match[1]}${match[2]} is outside the 32-bit range`, n);
        continue;
      }
      hook.entries.push(entry(match[3] ?? '', priority, hook, n, family, warn));
      count++;
      continue;
    }
    warn('unparsed-line', `not an nft list hooks line: ${clip(text)}`, n);
  }
  if (hook || familyBlock) warn('truncated', 'the listing ends inside an open block (cut by the poster or truncated)', lastLine);
  yield* closeHook();
  if (count === 0) warn(sawContent ? 'no-entries' : 'empty', sawContent ? 'no hook entry found' : 'no nft list hooks content');
  warnings.finish();
}

/** Reads `DESC [MODULE]` after the priority into a HookEntry. */
function entry(
  rest: string,
  priority: number,
  hook: OpenHook,
  line: number,
  family: string | null,
  warn: (code: string, message: string, line?: number) => void,
): HookEntry {
  let desc = rest;
  let nftChain: HookEntry['nftChain'] = null;
  const prerelease = PRERELEASE_CHAIN.exec(desc);
  if (prerelease) {
    // `# nft table ip filter chain input` (TFAMILY TABLE) or, earlier, `# nft table filter chain input`.
    nftChain = prerelease[2] !== undefined
      ? { family: prerelease[1], table: prerelease[2], chain: prerelease[3] }
      : { family: family ?? '', table: prerelease[1], chain: prerelease[3] };
    desc = desc.slice(0, prerelease.index);
  }
  let module: string | null = null;
  const bracket = /\s*\[([^\[\]\s]+)\]\s*$/.exec(desc);
  if (bracket) {
    module = bracket[1];
    // A v1 of b98fee20 printed `[nf_tables [nf_tables]`: drop the unclosed first bracket too.
    desc = desc.slice(0, bracket.index).replace(/\s*\[[^\]]*$/, '');
  }
  desc = desc.trim();
  const result: HookEntry = {
    kind: 'hook-entry',
    line,
    family: hook.family ?? '',
    hook: hook.hook,
    priority,
    hookFunction: null,
    address: null,
    module,
    nftChain,
    device: hook.device,
    order: hook.entries.length,
  };
  const chain = /^chain\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(desc);
  const flowtable = /^flowtable\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(desc);
  const bpf = /^(\S+)\s+id\s+(\d+)$/.exec(desc);
  if (chain) result.nftChain = { family: chain[1], table: chain[2], chain: chain[3] };
  else if (flowtable) result.nftFlowtable = { family: flowtable[1], table: flowtable[2], name: flowtable[3] };
  else if (bpf) {
    result.hookFunction = bpf[1];
    result.bpfId = Number(bpf[2]);
  } else if (/^\S+$/.test(desc)) result.hookFunction = desc;
  else if (desc !== '') {
    result.hookFunction = desc;
    warn('odd-description', `hook description not in a known form: ${clip(desc)}`, line);
  }
  return result;
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** `nft list hooks` output (released and 2021 pre-release forms): one HookEntry per registered hook function. */
export const nftHooksFormat: ArtifactFormat<HookEntry> = {
  id: 'nft-hooks',
  label: 'nft list hooks',
  kind: 'text',
  probe,
  parse,
};
