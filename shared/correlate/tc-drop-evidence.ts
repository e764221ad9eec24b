import type { MessageParam, MessageRef } from '../i18n/message-ref';
import type { BpfAttachFact } from '../model/bpf-prog';
import type { QdiscFact } from '../model/qdisc';
import type { DropOwner, Evidence, Finding, HookPathStep, TimelineEntry } from '../model/verdict';
import { baseFunction, filterOnlyQdiscs, tcAmbiguousFunctions, tcDirectionOf, type TcDirection } from '../kernel/tc-drop-sites';
import type { CaseIndex } from './case-index';
import { counterChanges, type CounterChange } from './counter-snapshots';
import { englishOf } from './explain';
import { stateOfKind, type StateOf } from './kernel-state-records';

// Drops that happen before netfilter or after it, in traffic control: a tc / tcx BPF program or filter that returns
// TC_ACT_SHOT on a device's ingress or egress, an XDP program that returns XDP_DROP, a qdisc over its limit. The drop
// trace names the place (drop reason TC_INGRESS / TC_EGRESS / XDP / QDISC_DROP, or the freeing function), the attach
// facts (`bpftool net show`, `bpftool link show`) name the programs there, and the qdisc counters (`tc -s qdisc`,
// two snapshots) say how many packets the place dropped while the flow failed. No rule is involved, so the hook is
// null (verdict contract: hook is a netfilter hook or null).

/** What tc / XDP / qdisc state says about one failed flow. */
export interface TcDecision {
  direction: TcDirection;
  device: string | null;
  owner: DropOwner;
  code: 'tc-drop' | 'xdp-drop' | 'qdisc-drop';
  confidence: Finding['confidence'];
  timeline: TimelineEntry[];
  evidence: Evidence[];
  /** The sentences after the first; the first is `lead` worded with the flow (see tcExplain). */
  lead: MessageRef;
  explain: MessageRef[];
  missing: string[];
  hookPath: HookPathStep[];
}

/** What the caller knows about the flow's drop. */
export interface TcDropInput {
  /** Drop reason and freeing function of the flow's traced drop; both null without a drop trace. */
  reason: string | null;
  fn: string | null;
  /** True when a kernel drop trace joined the flow (then only a tc / XDP / qdisc site counts, not counters alone). */
  dropTraced: boolean;
  /** The device the flow's packets were captured on, when the capture says (pcapng interface name). */
  device: string | null;
}

interface Candidate {
  attach: StateOf<BpfAttachFact>;
  name: string;
  id: number | null;
}

const NO_OWNER: DropOwner = { kind: null, backend: null, table: null, chain: null, rule: null, module: null, hookFunction: null, priority: null };

function entry(artifact: string, ref: string, key: string, params: Record<string, MessageParam>): TimelineEntry {
  const message: MessageRef = { key, params };
  return { t: null, artifact, ref, what: englishOf([message]), message };
}

function directionMatches(attach: BpfAttachFact, direction: TcDirection): boolean {
  const type = attach.attachType.toLowerCase();
  if (direction === 'xdp') return type === 'xdp';
  if (!/^(tc|tcx|netkit)/.test(type)) return false;
  const where = (attach.where ?? '').toLowerCase();
  // `clsact/ingress`, `tcx_ingress`, a tcx link's `ingress`; classic `ingress` qdisc attaches print `ingress` too.
  return where.includes(direction) || type.includes(direction);
}

/** The program name without bpftool's `:[*fsobj]` / `:[id]` / section decorations. */
function programName(attach: BpfAttachFact, progs: Map<number, string | null>): string {
  const fromProg = attach.progId !== null ? progs.get(attach.progId) : null;
  return fromProg ?? attach.progName?.replace(/:\[[^\]]*\]$/, '') ?? (attach.progId !== null ? `id ${attach.progId}` : 'an unnamed program');
}

function qdiscOf(index: CaseIndex, scope: string): StateOf<QdiscFact> | null {
  return stateOfKind(index.state, 'qdisc').find((q) => q.record.scope === scope) ?? null;
}

