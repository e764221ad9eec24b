import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { NftChain, NftRuleset, NftSet, NftTable } from '../model/ruleset';
import { readLines } from '../text/read-lines';
import { nftRuleFacts } from './nft-rule-facts';
import { resolveNftPriority } from './nft-priority';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// `nft [-a] list ruleset` (also `list table`, `list chain`):
//   table FAMILY NAME {                                   [# handle N with -a]
//     set NAME { type T; flags F,…; elements = { a, b,    (elements wrap over several lines)
//                c } }                                   (one property per line)
//     map NAME { type K : V; elements = { k : v, … } }
//     chain NAME {
//       type T hook H [device D | devices = { … }] priority P; policy Q;    (base chains only)
//       RULE … [counter packets N bytes M] … VERDICT [comment "…"]          [# handle N]
//     }
//     flowtable NAME { hook H priority P; devices = { … }; }               (skipped)
//   }
// Indentation is tabs in the original; pastes re-indent with spaces, drop the table wrapper or keep one rule.
// Ref: /work/shared/spec/formats-notes.md §7; nft(8) RULESET / TABLES / CHAINS / SETS; nftables src/rule.c
// (chain_print_declaration, set_print_declaration).

const TABLE_OPEN = /^table\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?("[^"]+"|\S+)$/;
const CHAIN_OPEN = /^chain\s+("[^"]+"|\S+)$/;
const SET_OPEN = /^(set|map)\s+("[^"]+"|\S+)$/;
const SKIPPED_OPEN = /^(flowtable|counter|quota|limit|ct\s+(?:helper|timeout|expectation)|secmark|synproxy|tunnel)\s+("[^"]+"|\S+)$/;
const BASE_CHAIN = /^type\s+(\S+)\s+hook\s+(\S+)(?:\s+device\s+"?([^";\s]+)"?|\s+devices\s*=\s*\{([^}]*)\})?(?:\s+priority\s+([^;]+))?\s*;?(.*)$/;
const HANDLE_COMMENT = /\s*#\s*handle\s+\d+\s*$/;
const NFT_COMMAND = /^(?:sudo\s+)?(?:\S*\/)?nft\b(?:\s+-\S+)*\s+list\s+(ruleset|table|chain|tables|chains|sets?|maps?)\b/;

function unquoteName(name: string): string {
  return name.startsWith('"') && name.endsWith('"') && name.length >= 2 ? name.slice(1, -1) : name;
}

function braceBalance(text: string): number {
  let balance = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '{') balance++;
    else if (!quoted && c === '}') balance--;
  }
  return balance;
}

/** The elements of `elements = { a, b, c }` as written, element options (`timeout 1h`, `counter …`) removed. */
function parseElements(text: string): string[] {
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open < 0) return [];
  const body = text.slice(open + 1, close > open ? close : text.length);
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out
    .map((e) => e.replace(/\s+(?:timeout|expires|counter|comment)\b.*$/s, '').replace(/\s+/g, ' ').trim())
    .filter((e) => e !== '');
}

function countRules(ruleset: NftRuleset): number {
  let n = 0;
  for (const table of ruleset.tables) for (const chain of table.chains) n += chain.rules.length;
  return n;
}

