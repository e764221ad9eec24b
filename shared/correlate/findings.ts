import type { KernelEvent, Tuple } from '../model/kernel-event';
import type { Packet } from '../model/packet';
import type { IptRule, NftRule } from '../model/ruleset';
import { tcpFlagNames } from '../model/packet';
import type { Evidence, Finding, Flow, TimelineEntry } from '../model/verdict';
import { pathHooks } from '../kernel/hooks';
import { kernelVersion } from '../kernel/drop-reasons';
import type { CaseIndex } from './case-index';
import type { Clocks } from './clock-align';
import { decideOwner, type OwnerDecision } from './decide-owner';
import type { DropObservation } from './drops';
import { frameText } from './drop-site';
import { englishOf, explainMessages } from './explain';
import type { MessageParam, MessageRef } from '../i18n/message-ref';
import type { FlowPacket, NetFlow } from './flows';
import { buildHookPath, type HookPathEntry } from './hook-path';
import type { KernelHost } from './kernel-host';
import { collect, missingFor, traceCommands } from './missing-commands';
import { protoName, replyView, type PacketView } from './packet-view';
import { traceDecision, type TraceDecision } from './trace-verdict';
import { attachedProgramsNote, singleSnapshotNotes, tcDropDecision, tcExplain } from './tc-drop-evidence';
import { conntrackFacts } from './conntrack-evidence';
import { nicCounterFacts } from './nic-counter-evidence';
import { counterDelta, iptablesDumps } from './ruleset-dumps';
import type { SymbolResolver } from './symbol-resolver';

/** Everything the finding builder needs, worked out once per case. */
export interface CaseContext {
  index: CaseIndex;
  clocks: Clocks;
  host: KernelHost;
  resolver: SymbolResolver;
  release: string | null;
  drops: DropObservation[];
}

/** A finding before sorting, with the hook path it was decided on (the UI's hook-path picture). */
export interface FindingDraft {
  finding: Finding;
  path: HookPathEntry[];
  attempts: number;
  /** Packets the dropping rule counted (its delta between two dumps, else its total); null without a rule or counters. */
  ruleCounted: number | null;
}

const JOIN_BEFORE_US = 2000;
const JOIN_AFTER_US = 200000;

