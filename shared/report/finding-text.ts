import type { DropOwner, Finding, Flow } from '../model/verdict';
import { englishWords, type ReportWords } from './report-words';

// How a finding reads in one line, the same in every report format: outcome, flow, hook, owner, rule.
// Plain text here; the renderers escape it for their format.

/** `tcp 10.0.2.8:43482 → 10.0.0.3:20202` (ports only where the protocol has them). */
export function flowText(flow: Flow): string {
  // An IPv6 address with a port is written in brackets (RFC 3986 §3.2.2), so the port cannot be misread.
  const end = (address: string, port: number | null) => (port === null || port === undefined ? address : address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
  return `${flow.proto} ${end(flow.src, flow.sport)} → ${end(flow.dst, flow.dport)}`;
}

/** The NAT-translated flow at the drop, `seen as 10.244.1.4:8080 at the drop`, or null. */
export function translatedText(finding: Finding): string | null {
  const t = finding.translated;
  if (!t) return null;
  const parts: string[] = [];
  if (t.src || t.sport) parts.push(`from ${t.src ?? finding.flow.src}${t.sport ? `:${t.sport}` : ''}`);
  if (t.dst || t.dport) parts.push(`to ${t.dst ?? finding.flow.dst}${t.dport ? `:${t.dport}` : ''}`);
  return parts.length ? `seen ${parts.join(' ')} at the drop (NAT)` : null;
}

/** Who decided, without the rule text: `nftables table inet resguard, chain net_hook_in_v4`. */
export function ownerText(owner: DropOwner | null | undefined, w: ReportWords = englishWords): string {
  if (!owner || owner.kind === null) return w.t('finding.owner.unnamed');
  const withPriority = (text: string) => (owner.priority !== null ? w.t('finding.owner.priority', { owner: text, priority: owner.priority }) : text);
  const place = [owner.table && `table ${owner.table}`, owner.chain && `chain ${owner.chain}`].filter(Boolean).join(', ');
  switch (owner.kind) {
    // nftables / iptables and their table and chain are the tool's own words: never translated.
    case 'nftables':
      return withPriority(`nftables${place ? ` ${place}` : ''}`);
    case 'iptables':
      return withPriority(`iptables${owner.backend ? ` (${owner.backend})` : ''}${place ? ` ${place}` : ''}`);
    case 'module': {
      const module = owner.module ?? w.t('finding.owner.unnamedModule');
      return withPriority(owner.hookFunction ? w.t('finding.owner.moduleHook', { module, fn: owner.hookFunction }) : w.t('finding.owner.module', { module }));
    }
    case 'bpf':
      return withPriority(w.t('finding.owner.bpf', { fn: owner.hookFunction ?? w.t('finding.owner.unnamedModule') }));
    case 'kernel':
      return owner.hookFunction ? w.t('finding.owner.kernelFn', { fn: owner.hookFunction }) : w.t('finding.owner.kernel');
  }
}

/** The parts of a finding's verdict line, for renderers that style them. */
export interface VerdictLineParts {
  /** `DROPPED`, `REJECTED`, `RESET`, `DELIVERED`. */
  outcome: string;
  flow: string;
  /** `at LOCAL_IN` / `at a hook the artifacts do not name` / `not inside netfilter`. */
  where: string;
  /** `by nftables table inet resguard, chain net_hook_in_v4 (priority 10)`. */
  who: string;
  /** The deciding rule as the artifact shows it, when there is one. */
  rule: string | null;
  /** `NETFILTER_DROP`, when the kernel recorded a reason. */
  reason: string | null;
  /** The confidence level as the report's language says it. */
  confidence: string;
}

export function verdictLineParts(finding: Finding, w: ReportWords = englishWords): VerdictLineParts {
  const drop = finding.drop;
  const where = !drop ? w.t('finding.where.none') : drop.hook ? w.t('finding.where.hook', { hook: drop.hook }) : drop.location && drop.owner.kind === 'kernel' ? w.t('finding.where.stack', { location: drop.location }) : w.t('finding.where.unnamed');
  return {
    outcome: w.t(`finding.outcomeBadge.${finding.outcome}`),
    flow: flowText(finding.flow),
    where,
    who: w.t('finding.by', { owner: ownerText(drop?.owner, w) }),
    rule: drop?.owner.rule ?? null,
    reason: drop?.reason ?? null,
    confidence: w.t(`finding.confidence.${finding.confidence}`),
  };
}

/** The verdict line as plain text: `DROPPED tcp … → … at LOCAL_IN by nftables …, rule "…" [NETFILTER_DROP; confirmed]`. */
export function verdictLine(finding: Finding): string {
  const p = verdictLineParts(finding);
  const facts = [p.reason, p.confidence].filter(Boolean).join('; ');
  return `${p.outcome} ${p.flow} ${p.where} ${p.who}${p.rule ? `, rule "${p.rule}"` : ''} [${facts}]`;
}

/** The owner in a figure label: `nftables inet resguard / net_hook_in_v4 · prio 10`. */
export function ownerShort(owner: DropOwner | null | undefined): string {
  if (!owner || owner.kind === null) return 'owner not named by the artifacts';
  const prio = owner.priority !== null ? ` · prio ${owner.priority}` : '';
  switch (owner.kind) {
    case 'nftables':
    case 'iptables':
      return `${owner.kind}${owner.backend ? ` (${owner.backend})` : ''} ${[owner.table, owner.chain].filter(Boolean).join(' / ')}${prio}`;
    case 'module':
      return `${owner.module ?? 'module'}${owner.hookFunction ? ` · ${owner.hookFunction}` : ''}${prio}`;
    case 'bpf':
      return `BPF ${owner.hookFunction ?? 'program'}${prio}`;
    case 'kernel':
      return `kernel${owner.hookFunction ? ` · ${owner.hookFunction}` : ''}`;
  }
}