/** The `dropped` counters of qdiscs in the direction, grown (two snapshots) or only non-zero (one). */
function droppedCounters(index: CaseIndex, direction: TcDirection, device: string | null): Array<{ change: CounterChange; qdisc: QdiscFact }> {
  const tc = index.counters.filter((c) => index.formats.get(c.artifact) === 'tc-stats');
  const out: Array<{ change: CounterChange; qdisc: QdiscFact }> = [];
  for (const change of counterChanges(tc)) {
    if (change.name !== 'dropped' || change.after === 0) continue;
    const q = qdiscOf(index, change.scope)?.record;
    if (!q || q.object !== 'qdisc') continue;
    if (device && q.device && q.device !== device) continue;
    const ingressSide = filterOnlyQdiscs.has(q.type);
    // clsact counts both directions' shots on one qdisc; any other qdisc only sees egress.
    if (direction === 'xdp') continue;
    if (direction === 'ingress' && !ingressSide) continue;
    if (direction === 'egress' && q.type === 'ingress') continue;
    out.push({ change, qdisc: q });
  }
  return out.sort((a, b) => (b.change.delta ?? -1) - (a.change.delta ?? -1));
}

function qdiscLabel(q: QdiscFact): string {
  return `${q.type} ${q.handle}`;
}

function counterEntry(c: { change: CounterChange; qdisc: QdiscFact }): TimelineEntry {
  const { change, qdisc } = c;
  const params = { qdisc: qdiscLabel(qdisc), device: qdisc.device ?? '?', before: change.before ?? 0, after: change.after, delta: change.delta ?? 0 };
  return entry(change.artifact, `line ${change.line}`, change.delta !== null ? 'timeline.tc.qdiscGrew' : 'timeline.tc.qdiscSingle', params);
}

function counterSentence(c: { change: CounterChange; qdisc: QdiscFact }): MessageRef {
  const { change, qdisc } = c;
  if (change.delta !== null) return { key: 'explain.tc.qdiscGrew', params: { qdisc: qdiscLabel(qdisc), device: qdisc.device ?? '?', count: change.delta, before: change.beforeArtifact ?? '', after: change.artifact } };
  return { key: 'explain.tc.qdiscSingle', params: { qdisc: qdiscLabel(qdisc), device: qdisc.device ?? '?', count: change.after, artifact: change.artifact } };
}

function collectFor(direction: TcDirection, device: string | null): string[] {
  const dev = device ?? '<device>';
  if (direction === 'xdp') return [`ip -d link show dev ${dev}   (the XDP program and its mode)`, 'bpftool net show; bpftool prog show'];
  return [`tc -s qdisc show dev ${dev}; tc -s filter show dev ${dev} ${direction}   (before and after reproducing: which filter shot the packets)`, 'bpftool net show; bpftool link show; bpftool prog show'];
}

/**
 * The tc / XDP / qdisc explanation of a failed flow, or null when neither the drop trace nor the counters point there.
 * With a traced tc drop the owner is the one program attached in that direction (corroborated by the counters when
 * they grew), the programs together when several are (kind bpf, which one unknown), a qdisc that is not a filter
 * holder (kind kernel), else unknown. Without a drop trace only a counter that grew between two snapshots counts,
 * and the result is inferred; a single snapshot never names an owner.
 */