function iso(tUs: number | null): string | null {
  if (tUs === null) return null;
  const ms = Math.floor(tUs / 1000);
  const micro = String(Math.round(tUs - ms * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micro}Z`);
}

/** A timeline entry worded from its message: `what` is the English of it (for tools), `message` the language-free form. */
function entryOf(t: string | null, artifact: string, ref: string, key: string, params: Record<string, MessageParam>): TimelineEntry {
  const message: MessageRef = { key, params };
  return { t, artifact, ref, what: englishOf([message]).replace(/\s+/g, ' ').trim(), message };
}

function tupleMatches(t: Tuple, flow: { src: string; dst: string; proto: string }): 'forward' | 'reply' | null {
  if (t.proto && flow.proto && t.proto !== flow.proto && !(t.proto === '6' && flow.proto === 'tcp') && !(t.proto === '1' && flow.proto === 'icmp') && !(t.proto === '17' && flow.proto === 'udp')) return null;
  if (t.src === flow.src && t.dst === flow.dst) return 'forward';
  if (t.src === flow.dst && t.dst === flow.src) return 'reply';
  return null;
}

function describePacket(p: Packet): string {
  if (p.proto === 6) return `TCP ${tcpFlagNames(p.tcpFlags ?? 0)} ${p.src}:${p.sport} → ${p.dst}:${p.dport}`;
  if (p.proto === 1 || p.proto === 58) return `ICMP type ${p.icmpType} ${p.src} → ${p.dst} id ${p.icmpId} seq ${p.icmpSeq}`;
  return `${protoName(p.proto)} ${p.src}:${p.sport} → ${p.dst}:${p.dport}`;
}

function viewOf(p: Packet, ifaceHint: string | null): PacketView {
  return {
    family: p.l3 === 'ipv6' ? 'ip6' : 'ip', src: p.src ?? '', dst: p.dst ?? '', proto: protoName(p.proto), sport: p.sport, dport: p.dport, tcpFlags: p.tcpFlags,
    icmpType: p.icmpType, icmpCode: p.icmpCode, inIface: p.direction === 'out' ? null : p.ifName ?? ifaceHint, outIface: p.direction === 'out' ? p.ifName : null,
    // A first SYN, echo request or datagram creates a conntrack entry (NEW); a TCP segment without its handshake
    // may be ESTABLISHED (loose pickup) or INVALID — the artifacts cannot say which.
    ctState: p.proto === 6 && ((p.tcpFlags ?? 0) & 0x12) !== 0x02 ? null : 'NEW',
  };
}

/** A traced tuple turned to the flow's request direction (a dropped reply's tuple runs server → client). */
function orient(t: Tuple, flow: NetFlow): Tuple {
  const reverse = t.src === flow.dst && t.dst === flow.src;
  return reverse ? { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport ?? flow.sport, dport: t.sport ?? flow.dport } : { ...t, sport: t.sport ?? flow.sport, dport: t.dport ?? flow.dport };
}

function viewOfTuple(t: Tuple): PacketView | null {
  if (!t.src || !t.dst) return null;
  const proto = t.proto === '6' ? 'tcp' : t.proto === '17' ? 'udp' : t.proto === '1' ? 'icmp' : t.proto ?? 'unknown';
  return { family: t.src.includes(':') ? 'ip6' : 'ip', src: t.src, dst: t.dst, proto, sport: t.sport, dport: t.dport, tcpFlags: proto === 'tcp' ? 0x02 : null, icmpType: proto === 'icmp' ? 8 : null, icmpCode: null, inIface: null, outIface: null, ctState: 'NEW' };
}

/** The drops that belong to a flow: by headers where the event has them, else by time next to a request. */
export function joinDrops(flow: NetFlow, drops: DropObservation[], hostCapture: string | null): DropObservation[] {
  const requests = flow.symptom?.evidence ?? [];
  const times = requests.filter((r) => !hostCapture || r.artifact === hostCapture).map((r) => r.packet.tUs);
  const reference = times.length ? times : requests.map((r) => r.packet.tUs);
  return drops.filter((d) => {
    const near = d.tUs !== null ? reference.some((t) => d.tUs! >= t - JOIN_BEFORE_US && d.tUs! <= t + JOIN_AFTER_US) : d.window !== null && reference.some((t) => t >= d.window!.fromUs && t <= d.window!.toUs);
    if (d.tuple) return tupleMatches(d.tuple, flow) !== null && (d.tUs === null || near);
    if (!near) return false;
    // Without headers only a netfilter drop of the right L3 protocol is taken, or a stack drop whose function
    // handles this L4 protocol right next to a request (NO_SOCKET in tcp_v4_rcv for a SYN to a closed port);
    // the rest is other traffic's noise.
    const l3ok = d.event.protocol === null || d.event.protocol === (flow.src.includes(':') ? 34525 : 2048);
    if (!l3ok) return false;
    if (d.site.via === 'nft' || d.site.via === 'hook-slow' || d.site.via === 'hook-function' || d.reason === 'NETFILTER_DROP') return true;
    const l4 = l4OfFunction(d.site.function);
    const tight = d.tUs !== null && reference.some((t) => d.tUs! >= t - 200 && d.tUs! <= t + 2000);
    return tight && l4 === flow.proto && !!d.reason && d.reason !== 'NOT_SPECIFIED';
  });
}

/** The L4 protocol a kernel function handles, from its name (tcp_v4_rcv → tcp, udp_queue_rcv_skb → udp, ping_rcv → icmp). */
function l4OfFunction(fn: string | null): string | null {
  if (!fn) return null;
  if (/^(tcp|inet_csk|__inet_lookup)/.test(fn)) return 'tcp';
  if (/^(udp|__udp)/.test(fn)) return 'udp';
  if (/^(icmp|ping_)/.test(fn)) return 'icmp';
  return null;
}

function best(drops: DropObservation[]): DropObservation | null {
  // The drop whose site is most telling: a hook found from a stack beats a bare location.
  const score = (d: DropObservation) => (d.site.hook ? 4 : 0) + (d.site.via !== 'unknown' ? 2 : 0) + (d.reason ? 1 : 0);
  return [...drops].sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** Probe returns in the lives of the flow's dropped skbs (perf probe on hook functions, kretprobes). */
function probeReturnsFor(drops: DropObservation[]): KernelEvent[] {
  return drops.flatMap((d) => (d.life?.events ?? []).filter((e) => e.type === 'probe-return'));
}

function ownerLabel(d: OwnerDecision): string {
  const o = d.owner;
  if (o.kind === 'iptables') return `iptables${o.backend === 'nft' ? ' (nf_tables backend)' : ''} table ${o.table ?? '?'}, chain ${o.chain ?? '?'}${o.rule ? `, rule "${o.rule}"` : ''}`;
  if (o.kind === 'nftables') return `nftables table ${o.table ?? '(unknown table)'}, chain ${o.chain ?? '(unknown chain)'}${o.rule ? `, rule "${o.rule}"` : ''}`;
  if (o.kind === 'module') return `the hook function ${o.hookFunction ?? '(unknown)'} of kernel module ${o.module ?? '(unknown module)'}${o.priority !== null ? ` (priority ${o.priority})` : ''}`;
  if (o.kind === 'bpf') return `the BPF netfilter program ${o.hookFunction ?? ''}`;
  if (o.kind === 'kernel') return `the kernel (${o.hookFunction ?? 'a hook function'})`;
  return 'an unidentified netfilter hook';
}

/** Static simulation: the packet (and, if it passes, the reply) through the hooks on its way, first decided drop wins. */
function simulate(ctx: CaseContext, view: PacketView): { hook: string; path: HookPathEntry[]; reply: boolean } | null {
  const local = ctx.host.addresses;
  const inbound = local.has(view.dst);
  const outbound = local.has(view.src);
  const legs: Array<{ hooks: string[]; v: PacketView; reply: boolean }> = [];
  if (inbound) legs.push({ hooks: pathHooks.in, v: view, reply: false }, { hooks: pathHooks.out, v: replyView(view), reply: true });
  else if (outbound) legs.push({ hooks: pathHooks.out, v: view, reply: false }, { hooks: pathHooks.in, v: replyView(view), reply: true });
  else legs.push({ hooks: pathHooks.forward, v: view, reply: false });
  for (const leg of legs) {
    for (const hook of leg.hooks) {
      const path = buildHookPath(ctx.index, leg.v.family, hook, leg.v);
      if (path.some((e) => e.outcome?.verdict === 'DROP' || e.outcome?.verdict === 'REJECT')) return { hook, path, reply: leg.reply };
    }
  }
  // No rule decidably drops: a DROP/REJECT rule behind an undecidable match whose counter moved marks the hook.
  for (const leg of legs) {
    for (const hook of leg.hooks) {
      const path = buildHookPath(ctx.index, leg.v.family, hook, leg.v);
      const moved = path.some((e) => (e.outcome?.doubts ?? []).some((d) => /^(DROP|REJECT|drop|reject)$/.test(d.action) && (d.rule?.counters?.packets ?? 0) > 0));
      if (moved) return { hook, path, reply: leg.reply };
    }
  }
  return null;
}

/** Builds the finding for one failed flow (or a group of attempts of the same service). */
export function buildFinding(ctx: CaseContext, flows: NetFlow[], extraDrops: DropObservation[] = []): FindingDraft {
  const flow = flows[0];
  const attempts = flows.reduce((n, f) => n + (f.symptom?.attempts ?? 0), 0);
  const joined = [...new Set([...flows.flatMap((f) => joinDrops(f, ctx.drops, ctx.host.capture)), ...extraDrops])].sort((a, b) => (a.tUs ?? 0) - (b.tUs ?? 0));
  const request = flows.flatMap((f) => f.symptom?.evidence ?? []).find((r) => r.artifact === ctx.host.capture) ?? flow.symptom?.evidence[0] ?? null;
  const logIface = [...ctx.index.logs.values()].flat().find((l) => l.packet?.src === flow.src && l.packet?.in)?.packet?.in ?? null;
  // Without a captured request, the request is rebuilt from the flow (client → server) and a traced tuple's fields.
  const tracedTuple = joined.find((d) => d.tuple)?.tuple ?? null;
  const requestView: PacketView | null = request ? viewOf(request.packet, logIface) : tracedTuple ? viewOfTuple(orient(tracedTuple, flow)) : null;
  // Conntrack's word on the flow (conntrack-evidence.ts): a state the headers alone cannot give (INVALID, ESTABLISHED)
  // makes state-match rules decidable.
  const ct = conntrackFacts(ctx.index, { proto: flow.proto, src: flow.src, dst: flow.dst, sport: flow.sport, dport: flow.dport, tcpFlags: request?.packet.tcpFlags ?? null });
  if (requestView && requestView.ctState === null && ct?.ctState) requestView.ctState = ct.ctState;

  const drop = best(joined);
  const site = drop?.site ?? null;
  let hook: string | null = site?.hook ?? null;
  let family = site?.family === 'ip6' ? 'ip6' : site?.family === 'ip' ? 'ip' : requestView?.family ?? 'ip';
  // Which packet died: the request, or the host's answer to it (a LOCAL_OUT drop of a SYN-ACK on the server).
  const tupleDir = drop?.tuple ? tupleMatches(drop.tuple, flow) : null;
  const answerDied = tupleDir === 'reply' || (hook !== null && requestView !== null && ctx.host.addresses.has(requestView.dst) && (hook === 'LOCAL_OUT' || hook === 'POST_ROUTING'));
  let view = requestView && answerDied ? replyView(requestView) : requestView;
  let path: HookPathEntry[] = [];
  let decision: OwnerDecision;
  let inferredHook = false;
  if (hook && view) {
    path = buildHookPath(ctx.index, family, hook, view);
    decision = decideOwner(path, site, probeReturnsFor(joined), ctx.release, (fn) => ctx.resolver.moduleOf(fn));
  } else if (requestView && (!site || site.via === 'unknown' || site.via === 'nft' || site.via === 'hook-slow')) {
    // No hook from a stack: simulate the packet through the hooks the rulesets cover.
    const sim = simulate(ctx, requestView);
    if (sim) {
      hook = sim.hook;
      inferredHook = true;
      path = sim.path;
      view = sim.reply ? replyView(requestView) : requestView;
      family = view.family;
    }
    decision = decideOwner(path, site, probeReturnsFor(joined), ctx.release, (fn) => ctx.resolver.moduleOf(fn));
    if (!sim && site?.via === 'nft') decision.owner.kind = 'nftables';
  } else {
    decision = decideOwner([], site, probeReturnsFor(joined), ctx.release, (fn) => ctx.resolver.moduleOf(fn));
  }
  // The hook a named hook function is registered on, from a hook listing (crash, nft list hooks), when no stack said.
  if (!hook && decision.owner.hookFunction) {
    const listed = ctx.index.hooks.find((h) => h.record.hookFunction === decision.owner.hookFunction);
    if (listed) {
      hook = listed.record.hook;
      inferredHook = false;
      decision.owner.priority ??= listed.record.priority;
      decision.owner.module ??= listed.record.module;
      if (requestView) path = buildHookPath(ctx.index, listed.record.family === 'ip6' ? 'ip6' : 'ip', hook, view ?? requestView);
    }
  }
  // Still no hook, and netfilter freed it (or nothing says): a lone third-party hook on the packet's way is the suspect.
  if (!hook && requestView && decision.owner.kind === null && (!site || site.via === 'hook-slow' || site.via === 'unknown')) {
    const legs = ctx.host.addresses.has(requestView.dst) ? [...pathHooks.in.map((h) => [h, requestView] as const), ...pathHooks.out.map((h) => [h, replyView(requestView)] as const)] : [];
    const suspects = legs.flatMap(([h, v]) => buildHookPath(ctx.index, v.family, h, v).filter((e) => e.thirdParty && !e.outcome).map((e) => ({ h, v, e })));
    if (suspects.length === 1) {
      const { h, v, e } = suspects[0];
      hook = h;
      inferredHook = true;
      view = v;
      path = buildHookPath(ctx.index, v.family, h, v);
      decision = { ...decideOwner(path, site, probeReturnsFor(joined), ctx.release, (fn) => ctx.resolver.moduleOf(fn)) };
      if (decision.owner.kind === null) decision = { ...decision, owner: { kind: e.kind === 'bpf' ? 'bpf' : 'module', backend: null, table: null, chain: null, rule: null, module: e.module, hookFunction: e.hookFunction, priority: e.priority }, entry: path.find((x) => x.hookFunction === e.hookFunction) ?? null };
      decision.doubts.push(`the hook is inferred: ${e.label} is the only third-party hook on the packet's way`);
    }
  }
  if (site?.via === 'non-netfilter') {
    decision = { ...decision, owner: { ...decision.owner, kind: 'kernel', hookFunction: site.function }, code: 'kernel-drop', confidence: 'confirmed' };
    hook = null;
  }
  // A RST answered a TCP request, no drop was traced, and no collected rule would reject it: the stack answered
  // because nothing listens on the port (tcp_v4_rcv frees the SYN with NO_SOCKET and sends the RST).
  let stackReset = false;
  if (!drop && flow.symptom?.kind === 'reset' && flow.proto === 'tcp' && decision.owner.kind === null && requestView && (ctx.index.iptables.length > 0 || ctx.index.nft.length > 0)) {
    const rejecting = pathHooks.in.some((h) => buildHookPath(ctx.index, requestView.family, h, requestView).some((e) => e.outcome?.verdict === 'REJECT' || (e.outcome?.doubts ?? []).some((d) => /^(REJECT|reject)$/.test(d.action))));
    if (!rejecting) {
      stackReset = true;
      hook = null;
      decision = { ...decision, owner: { ...decision.owner, kind: 'kernel', hookFunction: requestView.family === 'ip6' ? 'tcp_v6_rcv' : 'tcp_v4_rcv' }, code: 'stack-reset', confidence: 'inferred' };
    }
  }

  // A rule trace of the flow's packet is decisive: the kernel printed the rule that dropped it. Where the static
  // evaluation named another owner, the trace wins and the disagreement is said.
  const traced = traceDecision(ctx.index, flow);
  const traceDropped = traced !== null && (traced.verdict === 'drop' || traced.verdict === 'reject');
  if (traced && traceDropped) {
    const before = decision.owner;
    const disagree = before.kind !== null && (before.kind !== traced.owner.kind || (before.chain !== null && before.chain !== traced.owner.chain) || (before.table !== null && traced.owner.table !== null && before.table !== traced.owner.table));
    hook = hook ?? traced.hook;
    inferredHook = inferredHook && hook !== traced.hook;
    decision = { ...decision, owner: { ...traced.owner, priority: traced.owner.priority ?? before.priority }, confidence: 'confirmed', code: 'trace-drop', rule: null };
    if (disagree) decision.doubts.push(`the static evaluation of the rulesets named ${before.kind} ${before.table ?? ''} ${before.chain ?? ''} ${before.rule ?? ''}`.replace(/\s+/g, ' ').trim() + `; the trace (${traced.trace.artifact} line ${traced.step.line}) shows the kernel's own decision and wins`);
  }

  // Traffic control, XDP and qdiscs (tc-drop-evidence.ts): a drop traced there, or — nothing else explaining the
  // flow — a qdisc counter that grew while it failed. Netfilter never saw these packets: no hook, no rule.
  const tc = !traceDropped && (site?.via === 'non-netfilter' || (!drop && decision.owner.kind === null && !decision.entry))
    ? tcDropDecision(ctx.index, { reason: joined.find((d) => d.reason)?.reason ?? null, fn: site?.function ?? null, dropTraced: drop !== null, device: request?.packet.ifName ?? null })
    : null;
  if (tc) {
    decision = { ...decision, owner: tc.owner, code: tc.code, confidence: tc.confidence, entry: null, rule: null, acceptedBy: [] };
    hook = null;
    path = [];
  }
  // Conntrack itself dropped (its drop counters grew, or the table was full) and no rule or hook explains the flow.
  const ctDrop = !tc && !traceDropped && ct?.conntrackDropped === true && decision.owner.kind === null && !decision.entry;
  if (ctDrop) decision = { ...decision, owner: { ...decision.owner, kind: 'kernel', hookFunction: 'nf_conntrack_in' }, code: 'conntrack-drop', confidence: 'inferred' };
  // Device drop counters that grew while the flow failed (nic-counter-evidence.ts): they back a drop traced outside
  // netfilter, or — no drop traced and nothing else explaining the flow — place it at the device.
  const nic = !tc && !ctDrop && !traceDropped ? nicCounterFacts(ctx.index, null) : null;
  // Without a trace the counters must at least have room for the flow's packets (rx_dropped also counts frames of
  // protocols nobody handles on older kernels: background growth smaller than the attempts is not this flow).
  const nicDrop = nic !== null && !drop && decision.owner.kind === null && !decision.entry && nic.grown.some((c) => (c.delta ?? 0) >= attempts);
  const nicBacks = nic !== null && drop !== null && site?.via === 'non-netfilter' && decision.owner.kind === 'kernel';
  if (nicDrop) {
    decision = { ...decision, owner: { ...decision.owner, kind: 'kernel' }, code: 'nic-drop', confidence: 'inferred', entry: null, rule: null };
    hook = null;
    path = [];
  }

  // Outcome: an answer that refuses (RST / ICMP error) or a REJECT rule makes it rejected or reset.
  const symptom = flow.symptom;
  let outcome: Finding['outcome'] = 'dropped';
  const rejectRule = decision.entry?.outcome?.verdict === 'REJECT' || (decision.rule ? ('matches' in decision.rule ? decision.rule.target === 'REJECT' : /\breject\b/.test(decision.rule.text)) : false);
  if (rejectRule || symptom?.kind === 'icmp-error') outcome = 'rejected';
  // A RST answering while netfilter freed the request is a REJECT --reject-with tcp-reset, not the stack's RST.
  const netfilterDrop = joined.some((d) => d.site.via === 'nft' || d.site.via === 'hook-slow' || d.site.via === 'hook-function' || d.reason === 'NETFILTER_DROP');
  if (!rejectRule && symptom?.kind === 'reset') outcome = (decision.owner.kind && decision.owner.kind !== 'kernel') || netfilterDrop ? 'rejected' : 'reset';

  // The reason an artifact shows, or the one a netfilter drop implies on a kernel that has drop reasons (any traced
  // drop printed one, or no trace says otherwise): NETFILTER_DROP since 5.18 (kernel-notes §0 R1, §5).
  const kernelHasReasons = ctx.drops.length === 0 ? (eraKnown(ctx) ?? true) : ctx.drops.some((d) => d.reason !== null || d.event.reasonCode !== null);
  const netfilterOwner = decision.owner.kind === 'iptables' || decision.owner.kind === 'nftables' || decision.owner.kind === 'module' || decision.owner.kind === 'bpf';
  const reason = joined.find((d) => d.reason)?.reason ?? (kernelHasReasons && hook && netfilterOwner && site?.via !== 'non-netfilter' ? 'NETFILTER_DROP' : kernelHasReasons && stackReset ? 'NO_SOCKET' : null);
  const skbs = [...new Set(joined.map((d) => d.event.skb).filter((s): s is string => !!s))];
  const haveDropTrace = ctx.drops.length > 0 || [...ctx.index.events.values()].some((e) => e.length > 0);
  const legacyHidden = ctx.index.iptables.some((r) => r.record.legacyTablesPresent);
  const confirmedModule = decision.owner.kind === 'module' && decision.confidence === 'confirmed';
  const missing = missingFor(decision.owner, hook, family, haveDropTrace, ctx.index.nft.length > 0, ctx.index.iptables.length > 0, legacyHidden, ctx.release, confirmedModule);
  if (!request && ctx.index.captures.size === 0) missing.push(collect.capture);
  // A netfilter drop whose rule is not pinned by the kernel itself: a per-packet rule trace would pin it.
  const netfilterSite = site?.via === 'nft' || site?.via === 'hook-slow' || decision.owner.kind === 'iptables' || decision.owner.kind === 'nftables';
  if (netfilterSite && (decision.confidence === 'inferred' || !decision.owner.rule) && ctx.index.traces.length === 0) {
    missing.push(...traceCommands(flow.src, flow.dst, ctx.index.iptables.some((r) => r.record.backend !== 'nft') || site?.via === 'hook-slow'));
  }

  const f: Flow = { proto: flow.proto, src: flow.src, sport: flow.sport, dst: flow.dst, dport: flow.proto === 'icmp' || flow.proto === 'icmpv6' ? null : flow.dport };
  const timeline: TimelineEntry[] = [];
  const evidence: Evidence[] = [];
  const requests = flows.flatMap((x) => x.symptom?.evidence ?? []).sort((a, b) => a.packet.tUs - b.packet.tUs);
  // Requests of a one-tuple flood left in the capture's columns (flows.ts MAX_FLOW_PACKETS) still count as attempts.
  const omitted = flows.reduce((n, x) => n + (x.symptom?.omittedRequests ?? 0), 0);
  addPacketEntries(timeline, evidence, requests, ctx.host.capture, omitted);
  addLogEntries(ctx, timeline, evidence, flow);
  const hostRequests = requests.filter((r) => r.artifact === ctx.host.capture);
  const ruleTime = (hostRequests[0] ?? requests[0])?.packet.tUs ?? drop?.tUs ?? null;
  addPathEntries(ctx, timeline, evidence, path, decision, ruleTime);
  if (traced) addTraceEntries(ctx, timeline, evidence, traced, ruleTime);
  if (drop) addDropEntries(ctx, timeline, evidence, joined, drop, hook);
  else if (traced && traceDropped) {
    // No drop event: the trace's deciding step is the drop.
    const last = timeline.findIndex((e) => e.artifact === traced.trace.artifact && e.ref === `line ${traced.step.line}`);
    if (last >= 0) timeline.push(...timeline.splice(last, 1));
  } else if (decision.entry) {
    // No drop event: the last entry is the rule evaluation that decides it.
    const e = decision.entry;
    const rule = e.outcome?.rule;
    timeline.push(entryOf(iso(ruleTime), e.source?.artifact ?? '', `line ${rule?.line ?? e.source?.line ?? 0}`, 'timeline.ruleInferred', {
      label: e.label, rule: rule ? rule.text : e.outcome?.byPolicy ? `policy ${e.outcome.verdict}` : { key: 'timeline.hookFunction' },
      verdict: e.outcome?.verdict ?? { key: 'timeline.nfDropInferred' }, hook: hook ?? { key: 'timeline.unknownHook' },
    }));
  }

  // No capture gave the port (a tracer printing addresses only): the dropping rule names a single one.
  let portFromRule = false;
  if (f.dport === null && (f.proto === 'tcp' || f.proto === 'udp') && decision.rule) {
    const port = ruleDestinationPort(decision.rule);
    if (port !== null) {
      f.dport = port;
      portFromRule = true;
    }
  }
  const flowText = `${f.proto} ${f.src}${f.sport ? `:${f.sport}` : ''} → ${f.dst}${f.dport ? `:${f.dport}` : ''}`;
  const finding: Finding = {
    flow: f, outcome, translated: null,
    drop: { hook, reason, location: site?.location ?? null, owner: decision.owner, skb: skbs },
    timeline, evidence, code: drop || decision.entry ? decision.code : 'no-kernel-evidence', confidence: decision.confidence,
    explanation: '', missing,
    hookPath: path.map((e) => {
      // The dropping entry shows the rule that dropped (it may sit behind an undecidable match the walk assumed false).
      const own = e === decision.entry && decision.rule && decision.rule !== e.outcome?.rule ? decision.rule : null;
      const ownVerdict = own ? ('matches' in own ? (own.target === 'REJECT' ? 'REJECT' : 'DROP') : /\breject\b/.test(own.text) ? 'REJECT' : 'DROP') : null;
      return {
      priority: e.priority, kind: e.kind, label: e.label, verdict: ownVerdict ?? e.outcome?.verdict ?? null,
      rule: own ? own.text : e.outcome?.rule ? e.outcome.rule.text : e.outcome?.byPolicy ? `policy ${e.outcome.verdict}` : null,
      dropped: e === decision.entry,
      artifact: e.outcome?.rule ? e.iptables?.artifact ?? e.nft?.artifact ?? null : e.source?.artifact ?? null,
      ref: own ? `line ${own.line}` : e.outcome?.rule ? `line ${e.outcome.rule.line}` : e.source ? `line ${e.source.line}` : null,
      };
    }),
  };
  finding.explain = explainMessages(finding.code, {
    flow: flowText, outcome, attempts, hook, hookInferred: inferredHook, reason, owner: ownerLabel(decision),
    acceptedBy: decision.acceptedBy.map((e) => `${e.label}${e.outcome?.rule ? ` rule ${'num' in e.outcome.rule ? e.outcome.rule.num : ''}` : ''}`), confidence: decision.confidence, missing,
    traced: drop !== null, ownerKnown: decision.owner.kind !== null,
  });
  const stateSentences: MessageRef[] = [];
  if (tc) {
    finding.code = tc.code;
    finding.explain = tcExplain(tc, flowText, attempts);
    finding.hookPath = tc.hookPath;
    // Counter and attach facts have no clock: they go just before the drop (the last entry) when there is one.
    timeline.splice(drop ? timeline.length - 1 : timeline.length, 0, ...tc.timeline);
    evidence.push(...tc.evidence);
    finding.missing.push(...tc.missing.filter((m) => !finding.missing.includes(m)));
  } else if (decision.confidence !== 'confirmed') {
    finding.missing.push(...attachedProgramsNote(ctx.index));
    const weak = singleSnapshotNotes(ctx.index, request?.packet.ifName ?? null);
    stateSentences.push(...weak.explain);
    evidence.push(...weak.evidence);
    finding.missing.push(...weak.missing.filter((m) => !finding.missing.includes(m)));
  }
  if (ct) {
    if (ctDrop) {
      finding.code = 'conntrack-drop';
      finding.explain = [{ key: 'explain.ct.dropLead', params: { flow: flowText, tries: { key: 'explain.tries', params: { count: attempts } } } }];
    }
    timeline.splice(drop ? timeline.length - 1 : timeline.length, 0, ...ct.timeline);
    evidence.push(...ct.evidence);
    finding.missing.push(...ct.missing.filter((m) => !finding.missing.includes(m)));
  }
  if (nic && (nicDrop || nicBacks)) {
    if (nicDrop) {
      finding.code = 'nic-drop';
      finding.explain = [{ key: 'explain.nic.lead', params: { flow: flowText, tries: { key: 'explain.tries', params: { count: attempts } }, device: nic.device ?? nic.grown.map((c) => c.scope).join(', ') } }, ...nic.explain, { key: 'explain.nic.noTrace' }];
    } else finding.explain.push(...nic.explain);
    timeline.splice(drop ? timeline.length - 1 : timeline.length, 0, ...nic.timeline);
    evidence.push(...nic.evidence);
  }
  if (stackReset) {
    finding.explain = [{ key: 'explain.stackReset', params: { flow: flowText, port: f.dport ?? '?' } }];
    finding.missing.push(`ss -ltnp 'sport = :${f.dport}'   (is anything listening?)`);
  }
  // Two tracers watching the same drops: the one that saw fewer lost events (perf can, silently).
  const seen = new Map<string, number>();
  for (const d of joined) for (const a of [d.artifact, ...d.twins.map((t) => t.artifact)]) seen.set(a, (seen.get(a) ?? 0) + 1);
  const most = [...seen].sort((a, b) => b[1] - a[1])[0];
  for (const [a, n] of seen) if (most && a !== most[0] && n < most[1]) finding.explain.push({ key: 'explain.lostEvents', params: { artifact: a, count: n, total: most[1], other: most[0] } });
  if (portFromRule) finding.explain.push({ key: 'explain.portFromRule', params: { port: f.dport ?? '?' } });
  // The doubts are the engine's own words about rules and hooks (decide-owner.ts); they travel as they are.
  if (decision.doubts.length) finding.explain.push({ key: 'explain.doubts', params: { doubts: { list: 'semicolon', items: decision.doubts } } });
  finding.explain.push(...(ct?.explain ?? []), ...stateSentences);
  finding.explanation = englishOf(finding.explain);
  return { finding, path, attempts, ruleCounted: ruleCount(ctx, decision) };
}

