import type { ClockOffset, Verdict } from '../model/verdict';
import { indexCase, kernelRelease } from '../correlate/case-index';
import { alignClocks } from '../correlate/clock-align';
import { collectDrops, distinctDrops, type DropObservation } from '../correlate/drops';
import { buildFinding, joinDrops, type CaseContext, type FindingDraft } from '../correlate/findings';
import { buildFlows, type NetFlow } from '../correlate/flows';
import { findKernelHost } from '../correlate/kernel-host';
import { collect } from '../correlate/missing-commands';
import { buildSymbolResolver } from '../correlate/symbol-resolver';
import type { IngestedArtifact } from './ingest';

/** Attempts of one service by one client (several source ports) are one finding. */
function groupKey(f: NetFlow): string {
  return `${f.proto}|${f.src}|${f.dst}|${f.proto === 'tcp' || f.proto === 'udp' ? f.dport : ''}`;
}

const outcomeRank: Record<string, number> = { dropped: 0, rejected: 1, reset: 2, delivered: 3 };

/** From ingested artifacts to the verdict contract (`../shared/spec/verdict.md`). */
export function analyze(artifacts: IngestedArtifact[]): Verdict {
  const index = indexCase(artifacts);
  const flows = buildFlows(index.captures);
  const host = findKernelHost(index, flows);
  const clocks = alignClocks(index, flows, host.capture);
  const resolver = buildSymbolResolver(index);
  const release = kernelRelease(index);
  const drops = distinctDrops(collectDrops(index, clocks, resolver, release));
  const ctx: CaseContext = { index, clocks, host, resolver, release, drops };
  const notes: string[] = [];

  const groups = new Map<string, NetFlow[]>();
  for (const f of flows) if (f.symptom) groups.set(groupKey(f), [...(groups.get(groupKey(f)) ?? []), f]);
  // Netfilter drops that no capture packet explains (no capture given, or the capture missed them) still count
  // when the drop names its packet (a tuple from the tracer or a LOG line).
  const explained = new Set<DropObservation>(flows.filter((f) => f.symptom).flatMap((f) => joinDrops(f, drops, host.capture)));
  // A connection refused by the stack (NO_SOCKET in the TCP/UDP receive path, addressed to the kernel host) counts too.
  const refused = (d: DropObservation) => d.reason === 'NO_SOCKET' && /^(tcp_v4_rcv|tcp_v6_rcv|__udp4_lib_rcv|__udp6_lib_rcv)$/.test(d.site.function ?? '') && host.addresses.has(d.tuple?.dst ?? '');
  const unexplained = drops.filter((d) => !explained.has(d) && d.tuple?.src && d.tuple.dst && (d.site.via === 'nft' || d.site.via === 'hook-slow' || d.site.via === 'hook-function' || d.reason === 'NETFILTER_DROP' || refused(d)));
  // A drop between the two ends of a failed flow belongs to it even away from its requests (a server retransmits
  // its SYN-ACK on its own timer).
  const protoOf = (p: string | null) => (p === '6' ? 'tcp' : p === '17' ? 'udp' : p === '1' ? 'icmp' : p ?? 'ip');
  const pairKey = (proto: string, a: string, b: string) => `${proto}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
  const groupByPair = new Map<string, NetFlow[]>();
  for (const g of groups.values()) if (!groupByPair.has(pairKey(g[0].proto, g[0].src, g[0].dst))) groupByPair.set(pairKey(g[0].proto, g[0].src, g[0].dst), g);
  const extras = new Map<NetFlow[], DropObservation[]>();
  const orphan: DropObservation[] = [];
  for (const d of unexplained) {
    const g = groupByPair.get(pairKey(protoOf(d.tuple!.proto), d.tuple!.src!, d.tuple!.dst!));
    if (g) {
      extras.set(g, [...(extras.get(g) ?? []), d]);
      explained.add(d);
    } else orphan.push(d);
  }

  const drafts: FindingDraft[] = [];
  let quiet = 0;
  for (const g of groups.values()) {
    const extra = extras.get(g) ?? [];
    const weak = extra.length === 0 && g.every((f) => f.symptom?.weak) && g.every((f) => joinDrops(f, drops, host.capture).length === 0 && f.symptom?.kind !== 'icmp-error');
    // Only a ruleset's counters could still tie a silent flow to a rule; without one there is nothing to build.
    if (weak && index.iptables.length === 0 && index.nft.length === 0) {
      quiet++;
      continue;
    }
    const draft = buildFinding(ctx, g, extra);
    // Silence alone is no proof for these; a dropping rule whose counter moved is.
    if (weak && !((draft.ruleCounted ?? 0) > 0)) quiet++;
    else drafts.push(draft);
  }
  if (quiet) notes.push(`${quiet} flow(s) got nothing back (UDP, or TCP seen without its handshake), but no drop or ICMP error ties to them`);

  const orphanGroups = new Map<string, { flow: NetFlow; drops: DropObservation[] }>();
  // The flow is named client → server: a reply leaving the kernel host (a LOCAL_OUT / POST_ROUTING drop of a packet
  // from the host) is turned around, and so are the other drops between the same two addresses.
  const turned = new Set<string>();
  for (const d of orphan) {
    const t = d.tuple!;
    if (host.addresses.has(t.src!) && !host.addresses.has(t.dst!) && (d.site.hook === 'LOCAL_OUT' || d.site.hook === 'POST_ROUTING')) turned.add(`${t.src}|${t.dst}`);
  }
  for (const d of orphan) {
    const t = d.tuple!;
    const proto = protoOf(t.proto);
    const reply = turned.has(`${t.src}|${t.dst}`);
    const [src, sport, dst, dport] = reply ? [t.dst!, t.dport, t.src!, t.sport] : [t.src!, t.sport, t.dst!, t.dport];
    const key = `${proto}|${src}|${dst}|${proto === 'tcp' || proto === 'udp' ? dport : ''}`;
    if (groups.has(key)) continue;
    const group = orphanGroups.get(key);
    if (group) {
      group.drops.push(d);
      group.flow.symptom!.attempts++;
    } else {
      const flow: NetFlow = { key, proto, src, sport, dst, dport, packets: [], symptom: { kind: refused(d) ? 'reset' : 'no-answer', attempts: 1, evidence: [], answer: null } };
      orphanGroups.set(key, { flow, drops: [d] });
    }
  }
  for (const { flow, drops: own } of orphanGroups.values()) {
    // Ports no tracer printed: LOG lines of the same client → server packets name them.
    if (flow.dport === null) {
      const logged = [...index.logs.values()].flat().filter((l) => l.packet?.src === flow.src && l.packet.dst === flow.dst && l.packet.dport !== null);
      if (logged.length) {
        flow.dport = logged[0].packet!.dport;
        flow.sport = logged[0].packet!.sport;
      }
    }
    drafts.push(buildFinding(ctx, [flow], own));
  }

  const ignored = drops.length - explained.size - orphan.length;
  if (ignored > 0) {
    const reasons = new Map<string, number>();
    const orphans = new Set(orphan);
    // One key string per (site function, reason), not one per drop: a long trace has a million drops and few kinds.
    const keys = new Map<string | null, Map<string | null, string>>();
    for (const d of drops) if (!explained.has(d) && !orphans.has(d)) {
      let byReason = keys.get(d.site.function);
      if (!byReason) keys.set(d.site.function, (byReason = new Map()));
      let k = byReason.get(d.reason);
      if (k === undefined) byReason.set(d.reason, (k = `${d.reason ?? 'no reason'} at ${d.site.function ?? '?'}`));
      reasons.set(k, (reasons.get(k) ?? 0) + 1);
    }
    notes.push(`${ignored} other drop(s) not tied to a failed flow (normal background): ${[...reasons].map(([k, n]) => `${n}× ${k}`).join(', ')}`);
  }
  for (const [artifact, meta] of index.meta) if (meta.lostEvents) notes.push(`${artifact}: the tracer lost ${meta.lostEvents} event(s); some drops are missing from it`);
  if (host.capture) notes.push(`Kernel host: ${[...host.addresses].join(', ')} — ${host.reason}`);

  drafts.sort((a, b) => outcomeRank[a.finding.outcome] - outcomeRank[b.finding.outcome] || (a.finding.flow.proto === 'tcp' ? 0 : 1) - (b.finding.flow.proto === 'tcp' ? 0 : 1) || b.attempts - a.attempts);
  const missing = new Set<string>(drafts.flatMap((d) => d.finding.missing));
  if (index.captures.size === 0) missing.add(collect.capture);
  if (drops.length === 0 && index.events.size === 0) missing.add(collect.dropTrace);
  if (index.iptables.length === 0 && index.nft.length === 0) {
    missing.add(collect.iptablesSave);
    missing.add(collect.nftRuleset);
  }
  const clocksOut: ClockOffset[] = [...clocks.offsets.values()];
  return {
    artifacts: artifacts.map((a) => a.summary),
    findings: drafts.map((d) => d.finding),
    missing: [...missing],
    clocks: clocksOut,
    notes,
    kernelHost: { addresses: [...host.addresses], capture: host.capture, reason: host.reason },
  };
}
