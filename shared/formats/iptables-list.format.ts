import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { Counters, IptChain, IptRule, IptTable, IptablesRuleset } from '../model/ruleset';
import { readLines } from '../text/read-lines';
import { guessIptablesTable } from './iptables-table-guess';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// `iptables -L -n [-v] [-x] [--line-numbers] [-t TABLE] [CHAIN]` (and ip6tables, iptables-legacy/-nft):
//   Chain NAME (policy P[ N packets, M bytes])  |  Chain NAME (N references)
//   [num] [pkts bytes] target prot opt [in out] source destination      (column header, trailing spaces)
//   rows: counters right-aligned with K/M/G/T suffixes (×1000, rounded) unless -x; an empty target column for
//   rules without -j; `!` glued to negated prot/in/out/source/destination; opt is `--`, `-f` or `!f`; the match and
//   target text follows the destination column (`udp dpt:53 to:192.168.5.2:62883`, `[goto] ` for -g).
// iptables-nft may print `# Warning: iptables-legacy tables present, use iptables-legacy to see them` first.
// Ref: iptables iptables/iptables.c print_firewall/print_header, libxtables xtables_print_num;
// /work/shared/spec/formats-notes.md §6.

const CHAIN_LINE = /^Chain (\S+) \((?:policy (\S+)(?: (\d+[KMGTP]?) packets, (\d+[KMGTP]?) bytes)?|(\d+) references?)\)$/;
const HEADER_LINE = /^(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination$/;
const LEGACY_WARNING = /^# Warning: iptables-legacy tables present/;
const COUNT = /^(\d+)([KMGTP]?)$/;
const OPT = /^[-!][-f]$/;
const LIST_COMMAND = /\b(ip6?tables(?:-legacy|-nft)?)\b.*(?:\s-[a-zA-Z]*L|\s--list\b)/;

/** Longer lines cannot be an iptables -L row (a paste accident or a binary file): warned and skipped, not scanned. */
const MAX_LINE = 65536;

/** Which columns the rows have, from the header row (or guessed from the row itself when there is none). */
interface Layout {
  num: boolean;
  counters: boolean;
  via: boolean;
}

/** A K/M/G-suffixed counter: xtables_print_num divides by 1000 (rounding) for each step. */
function parseCount(text: string): number | null {
  const match = COUNT.exec(text);
  if (!match) return null;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[match[2]] ?? 1;
  return Number(match[1]) * scale;
}

function anyAddress(text: string): boolean {
  return text === '0.0.0.0/0' || text === '::/0' || text === 'anywhere';
}

/** Words of a row with their start offsets, so the text after the destination column keeps its spacing. */
function words(text: string): Array<{ word: string; start: number }> {
  const out: Array<{ word: string; start: number }> = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ word: m[0], start: m.index });
  return out;
}