export function tcDropDecision(index: CaseIndex, input: TcDropInput): TcDecision | null {
  const traced = tcDirectionOf(input.reason, input.fn);
  const progs = new Map(stateOfKind(index.state, 'bpf-prog').map((p) => [p.record.id, p.record.name] as const));
  const attaches = stateOfKind(index.state, 'bpf-attach');

  let direction: TcDirection | null = traced;
  let grown: Array<{ change: CounterChange; qdisc: QdiscFact }> = [];
  // A traced drop elsewhere is not ours — unless it was freed where tc frees too and no reason was decoded.
  const ambiguous = input.dropTraced && !direction && !input.reason && input.fn ? tcAmbiguousFunctions[baseFunction(input.fn)] ?? null : null;
  if (!direction && input.dropTraced && !ambiguous) return null;
  if (!direction) {
    // No traced tc drop: only a qdisc counter that grew while the flow failed points here.
    for (const d of ambiguous ? [ambiguous] : (['ingress', 'egress'] as const)) {
      const g = droppedCounters(index, d, input.device).filter((c) => (c.change.delta ?? 0) > 0);
      if (g.length) {
        direction = d;
        grown = g;
        break;
      }
    }
    if (!direction) return null;
  }
  const counters = traced ? droppedCounters(index, direction, input.device) : grown;
  const candidates: Candidate[] = attaches
    .filter((a) => directionMatches(a.record, direction!) && (!input.device || !a.record.device || a.record.device === input.device))
    .map((a) => ({ attach: a, name: programName(a.record, progs), id: a.record.progId }));
  // Without a device from the capture, a grown counter names the device.
  const counterDevice = counters.find((c) => (c.change.delta ?? 0) > 0)?.qdisc.device ?? null;
  const onDevice = counterDevice ? candidates.filter((c) => !c.attach.record.device || c.attach.record.device === counterDevice) : candidates;
  const programs = onDevice.length ? onDevice : candidates;
  const device = input.device ?? counterDevice ?? (programs.length === 1 ? programs[0].attach.record.device : null);
  const grew = counters.some((c) => (c.change.delta ?? 0) > 0);

  const timeline: TimelineEntry[] = [];
  const evidence: Evidence[] = [];
  const explain: MessageRef[] = [];
  const hookPath: HookPathStep[] = [];
  const missing: string[] = [];
  const deviceParam: MessageParam = device ?? { key: 'explain.tc.someDevice' };
  const where = direction === 'xdp' ? 'XDP' : `tc ${direction}`;

  let owner: DropOwner = { ...NO_OWNER };
  let code: TcDecision['code'] = direction === 'xdp' ? 'xdp-drop' : 'tc-drop';
  let confidence: Finding['confidence'] = 'inferred';
  let lead: MessageRef = { key: 'explain.tc.unknown', params: { where, device: deviceParam } };
  const qdiscOwner = counters.find((c) => (c.change.delta ?? 0) > 0 && !filterOnlyQdiscs.has(c.qdisc.type));

  if (programs.length === 1) {
    const p = programs[0];
    owner = { ...NO_OWNER, kind: 'bpf', hookFunction: p.name };
    // The trace names the place and only one program sits there; grown counters agree. Still not the kernel naming
    // the program itself (a classic filter would not show in bpftool), so corroborated, not confirmed.
    confidence = traced ? 'corroborated' : 'inferred';
    lead = { key: direction === 'xdp' ? 'explain.tc.xdpProgram' : 'explain.tc.program', params: { direction, program: p.name, device: deviceParam } };
    explain.push({ key: 'explain.tc.onlyProgram', params: { program: p.name, id: p.id ?? '?', artifact: p.attach.artifact, where } });
  } else if (programs.length > 1) {
    owner = { ...NO_OWNER, kind: 'bpf' };
    lead = { key: 'explain.tc.programs', params: { direction, device: deviceParam, programs: { list: 'and', items: programs.map((p) => p.name) } } };
  } else if (qdiscOwner && direction === 'egress') {
    // A qdisc that is not a filter holder dropped on its own (over its limit): the kernel, at that qdisc.
    owner = { ...NO_OWNER, kind: 'kernel', hookFunction: input.fn ?? null };
    code = 'qdisc-drop';
    confidence = traced ? 'corroborated' : 'inferred';
    lead = { key: 'explain.tc.qdisc', params: { qdisc: qdiscLabel(qdiscOwner.qdisc), device: qdiscOwner.qdisc.device ?? deviceParam } };
  } else {
    lead = { key: 'explain.tc.unknown', params: { where, device: deviceParam } };
  }
  if (input.reason) explain.push({ key: 'explain.tc.traced', params: { reason: input.reason } });

  for (const c of counters.slice(0, 4)) {
    timeline.push(counterEntry(c));
    evidence.push({ artifact: c.change.artifact, ref: `line ${c.change.line}`, text: `${qdiscLabel(c.qdisc)} on ${c.qdisc.device ?? '?'}: dropped ${c.change.before !== null ? `${c.change.before} → ` : ''}${c.change.after}` });
    explain.push(counterSentence(c));
  }
  for (const p of programs) {
    const a = p.attach.record;
    timeline.push(entry(p.attach.artifact, `line ${a.line}`, 'timeline.tc.attached', { program: p.name, id: p.id ?? '?', device: a.device ?? '?', where: a.where ?? a.attachType }));
    evidence.push({ artifact: p.attach.artifact, ref: `line ${a.line}`, text: `${a.attachType} ${a.device ?? '?'} ${a.where ?? ''} ${a.progName ?? p.name} id ${p.id ?? '?'}`.replace(/\s+/g, ' ').trim() });
    hookPath.push({ priority: null, kind: 'bpf', label: `${where} ${a.device ?? '?'} ${p.name}`, verdict: programs.length === 1 ? 'DROP' : null, rule: null, dropped: programs.length === 1, artifact: p.attach.artifact, ref: `line ${a.line}` });
  }
  if (programs.length === 0 && qdiscOwner) {
    const q = qdiscOwner;
    hookPath.push({ priority: null, kind: 'kernel', label: `qdisc ${qdiscLabel(q.qdisc)} ${q.qdisc.device ?? '?'}`, verdict: 'DROP', rule: null, dropped: true, artifact: q.change.artifact, ref: `line ${q.change.line}` });
  }

  if (!traced) explain.push(ambiguous ? { key: 'explain.tc.reasonUnknown', params: { function: input.fn ?? '?' } } : { key: 'explain.tc.noTrace' });
  if (!grew && counters.length) explain.push({ key: 'explain.tc.singleWeak' });
  if (programs.length === 1 && direction !== 'xdp') explain.push({ key: 'explain.tc.classicFilters', params: { device: device ?? '<device>', direction } });
  if (programs.length !== 1 || !grew) missing.push(...collectFor(direction, device));
  if (programs.length === 1 && programs[0].id !== null) missing.push(`bpftool prog dump xlated id ${programs[0].id}   (what ${programs[0].name} matches)`);
  return { direction, device, owner, code, confidence, timeline, evidence, lead, explain, missing, hookPath };
}