/** The single destination port a rule matches (`--dport 20202`, `tcp dport 20202`), or null. */
function ruleDestinationPort(rule: IptRule | NftRule): number | null {
  if ('matches' in rule) {
    for (const m of rule.matches) {
      const v = m.options['--dport'] ?? m.options['--destination-port'];
      if (v && /^\d+$/.test(v)) return Number(v);
    }
    return null;
  }
  const m = /\b(?:tcp|udp|th) dport (\d+)\b/.exec(rule.text);
  return m ? Number(m[1]) : null;
}

/** True / false when the kernel release says whether drop reasons exist (≥ 5.18 / older), null when unknown. */
function eraKnown(ctx: CaseContext): boolean | null {
  const v = kernelVersion(ctx.release);
  return v ? v[0] * 100 + v[1] >= 518 : null;
}

function ruleCount(ctx: CaseContext, decision: OwnerDecision): number | null {
  const rule = decision.rule;
  if (!rule?.counters) return null;
  const e = decision.entry;
  if (e?.iptables && 'num' in rule) {
    const pair = iptablesDumps(ctx.index).find((d) => d.latest.ruleset === e.iptables!.ruleset);
    const c = pair ? counterDelta(pair, e.iptables.table.name, rule) : null;
    return c?.delta ?? c?.total ?? rule.counters.packets;
  }
  return rule.counters.packets;
}

