import type { NftChain, NftRule, NftSet, NftTable } from '../model/ruleset';
import { addressMatches, isLoopback } from './ip-address';
import type { PacketView } from './packet-view';
import { triAnd, triNot, type ChainOutcome, type RuleStep, type Tri } from './rule-outcome';

// Walks a packet through an nftables base chain the way nft_do_chain does: rules in order, jump/goto/return,
// the base chain's policy at the end. Only the expressions whose inputs are in the artifacts are decided;
// anything else is 'unknown' and a verdict behind it becomes a doubt.

/** Splits rule text into tokens, keeping `{ … }` sets and quoted strings whole. */
export function tokenizeNft(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i);
      const stop = end === -1 ? text.length : end + 1;
      tokens.push(text.slice(i, stop));
      i = stop;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end === -1 ? text.length : end + 1;
      tokens.push(text.slice(i, stop));
      i = stop;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ' ' && text[j] !== '\t') j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function listValues(token: string): string[] {
  const inner = token.startsWith('{') ? token.slice(1, -1) : token;
  return inner.split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean);
}

const ops = new Set(['==', '!=', 'eq', 'ne']);
const flagBits: Record<string, number> = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ecn: 64, cwr: 128 };
const icmpTypes: Record<string, number> = { 'echo-reply': 0, 'destination-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11, 'nd-neighbor-solicit': 135, 'nd-neighbor-advert': 136 };

interface Ctx {
  view: PacketView;
  sets: NftSet[];
}

function setElements(ctx: Ctx, ref: string): string[] | null {
  const set = ctx.sets.find((s) => s.name === ref.slice(1));
  return set ? set.elements : null;
}

/** Compares one value against a right-hand side: literal, `{ list }`, range `a-b`, or `@set`. */
function compare(ctx: Ctx, actual: string | number | null, rhs: string, kind: 'addr' | 'port' | 'word'): Tri {
  if (actual === null) return { unknown: `value for ${rhs}` };
  let values: string[];
  if (rhs.startsWith('@')) {
    const elements = setElements(ctx, rhs);
    if (!elements) return { unknown: `set ${rhs} not in the ruleset` };
    values = elements;
  } else values = listValues(rhs);
  let anyUnknown = false;
  for (const v of values) {
    if (kind === 'addr') {
      const m = addressMatches(String(actual), v);
      if (m === null) anyUnknown = true;
      else if (m) return true;
    } else if (kind === 'port') {
      const [lo, hi] = v.split('-').map(Number);
      if (Number.isNaN(lo)) {
        anyUnknown = true;
        continue;
      }
      const n = Number(actual);
      if (n >= lo && n <= (hi ?? lo)) return true;
    } else if (v.toLowerCase() === String(actual).toLowerCase()) return true;
  }
  return anyUnknown ? { unknown: `cannot compare with ${rhs}` } : false;
}

const serviceNames: Record<string, string> = { ssh: '22', http: '80', https: '443', domain: '53', ntp: '123', smtp: '25' };

/** Evaluates the match expressions of one rule; returns the match result, and the verdict statement if any. */
export function matchNftRule(rule: NftRule, view: PacketView, sets: NftSet[], family: string): Tri {
  const ctx: Ctx = { view, sets };
  const t = tokenizeNft(rule.text);
  const results: Tri[] = [];
  if (family === 'ip' && view.family !== 'ip') return false;
  if (family === 'ip6' && view.family !== 'ip6') return false;
  let i = 0;
  const rhs = (): { neg: boolean; value: string } => {
    let neg = false;
    if (ops.has(t[i])) {
      neg = t[i] === '!=' || t[i] === 'ne';
      i++;
    }
    const value = (t[i++] ?? '').replace(/^"|"$/g, '');
    return { neg, value: serviceNames[value] ?? value };
  };
  const push = (neg: boolean, r: Tri) => results.push(neg ? triNot(r) : r);
  while (i < t.length) {
    const a = t[i];
    const b = t[i + 1];
    if ((a === 'ip' || a === 'ip6') && (b === 'saddr' || b === 'daddr')) {
      i += 2;
      if ((a === 'ip') !== (view.family === 'ip')) {
        results.push(false);
        rhs();
        continue;
      }
      const { neg, value } = rhs();
      push(neg, compare(ctx, b === 'saddr' ? view.src : view.dst, value, 'addr'));
    } else if ((a === 'ip' && b === 'protocol') || (a === 'meta' && b === 'l4proto') || (a === 'ip6' && b === 'nexthdr')) {
      i += 2;
      const { neg, value } = rhs();
      push(neg, compare(ctx, view.proto, value, 'word'));
    } else if ((a === 'tcp' || a === 'udp' || a === 'th' || a === 'sctp') && (b === 'sport' || b === 'dport')) {
      i += 2;
      const protoOk: Tri = a === 'th' ? view.proto === 'tcp' || view.proto === 'udp' || view.proto === 'sctp' : view.proto === a;
      const { neg, value } = rhs();
      const port = b === 'sport' ? view.sport : view.dport;
      results.push(protoOk === false ? false : neg ? triNot(compare(ctx, port, value, 'port')) : compare(ctx, port, value, 'port'));
    } else if (a === 'tcp' && b === 'flags') {
      i += 2;
      if (view.proto !== 'tcp') {
        results.push(false);
        while (i < t.length && !/^(accept|drop|reject|counter|log|jump|goto|return|continue|queue|comment)$/.test(t[i])) i++;
        continue;
      }
      // Forms: `tcp flags syn` / `tcp flags == syn` / `tcp flags & (syn|ack) == syn` / `tcp flags syn / syn,ack`.
      const rest: string[] = [];
      while (i < t.length && !/^(accept|drop|reject|counter|log|jump|goto|return|continue|queue|comment|ct|ip|ip6|tcp|udp|meta|iif|oif|iifname|oifname)$/.test(t[i])) rest.push(t[i++]);
      const text = rest.join(' ');
      const bits = (s: string) => s.replace(/[()]/g, '').split(/[|,\s]+/).filter(Boolean).reduce((m, f) => m | (flagBits[f] ?? 0), 0);
      const flags = view.tcpFlags;
      if (flags === null) results.push({ unknown: 'TCP flags' });
      else if (/^&/.test(text)) {
        const m = /^&\s*(.+?)\s*(==|!=)\s*(.+)$/.exec(text);
        results.push(m ? ((flags & bits(m[1])) === bits(m[3])) === (m[2] === '==') : { unknown: `tcp flags ${text}` });
      } else if (text.includes('/')) {
        const [want, mask] = text.split('/');
        results.push((flags & bits(mask)) === bits(want));
      } else {
        const exact = text.startsWith('==');
        const want = bits(text.replace(/^(==|!=)/, ''));
        results.push(exact ? flags === want : text.startsWith('!=') ? (flags & want) === 0 : (flags & want) !== 0);
      }
    } else if (a === 'ct' && (b === 'state' || b === 'status')) {
      i += 2;
      const { neg, value } = rhs();
      if (b === 'status') results.push({ unknown: 'ct status' });
      else push(neg, view.ctState === null ? { unknown: 'conntrack state' } : compare(ctx, view.ctState.toLowerCase(), value, 'word'));
    } else if (a === 'iif' || a === 'iifname' || a === 'oif' || a === 'oifname' || (a === 'meta' && /^(iif|oif|iifname|oifname)$/.test(b))) {
      i += a === 'meta' ? 2 : 1;
      const isIn = (a === 'meta' ? b : a).startsWith('i');
      const { neg, value } = rhs();
      const actual = isIn ? view.inIface : view.outIface;
      const r: Tri = actual !== null ? compare(ctx, actual, value, 'word') : value === 'lo' ? isLoopback(view.src) || isLoopback(view.dst) : { unknown: `interface ${value}` };
      push(neg, r);
    } else if ((a === 'icmp' || a === 'icmpv6') && (b === 'type' || b === 'code')) {
      i += 2;
      const { neg, value } = rhs();
      const protoOk = view.proto === a;
      const actual = b === 'type' ? view.icmpType : view.icmpCode;
      const mapped = listValues(value).map((v) => String(icmpTypes[v] ?? v)).join(',');
      results.push(!protoOk ? false : neg ? triNot(compare(ctx, actual, `{${mapped}}`, 'word')) : compare(ctx, actual, `{${mapped}}`, 'word'));
    } else if (a === 'meta' && b === 'nfproto') {
      i += 2;
      const { neg, value } = rhs();
      push(neg, compare(ctx, view.family === 'ip' ? 'ipv4' : 'ipv6', value, 'word'));
    } else if (a === 'counter') {
      i++;
      if (t[i] === 'packets') i += 4;
    } else if (a === 'log' || a === 'limit' || a === 'comment' || a === 'prefix' || a === 'level' || a === 'flags' || a === 'rate' || a === 'burst') {
      // Statements that do not decide (limit is treated as passing; it has no state in any artifact).
      i++;
      if (a === 'comment' || a === 'prefix' || a === 'level' || a === 'burst' || a === 'flags') i++;
      if (a === 'rate') {
        i++;
        if (t[i] === 'over') i++;
      }
    } else if (/^(accept|drop|reject|queue|continue|return|jump|goto|with|tcp|icmp|icmpx|reset|type|admin-prohibited|port-unreachable|host-unreachable|host-prohibited|net-unreachable)$/.test(a) && isVerdictTail(t, i)) {
      break;
    } else if (a === 'meta' && b === 'nftrace') {
      i += 4;
    } else {
      results.push({ unknown: `expression "${t.slice(i, i + 3).join(' ')}"` });
      break;
    }
  }
  return triAnd(results);
}

function isVerdictTail(t: string[], i: number): boolean {
  return /^(accept|drop|reject|queue|continue|return|jump|goto)$/.test(t[i]) || t.slice(i).some((x) => /^(accept|drop|reject)$/.test(x));
}

function verdictOf(rule: NftRule): string | null {
  if (rule.verdict) return rule.verdict.toLowerCase();
  const m = /\b(accept|drop|reject|queue|return|jump|goto|continue)\b(?:\s+(\S+))?/.exec(rule.text);
  return m ? m[1] : null;
}

/** Walks `view` through nft `chain` of `table`: jumps, gotos, returns, policy. */
export function evaluateNftChain(table: NftTable, chain: NftChain, view: PacketView): ChainOutcome {
  const steps: RuleStep[] = [];
  const doubts: RuleStep[] = [];
  const visiting = new Set<string>();
  const walk = (c: NftChain): ChainOutcome | 'return' | null => {
    if (visiting.has(c.name)) return null;
    visiting.add(c.name);
    try {
      for (const rule of c.rules) {
        const matched = matchNftRule(rule, view, table.sets, table.family);
        const verdict = verdictOf(rule);
        const step: RuleStep = { chain: c.name, rule, matched, action: verdict ?? '(no verdict)' };
        steps.push(step);
        if (matched === false || verdict === null || verdict === 'continue') continue;
        if (matched !== true) {
          doubts.push(step);
          continue;
        }
        if (verdict === 'accept') return { verdict: 'ACCEPT', chain: c.name, rule, byPolicy: false, doubts, steps };
        if (verdict === 'drop') return { verdict: 'DROP', chain: c.name, rule, byPolicy: false, doubts, steps };
        if (verdict === 'reject') return { verdict: 'REJECT', chain: c.name, rule, byPolicy: false, doubts, steps };
        if (verdict === 'queue') return { verdict: 'QUEUE', chain: c.name, rule, byPolicy: false, doubts, steps };
        if (verdict === 'return') return 'return';
        const target = rule.target ?? /\b(?:jump|goto)\s+(\S+)/.exec(rule.text)?.[1] ?? null;
        const sub = table.chains.find((x) => x.name === target);
        if (!sub) {
          doubts.push(step);
          continue;
        }
        const r = walk(sub);
        if (r && r !== 'return') return r;
        if (verdict === 'goto') return 'return';
      }
      return null;
    } finally {
      visiting.delete(c.name);
    }
  };
  const r = walk(chain);
  if (r && r !== 'return') return r;
  const policy = (chain.policy ?? 'accept').toUpperCase();
  steps.push({ chain: chain.name, rule: null, matched: true, action: `policy ${policy}` });
  return { verdict: policy === 'DROP' ? 'DROP' : 'ACCEPT', chain: chain.name, rule: null, byPolicy: true, doubts, steps };
}
