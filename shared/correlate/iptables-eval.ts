import type { IptablesRuleset, IptChain, IptMatch, IptRule, IptTable } from '../model/ruleset';
import { addressMatches, isLoopback } from './ip-address';
import type { PacketView } from './packet-view';
import { triAnd, triNot, type ChainOutcome, type RuleStep, type Tri } from './rule-outcome';

// Walks a packet through an iptables table the way ipt_do_table does: rules in order, jumps into user chains,
// RETURN back, the built-in chain's policy at the end. Matches the artifacts cannot decide are 'unknown' and a
// terminating rule behind an unknown match becomes a doubt, never a guess.

const terminating = new Set(['ACCEPT', 'DROP', 'REJECT', 'QUEUE', 'NFQUEUE']);
// Targets that change nothing about the packet's fate and let it go on to the next rule.
const nonTerminating = new Set(['LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'TRACE', 'AUDIT', 'CT', 'NOTRACK', 'TOS', 'DSCP', 'TTL', 'HL', 'CLASSIFY', 'SET', 'CHECKSUM', 'TCPMSS', 'SECMARK', 'CONNSECMARK', 'IDLETIMER', 'LED', 'TEE']);
const natTargets = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);

function negated(value: string): [boolean, string] {
  return value.startsWith('!') ? [true, value.slice(1).trim()] : [false, value];
}

function matchAddress(spec: string | null, address: string): Tri {
  if (spec === null) return true;
  const [neg, value] = negated(spec);
  const m = addressMatches(address, value);
  if (m === null) return { unknown: `address ${value}` };
  return neg ? !m : m;
}

function matchProtocol(spec: string | null, view: PacketView): Tri {
  if (spec === null) return true;
  const [neg, value] = negated(spec.toLowerCase());
  const m = value === 'all' || value === '0' || value === view.proto || (value === 'ipv6-icmp' && view.proto === 'icmpv6') || (value === '6' && view.proto === 'tcp') || (value === '17' && view.proto === 'udp') || (value === '1' && view.proto === 'icmp');
  return neg ? !m : m;
}

function matchIface(spec: string | null, actual: string | null, view: PacketView): Tri {
  if (spec === null) return true;
  const [neg, value] = negated(spec);
  let m: Tri;
  if (actual !== null) m = value.endsWith('+') ? actual.startsWith(value.slice(0, -1)) : actual === value;
  else if (value === 'lo') m = isLoopback(view.src) || isLoopback(view.dst);
  else m = { unknown: `interface ${value}` };
  return neg ? triNot(m) : m;
}

function inPortSpec(port: number, spec: string): boolean {
  return spec.split(',').some((part) => {
    const [lo, hi] = part.split(':');
    const a = lo === '' ? 0 : Number(lo);
    const b = hi === undefined ? a : hi === '' ? 65535 : Number(hi);
    return port >= a && port <= b;
  });
}

const flagBits: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128, ALL: 255, NONE: 0 };

function flagMask(text: string): number {
  return text.split(',').reduce((m, f) => m | (flagBits[f.toUpperCase()] ?? 0), 0);
}

function matchModule(match: IptMatch, view: PacketView): Tri {
  const results: Tri[] = [];
  for (const [rawKey, value] of Object.entries(match.options)) {
    const neg = rawKey.startsWith('!');
    const key = neg ? rawKey.slice(1) : rawKey;
    let r: Tri;
    switch (key) {
      case '--dport':
      case '--destination-port':
      case '--dports':
      case '--destination-ports':
        r = view.dport === null ? { unknown: 'destination port' } : inPortSpec(view.dport, value);
        break;
      case '--sport':
      case '--source-port':
      case '--sports':
      case '--source-ports':
        r = view.sport === null ? { unknown: 'source port' } : inPortSpec(view.sport, value);
        break;
      case '--ports':
        r = view.sport === null || view.dport === null ? { unknown: 'ports' } : inPortSpec(view.sport, value) || inPortSpec(view.dport, value);
        break;
      case '--state':
      case '--ctstate':
        r = view.ctState === null ? { unknown: 'conntrack state' } : value.toUpperCase().split(',').includes(view.ctState);
        break;
      case '--syn':
        r = view.tcpFlags === null ? { unknown: 'TCP flags' } : (view.tcpFlags & 0x17) === 0x02;
        break;
      case '--tcp-flags': {
        const [mask, comp] = value.split(/\s+/);
        r = view.tcpFlags === null || comp === undefined ? { unknown: 'TCP flags' } : (view.tcpFlags & flagMask(mask)) === flagMask(comp);
        break;
      }
      case '--icmp-type':
      case '--icmpv6-type': {
        const types: Record<string, number> = { 'echo-request': 8, 'echo-reply': 0, 'destination-unreachable': 3, any: -1 };
        const wanted = types[value] ?? Number(value.split('/')[0]);
        r = view.icmpType === null ? { unknown: 'ICMP type' } : wanted === -1 || wanted === view.icmpType;
        break;
      }
      case '--comment':
      case '--log-prefix':
        r = true;
        break;
      case '--src-range':
      case '--dst-range':
        r = addressMatches(key === '--src-range' ? view.src : view.dst, value) ?? { unknown: key };
        break;
      default:
        r = { unknown: `-m ${match.module} ${key}` };
    }
    results.push(neg ? triNot(r) : r);
  }
  if (['tcp', 'udp', 'icmp', 'icmp6', 'state', 'conntrack', 'multiport', 'comment', 'iprange'].includes(match.module) || match.module === '') {
    return triAnd(results);
  }
  // limit, recent, owner, set, mark, string, u32…: their state is not in any artifact.
  if (match.module === 'limit') return triAnd(results.filter((r) => r === false || r === true));
  return triAnd([...results, { unknown: `-m ${match.module}` }]);
}

