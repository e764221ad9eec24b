import type { RuleTrace, RuleTraceSource, RuleTraceStep, TracedPacket } from '../model/rule-trace';
import { iptablesChainHooks } from '../kernel/hooks';

// Rule tracers print one line per rule a packet meets; this groups the lines of one packet into one RuleTrace.
// nft and xtables-monitor name the packet by a trace id, but the id is a hash of the skb and comes back for later
// packets (the lab saw 89de585f twice within seconds), so a packet ends when its id shows up again after a drop,
// with a packet line that cannot be the same packet (other IP id, protocol, length, flags), or at a base chain the
// packet already left. Legacy TRACE lines carry no id: a line joins the open packet with the same fields (IP id,
// length, protocol, one address kept through NAT) whose hook path it continues.
// Ref: net/netfilter/nf_tables_trace.c (trace id, one packet dump per base chain), iptables
// iptables/xtables-monitor.c (trace_cb), net/ipv4/netfilter/ip_tables.c trace_packet; formats-notes §13–14.

/** A packet with no line for this many lines is finished: one packet's trace lines are never that far apart. */
const STALE_LINES = 400;
/** Open packets kept at most; the oldest is finished first. */
const MAX_OPEN = 256;
/** Legacy lines of one packet come within microseconds; a second apart they are two packets. */
const MAX_GAP_SECONDS = 1;
/** A new trace id is the same packet as another id's only within this many lines. */
const ALIAS_LINES = 50;

/** Verdicts after which the packet goes nowhere: the trace of that packet is over. */
const FINAL = new Set(['drop', 'stolen']);
/** Verdicts that do not end a chain. */
const PASSING = new Set(['continue', 'return', 'break']);

// Hook order on the way through the stack: PREROUTING / OUTPUT first, INPUT / FORWARD next, POSTROUTING last.
const HOOK_RANK: Record<string, number> = { PRE_ROUTING: 0, LOCAL_OUT: 0, LOCAL_IN: 1, FORWARD: 1, POST_ROUTING: 2 };

interface Building {
  trace: RuleTrace;
  lastLine: number;
  closed: boolean;
  /** `table chain` of the chains entered with a packet line (nft / xtables-monitor) or traversed (legacy). */
  entered: Set<string>;
  /** Chains whose policy was applied: base chains the packet has left. */
  left: Set<string>;
  finalVerdict: boolean;
  /** Legacy: the hook of the chain traversal in progress. */
  hook: string | null;
  lastView: TracedPacket | null;
  /** Trace ids this packet was printed under (older kernels gave one packet another id at a later hook). */
  ids: string[];
}

function chainKey(table: string, chain: string): string {
  return `${table} ${chain}`;
}

/** True when two printed views can be the same packet at two points of its path (NAT may change one address and port). */
export function samePacket(a: TracedPacket, b: TracedPacket): boolean {
  const both = <T>(x: T | null, y: T | null) => x !== null && y !== null;
  if (both(a.ipId, b.ipId) && a.ipId !== b.ipId) return false;
  if (both(a.ipLen, b.ipLen) && a.ipLen !== b.ipLen) return false;
  if (both(a.tuple.proto, b.tuple.proto) && a.tuple.proto !== b.tuple.proto) return false;
  if (both(a.tcpFlags, b.tcpFlags) && a.tcpFlags !== b.tcpFlags) return false;
  if (both(a.icmpType, b.icmpType) && a.icmpType !== b.icmpType) return false;
  for (const key of ['SEQ', 'ACK', 'FLOWLBL', 'icmp sequence', 'icmp id', 'ICMP.SEQ', 'ICMP.ID']) {
    if (key in a.fields && key in b.fields && a.fields[key] !== b.fields[key]) return false;
  }
  if (both(a.tuple.src, b.tuple.src) && both(a.tuple.dst, b.tuple.dst)) {
    return a.tuple.src === b.tuple.src || a.tuple.dst === b.tuple.dst;
  }
  return true;
}

/**
 * True when two views under different trace ids are one packet: same non-zero IPv4 id, length and flags, one
 * address kept. Kernel 6.2 printed a forwarded SYN under one id in PREROUTING and another in FORWARD (the Docker
 * sample); SYN-ACKs and RSTs carry IP id 0, so those never merge.
 */
function samePacketOtherId(a: TracedPacket, b: TracedPacket): boolean {
  return a.ipId !== null && a.ipId !== 0 && a.ipId === b.ipId && a.ipLen !== null && a.ipLen === b.ipLen && a.tuple.src !== null && samePacket(a, b);
}