function addTraceEntries(ctx: CaseContext, timeline: TimelineEntry[], evidence: Evidence[], traced: TraceDecision, fallbackUs: number | null): void {
  const { trace, step } = traced;
  const base = ctx.clocks.toWall(trace.artifact, trace.record.time) ?? fallbackUs;
  for (const s of trace.record.steps.slice(0, 40)) {
    const t = ctx.clocks.toWall(trace.artifact, s.time) ?? base;
    const rule = s.ruleText ?? (s.ruleNumber !== null ? `rule ${s.ruleNumber}` : s.handle !== null ? `handle ${s.handle}` : '');
    const params = { family: s.family, table: s.table, chain: s.chain, rule: s.kind === 'policy' ? 'policy' : rule, verdict: s.verdict ?? (s === step ? traced.verdict : 'continue'), kind: s.kind };
    timeline.push(entryOf(iso(t), trace.artifact, `line ${s.line}`, s === step ? 'timeline.traceDeciding' : 'timeline.traceStep', params));
  }
  evidence.push({ artifact: trace.artifact, ref: `line ${step.line}`, text: `${step.family} ${step.table} ${step.chain} ${step.ruleText ?? step.kind} ${step.verdict ?? traced.verdict}`.replace(/\s+/g, ' ') });
}

function addPacketEntries(timeline: TimelineEntry[], evidence: Evidence[], requests: FlowPacket[], hostCapture: string | null, omitted: number): void {
  const shown = requests.filter((r) => !hostCapture || r.artifact === hostCapture);
  const list = shown.length ? shown : requests;
  list.slice(0, 8).forEach((r, i) => {
    const p = r.packet;
    const key = `timeline.${i === 0 ? 'packet' : 'retransmission'}${r.artifact === hostCapture ? 'SeenOn' : ''}`;
    timeline.push(entryOf(iso(p.tUs), r.artifact, `packet ${p.index}`, key, { packet: describePacket(p), iface: p.ifName ?? { key: 'timeline.serverCapture' } }));
  });
  if (list.length > 8) timeline.push(entryOf(iso(list[list.length - 1].packet.tUs), list[list.length - 1].artifact, `packet ${list[list.length - 1].packet.index}`, 'timeline.moreAttempts', { count: list.length - 8 + omitted }));
  if (list[0]) evidence.push({ artifact: list[0].artifact, ref: `packet ${list[0].packet.index}`, text: describePacket(list[0].packet) });
}