/** Does one rule's match part fit the packet? */
export function matchIptRule(rule: IptRule, view: PacketView): Tri {
  return triAnd([
    matchAddress(rule.source, view.src),
    matchAddress(rule.destination, view.dst),
    matchProtocol(rule.protocol, view),
    matchIface(rule.inInterface, view.inIface, view),
    matchIface(rule.outInterface, view.outIface, view),
    ...rule.matches.map((m) => matchModule(m, view)),
  ]);
}

function findChain(table: IptTable, name: string): IptChain | undefined {
  return table.chains.find((c) => c.name === name);
}

/** Walks `view` through `chainName` of `table` (with jumps), returning the decision and every step. */
export function evaluateIptablesChain(table: IptTable, chainName: string, view: PacketView): ChainOutcome {
  const steps: RuleStep[] = [];
  const doubts: RuleStep[] = [];
  const visiting = new Set<string>();

  const walk = (chain: IptChain): ChainOutcome | 'return' | null => {
    if (visiting.has(chain.name)) return null;
    visiting.add(chain.name);
    try {
      for (const rule of chain.rules) {
        const matched = matchIptRule(rule, view);
        const target = rule.target ?? '';
        const step: RuleStep = { chain: chain.name, rule, matched, action: target || '(no target)' };
        steps.push(step);
        if (matched === false) continue;
        const isDecisive = terminating.has(target) || target === 'RETURN' || natTargets.has(target) || !!findChain(table, target);
        if (matched !== true) {
          if (isDecisive) doubts.push(step);
          continue;
        }
        if (terminating.has(target)) {
          const verdict = target === 'NFQUEUE' ? 'QUEUE' : (target as 'ACCEPT' | 'DROP' | 'REJECT' | 'QUEUE');
          return { verdict, chain: chain.name, rule, byPolicy: false, doubts, steps };
        }
        if (natTargets.has(target)) return { verdict: 'ACCEPT', chain: chain.name, rule, byPolicy: false, doubts, steps };
        if (target === 'RETURN') return 'return';
        if (nonTerminating.has(target) || target === '') continue;
        const sub = findChain(table, target);
        if (sub) {
          const r = walk(sub);
          if (r && r !== 'return') return r;
          if (rule.goto) return 'return';
          continue;
        }
        // An unknown target (an extension we do not model): it may or may not decide.
        doubts.push(step);
      }
      return null;
    } finally {
      visiting.delete(chain.name);
    }
  };

  const chain = findChain(table, chainName);
  if (!chain) return { verdict: null, chain: null, rule: null, byPolicy: false, doubts, steps };
  const r = walk(chain);
  if (r && r !== 'return') return r;
  const policy = (chain.policy ?? 'ACCEPT').toUpperCase();
  steps.push({ chain: chain.name, rule: null, matched: true, action: `policy ${policy}` });
  const verdict = policy === 'DROP' ? 'DROP' : policy === 'ACCEPT' ? 'ACCEPT' : null;
  return { verdict, chain: chain.name, rule: null, byPolicy: true, doubts, steps };
}

export function findTable(ruleset: IptablesRuleset, name: string): IptTable | undefined {
  return ruleset.tables.find((t) => t.name === name);
}
