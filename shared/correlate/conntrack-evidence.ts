import type { MessageParam, MessageRef } from '../i18n/message-ref';
import type { ConntrackEntry, ConntrackEvent, ConntrackStats } from '../model/conntrack';
import type { Evidence, TimelineEntry } from '../model/verdict';
import type { CaseIndex } from './case-index';
import { snapshotBase, snapshotRole } from './counter-snapshots';
import { englishOf } from './explain';
import { stateOfKind, type StateOf } from './kernel-state-records';
import type { PacketView } from './packet-view';

// What connection tracking says about a failed flow (issue 10). Three kinds of fact:
//  - the flow's own entry (`conntrack -L`, /proc/net/nf_conntrack, `conntrack -E`): `[UNREPLIED]` means conntrack
//    saw the request and never a reply; a reply-seen entry means the flow is ESTABLISHED to the state matches;
//  - the per-CPU statistics (`conntrack -S`, /proc/net/stat/nf_conntrack) taken before and after: growth of
//    `invalid` says packets were INVALID to conntrack (a TCP segment with no handshake under nf_conntrack_tcp_loose=0,
//    a sequence out of window); growth of `drop`, `early_drop`, `insert_failed` says conntrack itself dropped;
//  - `nf_conntrack: table full, dropping packet` in the kernel log: no entry could be made, the packet was dropped.
// A single statistics snapshot counts since boot, for all traffic: it is reported as that and decides nothing.
// Ref: net/netfilter/nf_conntrack_core.c (nf_conntrack_in: NF_CT_STAT_INC(invalid) / (drop) / (insert_failed),
// __nf_conntrack_alloc "table full, dropping packet", early_drop), nf_conntrack_proto_tcp.c (nf_conntrack_tcp_loose),
// libnetfilter_conntrack snprintf_default.c ([UNREPLIED] is !IPS_SEEN_REPLY).

/** The conntrack side of one failed flow. */
export interface ConntrackFacts {
  /** The state the flow's stateless-looking packets had to conntrack, when the artifacts decide it; else null. */
  ctState: PacketView['ctState'];
  /** Conntrack itself dropped packets while the flow failed (counters grew, or the table was full). */
  conntrackDropped: boolean;
  timeline: TimelineEntry[];
  evidence: Evidence[];
  explain: MessageRef[];
  missing: string[];
}

/** The flow as the correlator names it, and the TCP flags of its first request when there is one. */
export interface ConntrackFlowInput {
  proto: string;
  src: string;
  dst: string;
  sport: number | null;
  dport: number | null;
  tcpFlags: number | null;
}

interface StatsSnapshot {
  artifact: string;
  line: number;
  totals: Record<string, number>;
}

/** Counters that mean conntrack dropped the packet itself. */
const DROP_COUNTERS = ['drop', 'early_drop', 'insert_failed'];

function entry(artifact: string, ref: string, key: string, params: Record<string, MessageParam>): TimelineEntry {
  const message: MessageRef = { key, params };
  return { t: null, artifact, ref, what: englishOf([message]), message };
}

function sumStats(list: Array<StateOf<ConntrackStats>>): Map<string, StatsSnapshot> {
  const out = new Map<string, StatsSnapshot>();
  for (const { artifact, record } of list) {
    const s = out.get(artifact) ?? { artifact, line: record.line, totals: {} };
    for (const [k, v] of Object.entries(record.counters)) s.totals[k] = (s.totals[k] ?? 0) + v;
    out.set(artifact, s);
  }
  return out;
}

/** The before / after statistics snapshots (by name), else the one snapshot there is; null without statistics. */
function statsPair(index: CaseIndex): { before: StatsSnapshot | null; after: StatsSnapshot } | null {
  const snaps = sumStats(stateOfKind(index.state, 'conntrack-stats'));
  if (snaps.size === 0) return null;
  const list = [...snaps.values()];
  for (const after of list.filter((s) => snapshotRole(s.artifact) === 'after')) {
    const before = list.find((s) => snapshotRole(s.artifact) === 'before' && snapshotBase(s.artifact) === snapshotBase(after.artifact));
    if (before) return { before, after };
  }
  // No stamped pair: the snapshot with the most counted is the latest (counters only grow while the box is up).
  const total = (s: StatsSnapshot) => Object.values(s.totals).reduce((a, b) => a + b, 0);
  return { before: null, after: [...list].sort((a, b) => total(b) - total(a))[0] };
}

function matchesFlow(c: ConntrackEntry | ConntrackEvent, flow: ConntrackFlowInput): boolean {
  const o = c.original;
  if (c.l4 !== flow.proto && !(c.l4 === 'icmpv6' && flow.proto === 'icmpv6')) return false;
  if (o.src !== flow.src || o.dst !== flow.dst) return false;
  if (flow.dport !== null && o.dport !== null && o.dport !== flow.dport) return false;
  if (flow.sport !== null && o.sport !== null && o.sport !== flow.sport) return false;
  return true;
}

function flowEntryText(c: ConntrackEntry | ConntrackEvent): string {
  const o = c.original;
  const ports = o.sport !== null ? ` sport=${o.sport} dport=${o.dport}` : '';
  return `${c.l4}${c.state ? ` ${c.state}` : ''} src=${o.src} dst=${o.dst}${ports}${c.flags.length ? ` [${c.flags.join('] [')}]` : ''}`;
}