function addLogEntries(ctx: CaseContext, timeline: TimelineEntry[], evidence: Evidence[], flow: NetFlow): void {
  for (const [artifact, logs] of ctx.index.logs) {
    const matching = logs.filter((l) => l.packet && ((l.packet.src === flow.src && l.packet.dst === flow.dst) || (l.packet.src === flow.dst && l.packet.dst === flow.src)) && (flow.dport === null || l.packet.dport === flow.dport || l.packet.sport === flow.dport || l.packet.proto?.toLowerCase() !== flow.proto));
    for (const l of matching.slice(0, 8)) {
      timeline.push(entryOf(iso(ctx.clocks.toWall(artifact, l.time)), artifact, `line ${l.line}`, 'timeline.logLine', { prefix: l.packet!.prefix.trim(), proto: l.packet!.proto ?? '', id: l.packet!.id ?? '?', flags: l.packet!.flags.join(',') }));
    }
    if (matching[0]) evidence.push({ artifact, ref: `line ${matching[0].line}`, text: matching[0].text });
  }
}

function addPathEntries(ctx: CaseContext, timeline: TimelineEntry[], evidence: Evidence[], path: HookPathEntry[], decision: OwnerDecision, t: number | null): void {
  const dumps = iptablesDumps(ctx.index);
  for (const e of decision.acceptedBy) {
    const rule = e.outcome?.rule;
    if (!e.iptables || !rule || !('num' in rule)) continue;
    const pair = dumps.find((d) => d.latest.ruleset === e.iptables!.ruleset);
    const c = pair ? counterDelta(pair, e.iptables.table.name, rule) : { delta: null, total: null };
    const key = c.delta !== null ? 'timeline.ruleMatchedDelta' : c.total !== null ? 'timeline.ruleMatchedTotal' : 'timeline.ruleMatched';
    const params = { table: e.iptables.table.name, chain: rule.chain, num: rule.num, target: rule.target ?? '', from: c.delta !== null ? c.total! - c.delta : '', to: c.total ?? '' };
    timeline.push(entryOf(iso(t), e.iptables.artifact, `line ${rule.line}`, key, params));
    evidence.push({ artifact: e.iptables.artifact, ref: `line ${rule.line}`, text: rule.text });
  }
  const entry = decision.entry;
  if (entry?.outcome?.rule) {
    const artifact = entry.iptables?.artifact ?? entry.nft?.artifact ?? '';
    evidence.push({ artifact, ref: `line ${entry.outcome.rule.line}`, text: entry.outcome.rule.text });
  }
  if (entry?.source && !entry.iptables && !entry.nft) evidence.push({ artifact: entry.source.artifact, ref: `line ${entry.source.line}`, text: `${entry.label} priority ${entry.priority ?? '?'}` });
  void path;
}