function probe(input: ProbeInput): number {
  if (!input.text) return 0;
  let tables = 0;
  let chains = 0;
  let baseChains = 0;
  let counters = 0;
  let sets = 0;
  let commands = 0;
  let traces = 0;
  for (const raw of input.text.split('\n', 600)) {
    const text = unquoteLine(raw).trim().replace(HANDLE_COMMENT, '');
    if (/^table\s+(?:(?:ip|ip6|inet|arp|bridge|netdev)\s+)?\S+\s*\{$/.test(text)) tables++;
    else if (/^chain\s+\S+\s*\{$/.test(text)) chains++;
    else if (/^type\s+\w+\s+hook\s+\w+\b.*\bpriority\b/.test(text)) baseChains++;
    else if (/^(?:set|map)\s+\S+\s*\{$/.test(text) || /^elements\s*=\s*\{/.test(text)) sets++;
    else if (/^trace id /.test(text)) traces++;
    else if (/\bcounter packets \d+ bytes \d+/.test(text)) counters++;
    const command = promptCommand(raw);
    if (command && NFT_COMMAND.test(command)) commands++;
  }
  // nft monitor trace lines quote whole rules (`… rule ip saddr … counter packets 0 bytes 0 drop (verdict drop)`).
  if (traces > 0 && traces >= counters) return 0;
  if (tables > 0 && (chains > 0 || sets > 0)) return 0.9;
  if (baseChains > 0 && chains > 0) return 0.85;
  if (commands > 0 && (counters > 0 || chains > 0)) return 0.8;
  if (chains > 0 && counters > 0) return 0.75;
  if (tables > 0) return 0.6;
  if (counters >= 2) return 0.4;
  return 0;
}

type Frame =
  | { kind: 'table'; table: NftTable }
  | { kind: 'chain'; table: NftTable; chain: NftChain }
  | { kind: 'set'; set: NftSet }
  | { kind: 'skip' };

function* parse(source: ArtifactSource, ctx: ParseContext): Generator<NftRuleset> {
  const warnings = warningBudget(ctx);
  const warn = (code: string, message: string, line?: number) => warnings.warn(`nft-ruleset/${code}`, message, line);
  let ruleset: NftRuleset | null = null;
  const stack: Frame[] = [];
  let headless: NftTable | null = null;
  let headlessChain: NftChain | null = null;
  /** A statement whose braces are still open (`elements = { a, b,` wrapped over lines), and its brace count. */
  let pending = '';
  let pendingBalance = 0;
  let pendingLine = 0;
  let sawContent = false;
  /** Rulesets complete before the end of the file (a second paste), waiting to be yielded. */
  const finished: NftRuleset[] = [];

  const current = (): NftRuleset => {
    ruleset ??= { kind: 'nft-ruleset', line: pendingLine, tables: [] };
    return ruleset;
  };
  const top = (): Frame | undefined => stack[stack.length - 1];
  const headlessTable = (line: number): NftTable => {
    if (!headless) {
      headless = { family: '', name: '', line, chains: [], sets: [] };
      current().tables.push(headless);
      warn('no-table', 'chains or rules outside a `table … {` block (a pasted fragment): kept under a table with no family and name', line);
    }
    return headless;
  };

  const statement = (text: string, line: number) => {
    const frame = top();
    if (/^}\s*;?$/.test(text)) {
      if (!stack.pop()) warn('stray-brace', 'a closing brace with no open block', line);
      return;
    }
    if (text.endsWith('{')) {
      const head = text.slice(0, -1).trim();
      const table = TABLE_OPEN.exec(head);
      if (table) {
        stack.length = 0;
        const family = table[1] ?? 'ip'; // nft's default family when none is written
        const name = unquoteName(table[2]);
        if (ruleset && ruleset.tables.some((t) => t.family === family && t.name === name)) {
          // `nft list ruleset` prints a table once: seeing it again means a second paste in the same file.
          flushRuleset();
        }
        const opened: NftTable = { family, name, line, chains: [], sets: [] };
        current().tables.push(opened);
        stack.push({ kind: 'table', table: opened });
        return;
      }
      const chainOpen = CHAIN_OPEN.exec(head);
      if (chainOpen && (!frame || frame.kind === 'table')) {
        const owner = frame?.kind === 'table' ? frame.table : headlessTable(line);
        const chain: NftChain = { name: unquoteName(chainOpen[1]), line, type: null, hook: null, priority: null, priorityText: null, device: null, policy: null, rules: [] };
        owner.chains.push(chain);
        stack.push({ kind: 'chain', table: owner, chain });
        return;
      }
      const setOpen = SET_OPEN.exec(head);
      if (setOpen && (!frame || frame.kind === 'table')) {
        const owner = frame?.kind === 'table' ? frame.table : headlessTable(line);
        const set: NftSet = { name: unquoteName(setOpen[2]), line, type: null, flags: [], elements: [] };
        owner.sets.push(set);
        stack.push({ kind: 'set', set });
        return;
      }
      const skipped = SKIPPED_OPEN.exec(head);
      if (skipped || frame?.kind === 'skip') {
        // Flowtables do not filter; named stateful objects (counter, quota, ct helper…) are not rules.
        if (skipped && skipped[1] !== 'flowtable' && frame?.kind !== 'skip') warn('object-skipped', `${head} is not read (named ${skipped[1]} object)`, line);
        stack.push({ kind: 'skip' });
        return;
      }
      warn('unparsed-block', `block not understood, skipped: ${clip(head)}`, line);
      stack.push({ kind: 'skip' });
      return;
    }
    if (!frame || frame.kind === 'table') {
      if (frame?.kind === 'table' && /^(?:flags|comment)\b/.test(text)) return;
      if (/^(?:define|include|flush|add|delete|insert|replace|create)\b/.test(text)) {
        warn('unparsed-line', `an nft command or script line, not list output: ${clip(text)}`, line);
        return;
      }
      // A rule pasted on its own (no chain around it).
      const owner = frame?.kind === 'table' ? frame.table : headlessTable(line);
      if (!headlessChain || !owner.chains.includes(headlessChain)) {
        headlessChain = { name: '', line, type: null, hook: null, priority: null, priorityText: null, device: null, policy: null, rules: [] };
        owner.chains.push(headlessChain);
        warn('no-chain', 'rules outside a `chain … {` block: kept in a chain with no name', line);
      }
      addRule(headlessChain, text, line);
      return;
    }
    if (frame.kind === 'skip') return;
    if (frame.kind === 'set') {
      setProperty(frame.set, text, line);
      return;
    }
    const chain = frame.chain;
    const base = BASE_CHAIN.exec(text);
    if (base) {
      chain.type = base[1];
      chain.hook = base[2];
      chain.device = base[3] ?? (base[4] !== undefined ? base[4].split(',').map((d) => d.trim().replace(/^"|"$/g, '')).filter(Boolean).join(',') : null);
      if (base[5] !== undefined) {
        chain.priorityText = base[5].trim();
        chain.priority = resolveNftPriority(chain.priorityText, frame.table.family);
        if (chain.priority === null) warn('unknown-priority', `priority "${chain.priorityText}" is not a number or a standard name`, line);
      }
      const policy = /\bpolicy\s+(\w+)/.exec(base[6]);
      if (policy) chain.policy = policy[1];
      return;
    }
    const policyOnly = /^policy\s+(\w+)\s*;?$/.exec(text);
    if (policyOnly) {
      chain.policy = policyOnly[1];
      return;
    }
    if (/^comment\s+"[^"]*"\s*;?$/.test(text)) return; // a chain comment (nft ≥0.9.7), not a rule
    addRule(chain, text, line);
  };

  const addRule = (chain: NftChain, text: string, line: number) => {
    const handle = text.includes('#') ? /#\s*handle\s+(\d+)\s*$/.exec(text) : null;
    const printed = handle ? text.replace(HANDLE_COMMENT, '') : text;
    const facts = nftRuleFacts(printed);
    chain.rules.push({
      line,
      text: printed,
      handle: handle ? Number(handle[1]) : null,
      counters: facts.counters,
      verdict: facts.verdict,
      target: facts.target,
      comment: facts.comment,
    });
  };

  const setProperty = (set: NftSet, text: string, line: number) => {
    const body = text.replace(/;\s*$/, '');
    const type = /^type\s+(.+)$/.exec(body);
    if (type) {
      set.type = type[1].trim();
      return;
    }
    if (/^typeof\s+/.test(body)) {
      set.type = body;
      return;
    }
    const flags = /^flags\s+(.+)$/.exec(body);
    if (flags) {
      set.flags = flags[1].split(/[\s,]+/).filter(Boolean);
      return;
    }
    if (/^elements\s*=/.test(body)) {
      set.elements.push(...parseElements(body));
      return;
    }
    if (/^(?:size|timeout|gc-interval|policy|auto-merge|counter|comment)\b/.test(body)) return;
    warn('unparsed-line', `set property not understood: ${clip(text)}`, line);
  };

  const flushRuleset = () => {
    if (ruleset && ruleset.tables.length > 0) finished.push(ruleset);
    ruleset = null;
    headless = null;
    headlessChain = null;
    stack.length = 0;
  };

  for (const { n, text: raw } of readLines(source)) {
    const text = unquoteLine(raw).trim();
    if (pending !== '') {
      // Inside a wrapped `elements = { …` (or any statement whose braces are still open).
      pending += ` ${text}`;
      pendingBalance += braceBalance(text);
      if (pendingBalance <= 0) {
        statement(pending, pendingLine);
        pending = '';
      }
      continue;
    }
    if (text === '') continue;
    sawContent = true;
    const command = promptCommand(raw);
    if (command !== null) {
      if (NFT_COMMAND.test(command)) {
        ctx.meta('command', command);
        flushRuleset();
      }
      continue;
    }
    if (isElision(text)) {
      warn('elided', 'lines were left out here by whoever pasted the ruleset', n);
      continue;
    }
    // `# Warning: table ip filter is managed by iptables-nft, do not touch!` (nft ≥1.0.x) and other comments.
    if (text.startsWith('#')) continue;
    pendingLine = n;
    const cleaned = text.includes('#') ? text.replace(HANDLE_COMMENT, '') : text;
    const isOpener = cleaned.endsWith('{') && /^(?:table|chain|set|map|flowtable|counter|quota|limit|ct|secmark|synproxy|tunnel)\b/.test(cleaned);
    // Only element and device lists wrap over lines in nft's output; an unbalanced rule stays one statement.
    const balance = isOpener ? 0 : braceBalance(cleaned);
    if (balance > 0 && /^(?:elements|devices)\s*=\s*\{/.test(cleaned)) {
      pending = text;
      pendingBalance = balance;
      continue;
    }
    statement(isOpener ? cleaned : text, n);
    while (finished.length > 0) yield finished.shift() as NftRuleset;
  }
  const cutStatement = pending !== '';
  if (cutStatement) statement(pending, pendingLine);
  if (cutStatement || stack.length > 0) {
    const open = stack.length > 0 ? `${stack.length} open block(s)` : 'an open `{ …`';
    warn('truncated', `the file ends inside ${open} (truncated?)`, pendingLine);
  }
  flushRuleset();
  while (finished.length > 0) yield finished.shift() as NftRuleset;
  if (!sawContent) warn('empty', 'empty: no nft ruleset (nft list ruleset prints nothing when no table exists)');
  warnings.finish();
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** `nft list ruleset` output (with or without -a): one NftRuleset per listing. */
export const nftRulesetFormat: ArtifactFormat<NftRuleset> = {
  id: 'nft-ruleset',
  label: 'nft list ruleset',
  kind: 'text',
  probe,
  parse,
  count: countRules,
};