/** Conntrack facts for one failed flow, or null when no conntrack artifact or log line says anything about it. */
export function conntrackFacts(index: CaseIndex, flow: ConntrackFlowInput): ConntrackFacts | null {
  const timeline: TimelineEntry[] = [];
  const evidence: Evidence[] = [];
  const explain: MessageRef[] = [];
  const missing: string[] = [];
  let ctState: PacketView['ctState'] = null;
  let conntrackDropped = false;

  const tables = [...stateOfKind(index.state, 'conntrack-entry'), ...stateOfKind(index.state, 'conntrack-event')];
  const tableArtifacts = [...new Set(stateOfKind(index.state, 'conntrack-entry').map((e) => e.artifact))];
  const own = tables.filter((e) => matchesFlow(e.record, flow));
  const stats = statsPair(index);
  const full = [...index.logs].flatMap(([artifact, lines]) => lines.filter((l) => l.drop === 'conntrack-table-full').map((l) => ({ artifact, l })));
  if (own.length === 0 && !stats && full.length === 0) return null;

  // The flow's own entry: the latest one printed (an event stream ends with the newest state).
  const latest = own[own.length - 1] ?? null;
  if (latest) {
    const c = latest.record;
    const text = flowEntryText(c);
    timeline.push(entry(latest.artifact, `line ${c.line}`, 'timeline.ct.entry', { entry: text }));
    evidence.push({ artifact: latest.artifact, ref: `line ${c.line}`, text });
    if (c.flags.includes('UNREPLIED')) {
      explain.push({ key: 'explain.ct.unreplied', params: { artifact: latest.artifact, line: c.line, entry: text } });
      ctState = 'NEW';
    } else {
      explain.push({ key: 'explain.ct.replied', params: { artifact: latest.artifact, line: c.line, entry: text } });
      ctState = 'ESTABLISHED';
    }
  }

  if (stats) {
    const { before, after } = stats;
    const grown = before ? Object.keys(after.totals).map((k) => ({ name: k, before: before.totals[k] ?? 0, after: after.totals[k], delta: after.totals[k] - (before.totals[k] ?? 0) })).filter((g) => g.delta > 0) : [];
    for (const g of grown.filter((x) => x.name === 'invalid' || DROP_COUNTERS.includes(x.name))) {
      timeline.push(entry(after.artifact, `line ${after.line}`, 'timeline.ct.statGrew', { name: g.name, before: g.before, after: g.after, delta: g.delta }));
      evidence.push({ artifact: after.artifact, ref: `line ${after.line}`, text: `${g.name}: ${g.before} → ${g.after} (all CPUs, ${before!.artifact} → ${after.artifact})` });
    }
    const invalid = grown.find((g) => g.name === 'invalid');
    // A TCP segment without SYN and with no entry of its own is what conntrack calls INVALID (no loose pickup);
    // the counter that grew while it failed is the kernel saying so. A SYN or a datagram would make an entry.
    const stray = flow.proto === 'tcp' && flow.tcpFlags !== null && (flow.tcpFlags & 0x02) === 0;
    if (invalid && stray && !latest) {
      ctState = 'INVALID';
      const table: MessageRef = tableArtifacts.length ? { key: 'explain.ct.noEntryIn', params: { artifacts: { list: 'and', items: tableArtifacts } } } : { key: 'explain.ct.noTable' };
      explain.push({ key: 'explain.ct.invalid', params: { count: invalid.delta, before: before!.artifact, after: after.artifact, table } });
      if (!tableArtifacts.length) missing.push('conntrack -L   (after reproducing: does the flow have an entry?)');
    } else if (invalid) {
      explain.push({ key: 'explain.ct.invalidOther', params: { count: invalid.delta, before: before!.artifact, after: after.artifact } });
    }
    const drops = grown.filter((g) => DROP_COUNTERS.includes(g.name));
    if (drops.length) {
      conntrackDropped = true;
      explain.push({ key: 'explain.ct.dropsGrew', params: { counters: { list: 'and', items: drops.map((d) => `${d.name} +${d.delta}`) }, before: before!.artifact, after: after.artifact } });
    }
    if (!before) {
      const nonzero = ['invalid', ...DROP_COUNTERS].filter((k) => (after.totals[k] ?? 0) > 0).map((k) => `${k}=${after.totals[k]}`);
      if (nonzero.length) explain.push({ key: 'explain.ct.statsSingle', params: { artifact: after.artifact, counters: { list: 'and', items: nonzero } } });
      missing.push('conntrack -S   (once before and once after reproducing the problem: which counters grow)');
    }
  }

  for (const { artifact, l } of full.slice(0, 3)) {
    timeline.push(entry(artifact, `line ${l.line}`, 'timeline.ct.tableFull', { text: l.text }));
    evidence.push({ artifact, ref: `line ${l.line}`, text: l.text });
  }
  if (full.length) {
    conntrackDropped = true;
    explain.push({ key: 'explain.ct.tableFull', params: { artifact: full[0].artifact, line: full[0].l.line, count: full.length } });
    missing.push('sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max   (how full the table is)');
  }
  return { ctState, conntrackDropped, timeline, evidence, explain, missing };
}
