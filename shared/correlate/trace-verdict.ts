import type { RuleTrace, RuleTraceStep } from '../model/rule-trace';
import type { DropOwner } from '../model/verdict';
import { nftHookNames } from '../kernel/hooks';
import type { CaseIndex, From } from './case-index';
import { isIptablesNftTable } from './decide-owner';
import { iptablesDumps } from './ruleset-dumps';

/** What a rule trace of the flow's packet says: the deciding rule, straight from the kernel. */
export interface TraceDecision {
  trace: From<RuleTrace>;
  step: RuleTraceStep;
  owner: DropOwner;
  hook: string | null;
  /** 'drop' | 'reject' (a reject prints as drop in nft) | 'accept' … */
  verdict: string;
  /** True when the traced packet travels server → client (a reply). */
  reply: boolean;
}

interface FlowLike {
  proto: string;
  src: string;
  sport: number | null;
  dst: string;
  dport: number | null;
}

function matches(trace: RuleTrace, flow: FlowLike): 'forward' | 'reply' | null {
  const t = trace.packet?.tuple;
  if (!t || !t.src || !t.dst) return null;
  if (t.proto && t.proto !== flow.proto && !(t.proto === '6' && flow.proto === 'tcp') && !(t.proto === '17' && flow.proto === 'udp') && !(t.proto === '1' && flow.proto === 'icmp')) return null;
  const portOk = (a: number | null, b: number | null) => a === null || b === null || a === b;
  if (t.src === flow.src && t.dst === flow.dst && portOk(t.sport, flow.sport) && portOk(t.dport, flow.dport)) return 'forward';
  if (t.src === flow.dst && t.dst === flow.src && portOk(t.sport, flow.dport) && portOk(t.dport, flow.sport)) return 'reply';
  return null;
}

/** Legacy TRACE prints no verdict: the dump says what the deciding rule (or the policy) does. */
function legacyVerdict(index: CaseIndex, step: RuleTraceStep): { verdict: string | null; rule: string | null } {
  const family = step.family === 'ip6' ? 'ipv6' : 'ipv4';
  const dump = iptablesDumps(index).find((d) => d.family === family && d.backend === 'legacy') ?? iptablesDumps(index).find((d) => d.family === family);
  const chain = dump?.latest.ruleset.tables.find((t) => t.name === step.table)?.chains.find((c) => c.name === step.chain);
  if (step.kind === 'policy') return { verdict: chain?.policy?.toLowerCase() ?? null, rule: chain?.policy ? `policy ${chain.policy}` : null };
  const rule = chain?.rules.find((r) => r.num === step.ruleNumber);
  return { verdict: rule?.target?.toLowerCase() ?? null, rule: rule?.text ?? null };
}

function ownerOfStep(index: CaseIndex, trace: RuleTrace, step: RuleTraceStep, ruleText: string | null): { owner: DropOwner; hook: string | null } {
  const base: DropOwner = { kind: null, backend: null, table: null, chain: step.chain, rule: ruleText, module: null, hookFunction: null, priority: null };
  if (trace.source === 'iptables-trace') return { owner: { ...base, kind: 'iptables', backend: 'legacy', table: step.table, rule: ruleText ?? (step.kind === 'policy' ? 'policy DROP' : null) }, hook: step.hook };
  if (trace.source === 'xtables-monitor' || isIptablesNftTable(step.family, step.table, step.chain)) {
    return { owner: { ...base, kind: 'iptables', backend: 'nft', table: step.table }, hook: step.hook };
  }
  // nft: the base chain the packet entered this table through carries the hook and the priority.
  let hook: string | null = step.hook;
  let priority: number | null = null;
  const tables = index.nft.flatMap((n) => n.record.tables).filter((t) => t.name === step.table && t.family === step.family);
  // The base chain entered last before the deciding step (a trace crosses several hooks and tables).
  const upTo = trace.steps.indexOf(step);
  const entered = trace.steps.slice(0, upTo + 1).filter((s) => s.table === step.table && s.family === step.family).reverse();
  for (const s of entered) {
    const chain = tables.flatMap((t) => t.chains).find((c) => c.name === s.chain && c.hook);
    if (chain) {
      hook = nftHookNames[chain.hook!] ?? hook;
      priority = chain.priority;
      break;
    }
  }
  const text = ruleText ?? (step.handle !== null ? tables.flatMap((t) => t.chains).flatMap((c) => c.rules).find((r) => r.handle === step.handle)?.text ?? null : null);
  return { owner: { ...base, kind: 'nftables', table: `${step.family} ${step.table}`, rule: text ?? (step.kind === 'policy' ? `policy ${step.verdict ?? 'drop'}` : null), priority }, hook };
}

/** The trace of one of the flow's packets that shows it dropped (or, failing that, accepted), or null. */
export function traceDecision(index: CaseIndex, flow: FlowLike): TraceDecision | null {
  let accepted: TraceDecision | null = null;
  for (const t of index.traces) {
    const dir = matches(t.record, flow);
    if (!dir || t.record.decidingStep === null) continue;
    const step = t.record.steps[t.record.decidingStep];
    if (!step) continue;
    const legacy = t.record.source === 'iptables-trace' ? legacyVerdict(index, step) : null;
    const verdict = (t.record.verdict ?? legacy?.verdict ?? '').toLowerCase();
    const { owner, hook } = ownerOfStep(index, t.record, step, step.ruleText ?? legacy?.rule ?? null);
    const d: TraceDecision = { trace: t, step, owner, hook, verdict, reply: dir === 'reply' };
    if (verdict === 'drop' || verdict === 'reject') return d;
    if (!accepted && verdict === 'accept') accepted = d;
  }
  return accepted;
}