function addDropEntries(ctx: CaseContext, timeline: TimelineEntry[], evidence: Evidence[], joined: DropObservation[], main: DropObservation, hook: string | null): void {
  // Probe returns in the skb's life (perf probe on the hook function): the hook function saying NF_DROP.
  let firstDropProbe = true;
  for (const d of joined) {
    for (const e of d.life?.events ?? []) {
      if (e.type !== 'probe-return' && e.type !== 'probe') continue;
      const retval = `${e.retval}${e.retval === 0 ? ' (NF_DROP)' : e.retval === 1 ? ' (NF_ACCEPT)' : ''}`;
      const params = { fn: e.location?.symbol ?? e.name, retval, skb: e.skb ?? d.event.skb ?? '?' };
      timeline.push(entryOf(iso(ctx.clocks.toWall(d.artifact, e.time)), d.artifact, `line ${e.line}`, e.type === 'probe-return' ? 'timeline.probeReturned' : 'timeline.probeCalled', params));
      if (e.type === 'probe-return' && e.retval === 0 && firstDropProbe) {
        evidence.push({ artifact: d.artifact, ref: `line ${e.line}`, text: `${e.name} retval ${e.retval} (skb ${e.skb ?? d.event.skb})` });
        firstDropProbe = false;
      }
    }
  }
  const others = joined.filter((d) => d !== main);
  for (const d of others.slice(0, 12)) {
    timeline.push(entryOf(iso(d.tUs), d.artifact, `line ${d.event.line}`, 'timeline.kfreeSkb', { reason: d.reason ?? '', location: d.site.location ?? '?', skb: d.event.skb ?? '?' }));
  }
  // ISO 8601 times of one layout sort as text by code point (localeCompare would load an ICU collator for it).
  timeline.sort((a, b) => ((a.t ?? '') < (b.t ?? '') ? -1 : (a.t ?? '') > (b.t ?? '') ? 1 : 0));
  // The drop itself is always last: the latest drop of the flow, described by the observation that says most
  // about the site (a perf callchain beats a bpftrace symbol without offset).
  const last = [...joined].sort((a, b) => (a.tUs ?? a.window?.toUs ?? 0) - (b.tUs ?? b.window?.toUs ?? 0)).pop() ?? main;
  const stack = main.site.frames.slice(0, 4).map((f) => frameText(f)).filter(Boolean).join(' ← ');
  // Said as suffix clauses (each worded with its leading space), so the kernel words stay parameters.
  const from: MessageParam = main.stackFrom ? { key: 'timeline.stackFrom', params: { artifact: main.stackFrom.artifact, line: main.stackFrom.line } } : last !== main ? { key: 'timeline.siteTracedIn', params: { artifact: main.artifact, line: main.event.line } } : '';
  const when = last.tUs ?? last.window?.toUs ?? null;
  timeline.push(entryOf(iso(when), last.artifact, `line ${last.event.line}`, 'timeline.drop', {
    reason: last.reason ?? main.reason ?? '', location: main.site.location ?? '?', hook: hook ? ` (${hook})` : '', stack: stack ? ` — ${stack}` : '', from,
    window: last.tUs === null && last.window ? { key: 'timeline.withinInterval' } : '',
  }));
  evidence.push({ artifact: main.artifact, ref: `line ${main.event.line}`, text: `${main.event.name} skb ${main.event.skb ?? '?'} location ${main.site.location ?? '?'} ${main.reason ?? ''}`.trim() });
  for (const t of main.twins) evidence.push({ artifact: t.artifact, ref: `line ${t.event.line}`, text: `${t.event.name} skb ${t.event.skb ?? '?'} ${t.event.reason ?? t.event.reasonCode ?? ''}`.trim() });
}