/** Parses one rule row; null when the row does not have the columns the layout asks for. */
function parseRow(text: string, layout: Layout | null, chain: string, position: number, line: number): IptRule | null {
  const w = words(text);
  let lead = 0;
  while (lead < 3 && lead < w.length && COUNT.test(w[lead].word)) lead++;
  const use: Layout = layout ?? { num: lead === 1 || lead === 3, counters: lead >= 2, via: lead >= 2 };
  let i = (use.num ? 1 : 0) + (use.counters ? 2 : 0);
  // The target column is blank for a rule without -j: then opt comes one word earlier.
  let optAt = -1;
  if (OPT.test(w[i + 2]?.word ?? '')) optAt = i + 2;
  else if (OPT.test(w[i + 1]?.word ?? '')) optAt = i + 1;
  if (optAt < 0) return null;
  const last = optAt + (use.via ? 4 : 2);
  if (w.length <= last) return null;
  const num = use.num ? Number(w[0].word) : position;
  if (!Number.isFinite(num)) return null;
  let counters: Counters | null = null;
  if (use.counters) {
    const packets = parseCount(w[use.num ? 1 : 0].word);
    const bytes = parseCount(w[use.num ? 2 : 1].word);
    if (packets === null || bytes === null) return null;
    counters = { packets, bytes };
  }
  const target = optAt === i + 2 ? w[i].word : '';
  i = optAt - 1;
  const prot = w[i].word;
  const opt = w[optAt].word;
  const inIf = use.via ? w[optAt + 1].word : '*';
  const outIf = use.via ? w[optAt + 2].word : '*';
  const src = w[last - 1].word;
  const dst = w[last].word;
  let extra = w.length > last + 1 ? text.slice(w[last + 1].start).trim() : '';
  const goto = extra.startsWith('[goto]');
  if (goto) extra = extra.slice('[goto]'.length).trim();
  const columns = [target, prot, opt, ...(use.via ? [inIf, outIf] : []), src, dst];
  return {
    line,
    text: [...columns.filter((c) => c !== ''), ...(goto ? ['[goto]'] : []), ...(extra ? [extra] : [])].join(' '),
    chain,
    num,
    counters,
    source: anyAddress(src) ? null : src,
    destination: anyAddress(dst) ? null : dst,
    protocol: prot === 'all' || prot === '0' ? null : prot,
    inInterface: inIf === '*' ? null : inIf,
    outInterface: outIf === '*' ? null : outIf,
    fragment: opt[1] === 'f' ? opt[0] !== '!' : null,
    // -L prints match and target options as one run of text that cannot be split back reliably.
    matches: extra ? [{ module: '', options: { text: extra } }] : [],
    target: target === '' ? null : target,
    goto,
    targetOptions: {},
  };
}

function countRules(ruleset: IptablesRuleset): number {
  let n = 0;
  for (const table of ruleset.tables) for (const chain of table.chains) n += chain.rules.length;
  return n;
}

function probe(input: ProbeInput): number {
  if (!input.text) return 0;
  let chains = 0;
  let headers = 0;
  for (const raw of input.text.split('\n', 400)) {
    const text = unquoteLine(raw).trim();
    if (CHAIN_LINE.test(text)) chains++;
    else if (HEADER_LINE.test(text)) headers++;
  }
  if (chains > 0 && headers > 0) return 0.85;
  if (chains >= 2) return 0.6;
  if (headers > 0) return 0.5;
  return 0;
}

/** A table being read: its chains by name, and whether its name came from the command (`-t`) or must be guessed. */
interface OpenTable {
  table: IptTable;
  chains: Map<string, IptChain>;
  named: boolean;
}