/** True when a later view shows the packet changed (NAT, routing, TTL): worth keeping as a later view. */
function changed(a: TracedPacket, b: TracedPacket): boolean {
  return a.tuple.src !== b.tuple.src || a.tuple.dst !== b.tuple.dst || a.tuple.sport !== b.tuple.sport || a.tuple.dport !== b.tuple.dport
    || a.iif !== b.iif || a.oif !== b.oif || a.ttl !== b.ttl;
}

/** Fills `verdict` and `decidingStep` once a packet's lines are all in. */
export function decideTrace(trace: RuleTrace): void {
  const steps = trace.steps;
  if (trace.source === 'iptables-trace') {
    // Legacy TRACE prints no verdict: a rule followed by a line in a user chain was a jump to it; the deciding
    // line is the last rule or policy line (a RETURN line is always followed by its caller's next line).
    for (let i = 0; i + 1 < steps.length; i++) {
      const next = steps[i + 1];
      if (steps[i].kind === 'rule' && next.table === steps[i].table && next.chain !== steps[i].chain && !(next.chain in iptablesChainHooks)) {
        steps[i].verdict = `jump ${next.chain}`;
        steps[i].verdictInferred = true;
      }
    }
    let last: number | null = null;
    steps.forEach((s, i) => {
      if (s.kind !== 'return') last = i;
    });
    trace.decidingStep = last;
    trace.verdict = null;
    return;
  }
  const final = steps.findIndex((s) => s.verdict !== null && FINAL.has(s.verdict));
  if (final >= 0) {
    trace.decidingStep = final;
    trace.verdict = steps[final].verdict;
    return;
  }
  let deciding: number | null = null;
  steps.forEach((s, i) => {
    if (s.verdict !== null && !PASSING.has(s.verdict) && !/^(?:jump|goto) /.test(s.verdict)) deciding = i;
  });
  trace.decidingStep = deciding;
  trace.verdict = deciding === null ? null : steps[deciding].verdict;
}

/**
 * Collects trace lines into packets and hands finished packets back in the order their first line came.
 * Call `take(line)` after feeding each line and `finish()` at the end.
 */
export class TraceAssembler {
  private readonly byId = new Map<string, Building>();
  private readonly queue: Building[] = [];
  private head = 0;
  private openCount = 0;

  constructor(private readonly source: RuleTraceSource) {}

  private start(id: string | null, line: number, time: RuleTrace['time']): Building {
    const trace: RuleTrace = {
      kind: 'rule-trace', line, endLine: line, source: this.source, traceId: id, time, packet: null, laterViews: [], steps: [], verdict: null, decidingStep: null,
    };
    const b: Building = { trace, lastLine: line, closed: false, entered: new Set(), left: new Set(), finalVerdict: false, hook: null, lastView: null, ids: id === null ? [] : [id] };
    this.queue.push(b);
    this.openCount++;
    if (id !== null) this.byId.set(id, b);
    if (this.openCount > MAX_OPEN) {
      const oldest = this.queue.slice(this.head).find((o) => !o.closed);
      if (oldest) this.close(oldest);
    }
    return b;
  }

  private close(b: Building): void {
    if (b.closed) return;
    b.closed = true;
    this.openCount--;
    for (const id of b.ids) if (this.byId.get(id) === b) this.byId.delete(id);
    if (b.ids.length > 1) b.trace.otherTraceIds = b.ids.slice(1);
    decideTrace(b.trace);
  }

  private touch(b: Building, line: number): void {
    b.lastLine = line;
    b.trace.endLine = Math.max(b.trace.endLine, line);
  }

  private addView(b: Building, view: TracedPacket): void {
    if (b.trace.packet === null) b.trace.packet = view;
    else if (b.lastView && changed(b.lastView, view)) b.trace.laterViews.push(view);
    b.lastView = view;
  }

  private current(id: string, line: number): Building | null {
    const b = this.byId.get(id) ?? null;
    if (b && line - b.lastLine > STALE_LINES) {
      this.close(b);
      return null;
    }
    return b;
  }

  /** nft `packet:` / xtables-monitor `PACKET:` line: the packet entering chain `table chain` (when the line names it). */
  packetLine(id: string, view: TracedPacket, table: string | null, chain: string | null): void {
    const at = table !== null && chain !== null ? chainKey(table, chain) : null;
    let b = this.current(id, view.line);
    if (b && (b.finalVerdict || (at !== null && (b.entered.has(at) || b.left.has(at))) || (b.lastView !== null && !samePacket(b.lastView, view)))) {
      this.close(b);
      b = null;
    }
    b ??= this.samePacketElsewhere(id, view) ?? this.start(id, view.line, null);
    if (at !== null) b.entered.add(at);
    this.addView(b, view);
    this.touch(b, view.line);
  }