/** The decision's sentences for a flow: the lead sentence with the flow and its attempts, then the rest. */
export function tcExplain(decision: TcDecision, flowText: string, attempts: number): MessageRef[] {
  const tries: MessageRef = { key: 'explain.tries', params: { count: attempts } };
  return [{ key: decision.lead.key, params: { flow: flowText, tries, ...decision.lead.params } }, ...decision.explain];
}

/**
 * BPF programs attached on the data path (tc, tcx, XDP) when the drop was NOT traced there: not an owner, but the
 * engineer should know they exist — one collect-next line each.
 */
export function attachedProgramsNote(index: CaseIndex): string[] {
  const progs = new Map(stateOfKind(index.state, 'bpf-prog').map((p) => [p.record.id, p.record.name] as const));
  return stateOfKind(index.state, 'bpf-attach')
    .filter((a) => /^(tc|tcx|xdp|netkit)/i.test(a.record.attachType))
    .map((a) => `bpftool prog dump xlated id ${a.record.progId ?? '?'}   (${programName(a.record, progs)} is attached on ${a.record.device ?? '?'} ${a.record.where ?? a.record.attachType}: check it does not drop this flow)`);
}

/**
 * Qdiscs whose `dropped` is non-zero in a single snapshot, when nothing else placed the drop in tc: said as the weak
 * evidence it is (a count since the qdisc was created, for any traffic), with the two snapshots to take.
 */
export function singleSnapshotNotes(index: CaseIndex, device: string | null): { explain: MessageRef[]; evidence: Evidence[]; missing: string[] } {
  const explain: MessageRef[] = [];
  const evidence: Evidence[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const d of ['ingress', 'egress'] as const) {
    for (const c of droppedCounters(index, d, device)) {
      if (c.change.delta !== null || seen.has(c.change.scope)) continue;
      seen.add(c.change.scope);
      explain.push(counterSentence(c));
      evidence.push({ artifact: c.change.artifact, ref: `line ${c.change.line}`, text: `${qdiscLabel(c.qdisc)} on ${c.qdisc.device ?? '?'}: dropped ${c.change.after}` });
      missing.push(...collectFor(d, c.qdisc.device).slice(0, 1));
    }
  }
  if (explain.length) explain.push({ key: 'explain.tc.singleWeak' });
  return { explain, evidence, missing: [...new Set(missing)] };
}