function* parse(source: ArtifactSource, ctx: ParseContext): Generator<IptablesRuleset> {
  const warnings = warningBudget(ctx);
  const warn = (code: string, message: string, line?: number) => warnings.warn(`iptables-list/${code}`, message, line);
  let ruleset: IptablesRuleset | null = null;
  let tables: OpenTable[] = [];
  let table: OpenTable | null = null;
  let chain: IptChain | null = null;
  let layout: Layout | null = null;
  let commandTable: string | null = null;
  let commandFamily: 'ipv4' | 'ipv6' | null = null;
  let pendingWarning = false;
  let sawContent = false;

  const finish = (done: IptablesRuleset, open: OpenTable[]): IptablesRuleset => {
    for (const t of open) {
      if (t.named) continue;
      const targets = t.table.chains.flatMap((c) => c.rules.map((r) => r.target ?? ''));
      const guess = guessIptablesTable(t.chains.keys(), targets);
      t.table.name = guess.table;
      if (!guess.sure) warn('table-guessed', `the listing does not name its table: read as ${guess.table}, a guess (${guess.why})`, t.table.line);
    }
    if (!commandFamily) {
      const rules = done.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
      if (rules.some((r) => (r.source ?? '').includes(':') || (r.destination ?? '').includes(':'))) done.family = 'ipv6';
    }
    return done;
  };

  const startRuleset = (line: number): IptablesRuleset => {
    const created: IptablesRuleset = {
      kind: 'iptables-ruleset',
      family: commandFamily ?? 'ipv4',
      // Only iptables-nft prints the legacy-tables warning (nft_check_xt_legacy), so it tells the backend.
      backend: pendingWarning ? 'nft' : null,
      version: null,
      generatedAt: null,
      legacyTablesPresent: pendingWarning,
      line,
      tables: [],
    };
    pendingWarning = false;
    tables = [];
    table = null;
    return created;
  };

  const startTable = (line: number): OpenTable => {
    const opened: OpenTable = { table: { name: commandTable ?? '', line, chains: [] }, chains: new Map(), named: commandTable !== null };
    tables.push(opened);
    (ruleset as IptablesRuleset).tables.push(opened.table);
    return opened;
  };

  for (const { n, text: raw } of readLines(source)) {
    const text = unquoteLine(raw).trim();
    if (text === '') continue;
    sawContent = true;
    if (text.length > MAX_LINE) {
      warn('line-too-long', `a ${text.length}-character line is not an iptables -L line`, n);
      continue;
    }
    const command = promptCommand(raw);
    if (command !== null) {
      const listing = LIST_COMMAND.exec(command);
      if (listing) {
        ctx.meta('command', command);
        const family = listing[1].startsWith('ip6') ? 'ipv6' : 'ipv4';
        const tableArg = /(?:^|\s)(?:-t\s*|--table[= ])(\w+)/.exec(command);
        commandTable = tableArg ? tableArg[1] : 'filter';
        if (ruleset && (family !== ruleset.family || tables.some((t) => t.table.name === commandTable))) {
          yield finish(ruleset, tables);
          ruleset = null;
        }
        commandFamily = family;
        table = null;
        chain = null;
      }
      continue;
    }
    if (LEGACY_WARNING.test(text)) {
      if (ruleset) {
        ruleset.legacyTablesPresent = true;
        ruleset.backend = 'nft';
      } else pendingWarning = true;
      continue;
    }
    // `shorewall show CHAIN` wraps the listing in a banner and a counters-reset line.
    const shorewall = /^Shorewall (\S+) Chain \S+ at (\S+) - (.+)$/.exec(text);
    if (shorewall) {
      ctx.meta('shorewall', shorewall[1]);
      ctx.meta('host', shorewall[2]);
      ctx.meta('listedAt', shorewall[3]);
      continue;
    }
    const reset = /^Counters reset (.+)$/.exec(text);
    if (reset) {
      ctx.meta('countersReset', reset[1]);
      continue;
    }
    if (isElision(text)) {
      warn('elided', 'lines were left out here by whoever pasted the listing', n);
      continue;
    }
    const chainLine = CHAIN_LINE.exec(text);
    if (chainLine) {
      const [, name, policy, packets, bytes] = chainLine;
      if (table && table.chains.has(name)) {
        // The same chain again: a second listing (before / after) in the same file.
        yield finish(ruleset as IptablesRuleset, tables);
        ruleset = null;
      }
      ruleset ??= startRuleset(n);
      table ??= startTable(n);
      const p = packets === undefined ? null : parseCount(packets);
      const b = bytes === undefined ? null : parseCount(bytes);
      chain = { name, policy: policy ?? null, counters: p !== null && b !== null ? { packets: p, bytes: b } : null, line: n, rules: [] };
      table.chains.set(name, chain);
      table.table.chains.push(chain);
      layout = null;
      continue;
    }
    const header = HEADER_LINE.exec(text);
    if (header) {
      layout = { num: header[1] !== undefined, counters: header[2] !== undefined, via: header[3] !== undefined };
      continue;
    }
    if (chain) {
      const rule = parseRow(text, layout, chain.name, chain.rules.length + 1, n);
      if (rule) {
        chain.rules.push(rule);
        continue;
      }
    }
    warn('unparsed-line', `not an iptables -L line: ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`, n);
  }
  if (ruleset) yield finish(ruleset, tables);
  else warn(sawContent ? 'no-chains' : 'empty', sawContent ? 'no `Chain …` line found' : 'no iptables -L content');
  warnings.finish();
}

/** `iptables -L -n [-v] [-x] [--line-numbers]` listings: one IptablesRuleset per listing run. */
export const iptablesListFormat: ArtifactFormat<IptablesRuleset> = {
  id: 'iptables-list',
  label: 'iptables -L -n -v listing',
  kind: 'text',
  probe,
  parse,
  count: countRules,
};