  /** An open packet printed under another id that this view continues; the id then names it too. */
  private samePacketElsewhere(id: string, view: TracedPacket): Building | null {
    for (let i = this.queue.length - 1; i >= this.head; i--) {
      const b = this.queue[i];
      if (view.line - b.lastLine > ALIAS_LINES) break;
      if (b.closed || b.finalVerdict || b.ids.includes(id) || !b.lastView || !samePacketOtherId(b.lastView, view)) continue;
      b.ids.push(id);
      this.byId.set(id, b);
      return b;
    }
    return null;
  }

  /** One rule / policy / return line of packet `id`. */
  stepLine(id: string, step: RuleTraceStep): void {
    const at = chainKey(step.table, step.chain);
    let b = this.current(id, step.line);
    if (b && (b.finalVerdict || b.left.has(at))) {
      this.close(b);
      b = null;
    }
    b ??= this.start(id, step.line, step.time);
    this.addStep(b, step);
  }

  private addStep(b: Building, step: RuleTraceStep): void {
    const last = b.trace.steps[b.trace.steps.length - 1];
    // A user chain runs on the hook of the built-in chain that jumped to it.
    if (step.hook === null && last && last.table === step.table && step.family === last.family && this.source !== 'nft-trace') step.hook = last.hook;
    b.trace.steps.push(step);
    if (step.kind === 'policy') b.left.add(chainKey(step.table, step.chain));
    if (step.verdict !== null && FINAL.has(step.verdict)) b.finalVerdict = true;
    this.touch(b, step.line);
  }

  /** A legacy TRACE line: a step and the packet as printed with it; joins the open packet it continues. */
  legacyLine(step: RuleTraceStep, view: TracedPacket): void {
    const builtinHook = iptablesChainHooks[step.chain] ?? null;
    let found: Building | null = null;
    for (let i = this.queue.length - 1; i >= this.head; i--) {
      const b = this.queue[i];
      if (b.closed) continue;
      if (step.line - b.lastLine > STALE_LINES) {
        this.close(b);
        continue;
      }
      if (b.lastView && samePacket(b.lastView, view) && this.continues(b, step, builtinHook)) {
        found = b;
        break;
      }
    }
    const b = found ?? this.start(null, step.line, step.time);
    const last = b.trace.steps[b.trace.steps.length - 1];
    // A new table or a new built-in chain starts a traversal of a hook.
    const starts = !last || last.table !== step.table || (builtinHook !== null && step.chain !== last.chain && last.chain in iptablesChainHooks);
    if (starts) {
      b.hook = builtinHook;
      b.entered.add(chainKey(step.table, step.chain));
    }
    step.hook = builtinHook ?? b.hook;
    this.addView(b, view);
    this.addStep(b, step);
  }

  /** True when `step` can be the next line of packet `b`: no hook already passed, no table traversed twice, close in time. */
  private continues(b: Building, step: RuleTraceStep, builtinHook: string | null): boolean {
    const last = b.trace.steps[b.trace.steps.length - 1];
    if (!last) return true;
    if (last.time && step.time && last.time.clock === step.time.clock && Math.abs(step.time.value - last.time.value) > MAX_GAP_SECONDS) return false;
    const starts = last.table !== step.table || (builtinHook !== null && step.chain !== last.chain && last.chain in iptablesChainHooks);
    if (!starts) return true;
    if (b.entered.has(chainKey(step.table, step.chain))) return false;
    if (builtinHook === null || b.hook === null) return true;
    const was = HOOK_RANK[b.hook] ?? 0;
    const now = HOOK_RANK[builtinHook] ?? 0;
    return now > was || (now === was && builtinHook === b.hook);
  }

  /** The packets finished by now (no line for a while, or pushed out), in the order their first line came. */
  take(line: number): RuleTrace[] {
    const out: RuleTrace[] = [];
    while (this.head < this.queue.length) {
      const b = this.queue[this.head];
      if (!b.closed && line - b.lastLine > STALE_LINES) this.close(b);
      if (!b.closed) break;
      out.push(b.trace);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** Every packet still open, finished, in first-line order. */
  finish(): RuleTrace[] {
    for (let i = this.head; i < this.queue.length; i++) this.close(this.queue[i]);
    return this.take(Number.MAX_SAFE_INTEGER);
  }
}
