import type { DropOwner, Finding, Flow } from '../model/verdict';

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
export function ownerText(owner: DropOwner | null | undefined): string {
  if (!owner || owner.kind === null) return 'an owner the artifacts do not name';
  const priority = owner.priority !== null ? ` (priority ${owner.priority})` : '';
  const place = [owner.table && `table ${owner.table}`, owner.chain && `chain ${owner.chain}`].filter(Boolean).join(', ');
  switch (owner.kind) {
    case 'nftables':
      return `nftables${place ? ` ${place}` : ''}${priority}`;
    case 'iptables':
      return `iptables${owner.backend ? ` (${owner.backend})` : ''}${place ? ` ${place}` : ''}${priority}`;
    case 'module':
      return `kernel module ${owner.module ?? '(unnamed)'}${owner.hookFunction ? `, hook function ${owner.hookFunction}` : ''}${priority}`;
    case 'bpf':
      return `BPF netfilter program ${owner.hookFunction ?? '(unnamed)'}${priority}`;
    case 'kernel':
      return `the kernel itself${owner.hookFunction ? ` (${owner.hookFunction})` : ''}`;
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
  confidence: Finding['confidence'];
}

export function verdictLineParts(finding: Finding): VerdictLineParts {
  const drop = finding.drop;
  const where = !drop ? 'with no drop observed' : drop.hook ? `at ${drop.hook}` : drop.location && drop.owner.kind === 'kernel' ? `in the stack at ${drop.location}` : 'at a hook the artifacts do not name';
  return {
    outcome: finding.outcome.toUpperCase(),
    flow: flowText(finding.flow),
    where,
    who: `by ${ownerText(drop?.owner)}`,
    rule: drop?.owner.rule ?? null,
    reason: drop?.reason ?? null,
    confidence: finding.confidence,
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
