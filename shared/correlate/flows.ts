import type { Packet } from '../model/packet';
import { HAS_DPORT, HAS_ICMPID, HAS_ICMPSEQ, HAS_ICMPTYPE, HAS_IPID, HAS_PROTO, HAS_SEQ, HAS_SPORT, HAS_TCPFLAGS, type PacketBlock, type PacketTable, type UintColumn } from '../model/packet-table';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../model/packet';
import { protoName } from './packet-view';
import { RowFlows } from './row-flows';

/** One packet of a flow as one capture saw it. */
export interface FlowPacket {
  artifact: string;
  packet: Packet;
  /** True when the packet travels from the flow's initiator to its responder. */
  forward: boolean;
}

/**
 * A conversation between two endpoints (TCP/UDP by 5-tuple, ICMP echo by id), across every capture that saw it.
 * The initiator is whoever sent the first SYN / echo request / first datagram.
 */
export interface NetFlow {
  key: string;
  proto: string;
  src: string;
  sport: number | null;
  dst: string;
  dport: number | null;
  packets: FlowPacket[];
  /** What went wrong, or null when the flow completed. */
  symptom: FlowSymptom | null;
}

export interface FlowSymptom {
  /** 'no-answer' (requests never answered), 'reset' (RST to a SYN), 'icmp-error' (an ICMP error answered),
   *  'handshake-incomplete' (SYN-ACK seen but the handshake never completed). */
  kind: 'no-answer' | 'reset' | 'icmp-error' | 'handshake-incomplete';
  /** Requests sent (SYNs incl. retransmissions, echo requests). */
  attempts: number;
  /** The packets that show it, in time order (first SYN, its retransmissions…). */
  evidence: FlowPacket[];
  /** The packet that answered (RST / ICMP error), when there was one. */
  answer: FlowPacket | null;
  /**
   * True when silence alone does not prove a failure (UDP without a reply, TCP seen mid-stream without its SYN):
   * the engine reports it only when a drop or an ICMP error ties to it.
   */
  weak?: boolean;
  /** More flows of the same client and service that showed the same, counted in `attempts` but not kept packet by packet. */
  similarFlows?: number;
  /** Requests of this flow counted in `attempts` but not kept packet by packet (a flood on one tuple; see buildFlows). */
  omittedRequests?: number;
}

const TCP = 6;
const UDP = 17;
const SCTP = 132;
const ICMP = 1;
const ICMPV6 = 58;
/** Flows kept whole per (protocol, client, server, service); see buildFlows. */
export const MAX_FLOWS_PER_GROUP = 64;
/** Packets of one flow kept as objects (first and last half) when the rest are the same request repeated. */
export const MAX_FLOW_PACKETS = 2000;

/** A row's place in time order across captures: time, then capture order, then file order (a stable merge). */
interface Place {
  t: number;
  capture: number;
  row: number;
}

function byPlace(a: Place, b: Place): number {
  return a.t - b.t || a.capture - b.capture || a.row - b.row;
}

function portOf(b: PacketBlock, i: number, bit: number, column: UintColumn): number {
  return (b.has[i] & bit) !== 0 ? column[i] : -1;
}

function isRequestRow(b: PacketBlock, i: number): boolean {
  const has = b.has[i];
  const proto = b.proto[i];
  if (proto === TCP) return (has & HAS_TCPFLAGS) !== 0 && (b.flags[i] & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  if (proto === UDP) return true; // every datagram from the initiator asks for something; only replies tell
  if (proto === ICMP) return (has & HAS_ICMPTYPE) !== 0 && b.flags[i] === 8;
  if (proto === ICMPV6) return (has & HAS_ICMPTYPE) !== 0 && b.flags[i] === 128;
  return false;
}

/** ICMP errors carry the offending packet's header; the engine ties them to flows by addressee and time. */
function isIcmpErrorRow(b: PacketBlock, i: number): boolean {
  if ((b.has[i] & HAS_PROTO) === 0) return false;
  const type = (b.has[i] & HAS_ICMPTYPE) !== 0 ? b.flags[i] : null;
  return (b.proto[i] === ICMP && (type === 3 || type === 11)) || (b.proto[i] === ICMPV6 && (type ?? 0) < 128);
}

/** The echo id of an ICMP echo request/reply row, or null when the row is no echo. */
function echoOf(b: PacketBlock, i: number): boolean {
  if ((b.has[i] & HAS_ICMPTYPE) === 0) return false;
  const type = b.flags[i];
  return (b.proto[i] === ICMP && (type === 8 || type === 0)) || (b.proto[i] === ICMPV6 && (type === 128 || type === 129));
}

/**
 * Rows of one capture → flows, keyed by integers: (protocol, the two endpoints' address ids and ports in a fixed
 * order, or the echo id). An open-addressing table over Float64 keys, so no string is built per packet.
 */
class LocalFlowKeys {
  private keys = new Float64Array(4 * 1024);
  private values = new Int32Array(1024).fill(-1);
  private size = 0;

  private slot(k0: number, k1: number, k2: number, k3: number): number {
    const mask = this.values.length - 1;
    // Combine, then murmur3's finaliser: the slot is the low bits, which must depend on every input bit.
    let h = Math.imul(k0, 0x9e3779b1) ^ Math.imul(k1, 0x85ebca6b) ^ Math.imul(k2, 0xc2b2ae35) ^ Math.imul(k3 | 0, 0x27d4eb2f) ^ ((k3 / 4294967296) | 0);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & mask;
    for (;;) {
      if (this.values[slot] === -1) return slot;
      const o = slot * 4;
      if (this.keys[o] === k0 && this.keys[o + 1] === k1 && this.keys[o + 2] === k2 && this.keys[o + 3] === k3) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The value stored for the key, or -1. */
  find(k0: number, k1: number, k2: number, k3: number): number {
    return this.values[this.slot(k0, k1, k2, k3)];
  }

  /** Stores a value for a key that `find` did not find. */
  insert(k0: number, k1: number, k2: number, k3: number, value: number): void {
    const slot = this.slot(k0, k1, k2, k3);
    const o = slot * 4;
    this.keys[o] = k0;
    this.keys[o + 1] = k1;
    this.keys[o + 2] = k2;
    this.keys[o + 3] = k3;
    this.values[slot] = value;
    if (++this.size * 2 > this.values.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Int32Array(oldValues.length * 2).fill(-1);
    this.size = 0;
    for (let s = 0; s < oldValues.length; s++) {
      if (oldValues[s] !== -1) this.insert(oldKeys[s * 4], oldKeys[s * 4 + 1], oldKeys[s * 4 + 2], oldKeys[s * 4 + 3], oldValues[s]);
    }
  }
}

/** The flow key as text, the same for one flow in every capture (ids differ between captures, addresses do not). */
function flowKeyText(table: PacketTable, b: PacketBlock, i: number, echo: boolean): string {
  const src = table.address(b.src[i])!;
  const dst = table.address(b.dst[i])!;
  if (echo) {
    const [x, y] = src < dst ? [src, dst] : [dst, src];
    return `${b.proto[i]}|echo|${x}|${y}|${(b.has[i] & HAS_ICMPID) !== 0 ? b.portA[i] : null}`;
  }
  const a = `${src}|${(b.has[i] & HAS_SPORT) !== 0 ? b.portA[i] : null}`;
  const z = `${dst}|${(b.has[i] & HAS_DPORT) !== 0 ? b.portB[i] : null}`;
  return `${b.proto[i]}|${a < z ? `${a}|${z}` : `${z}|${a}`}`;
}

/**
 * Groups the packets of every capture into flows and returns the ones that did not complete. Works on the capture
 * tables' columns: per packet a few integer reads, per flow a few numbers in flat arrays; only the packets of flows
 * that may have failed become objects.
 */
export function buildFlows(captures: Map<string, PacketTable>): NetFlow[] {
  const tables = [...captures.entries()];
  // Per flow (flat arrays, not an object per flow: a scan makes hundreds of thousands): protocol, echo or not, and
  // its first packet (time, capture, row), which names the initiator.
  const protoOf: number[] = [];
  const echoFlow: boolean[] = [];
  const firstT: number[] = [];
  const firstCapture: number[] = [];
  const firstRow: number[] = [];
  // With several captures a flow is matched across them by its key text (address ids differ between files).
  const byKey = tables.length > 1 ? new Map<string, number>() : null;
  const flowOfRow: RowFlows[] = [];
  const errorPlaces: Place[] = [];

  // 1. Each row's flow and each flow's first packet.
  tables.forEach(([, table], c) => {
    const local = new LocalFlowKeys();
    let last0 = -1;
    let last1 = -1;
    let last2 = -1;
    let last3 = -1;
    let lastFlow = -1;
    const rows = new RowFlows();
    flowOfRow.push(rows);
    let base = 0;
    for (const b of table.blocks) {
      rows.begin(b.length);
      for (let i = 0; i < b.length; i++) {
        if (isIcmpErrorRow(b, i)) {
          errorPlaces.push({ t: b.time(i), capture: c, row: base + i });
          continue;
        }
        const s = b.src[i];
        const d = b.dst[i];
        if (s === 0 || d === 0 || (b.has[i] & HAS_PROTO) === 0) continue;
        const proto = b.proto[i];
        let k0: number;
        let k1: number;
        let k2: number;
        let k3: number;
        let echo = false;
        if (proto === TCP || proto === UDP || proto === SCTP) {
          const sp = portOf(b, i, HAS_SPORT, b.portA) + 1;
          const dp = portOf(b, i, HAS_DPORT, b.portB) + 1;
          k0 = proto;
          if (s < d || (s === d && sp <= dp)) {
            k1 = s;
            k2 = d;
            k3 = sp * 131072 + dp;
          } else {
            k1 = d;
            k2 = s;
            k3 = dp * 131072 + sp;
          }
        } else if (echoOf(b, i)) {
          echo = true;
          k0 = proto + 256;
          k1 = s < d ? s : d;
          k2 = s < d ? d : s;
          k3 = portOf(b, i, HAS_ICMPID, b.portA) + 1;
        } else continue;
        const row = base + i;
        const t = b.time(i);
        // Consecutive packets are mostly one flow's (both directions share its key): no hash for them.
        let g = k0 === last0 && k1 === last1 && k2 === last2 && k3 === last3 ? lastFlow : local.find(k0, k1, k2, k3);
        if (g === -1) {
          g = byKey?.get(flowKeyText(table, b, i, echo)) ?? -1;
          if (g === -1) {
            g = protoOf.length;
            byKey?.set(flowKeyText(table, b, i, echo), g);
            protoOf.push(proto);
            echoFlow.push(echo);
            firstT.push(t);
            firstCapture.push(c);
            firstRow.push(row);
          } else if (t < firstT[g]) {
            firstT[g] = t;
            firstCapture[g] = c;
            firstRow[g] = row;
          }
          local.insert(k0, k1, k2, k3, g);
        } else if (t < firstT[g]) {
          // Captures come in order and rows in file order, so a strictly earlier time is the only way to be first.
          firstT[g] = t;
          firstCapture[g] = c;
          firstRow[g] = row;
        }
        rows.set(i, g);
        last0 = k0;
        last1 = k1;
        last2 = k2;
        last3 = k3;
        lastFlow = g;
      }
      rows.end();
      base += b.length;
    }
  });
  const n = protoOf.length;

  // 2. The initiator: whoever sent the first packet, unless it is obviously an answer (SYN-ACK, echo reply); kept
  //    as address id + port in the first packet's capture, named only for the flows reported.
  const initSrc = new Int32Array(n);
  const initSport = new Int32Array(n);
  const firstIsAnswer = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const table = tables[firstCapture[g]][1];
    const row = firstRow[g];
    const b = table.blocks[row >>> 16];
    const i = row & 0xffff;
    const flags = b.flags[i];
    const tcpAnswer = b.proto[i] === TCP && (b.has[i] & HAS_TCPFLAGS) !== 0 && (flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    const echoAnswer = (b.has[i] & HAS_ICMPTYPE) !== 0 && (flags === 0 || flags === 129);
    const answer = tcpAnswer || echoAnswer;
    firstIsAnswer[g] = answer ? 1 : 0;
    initSrc[g] = answer ? b.dst[i] : b.src[i];
    initSport[g] = answer ? portOf(b, i, HAS_DPORT, b.portB) : portOf(b, i, HAS_SPORT, b.portA);
  }
  const initiatorText = (g: number): string => tables[firstCapture[g]][1].address(initSrc[g])!;

  // 3. Per flow, what its packets add up to: enough to rule out every flow that completed.
  const total = new Uint32Array(n);
  const forward = new Uint32Array(n);
  const requests = new Uint32Array(n);
  const backward = new Uint32Array(n);
  const completed = new Uint8Array(n);
  // Echo flows: the multiset of request sequence numbers against that of the replies, as count, sum, sum of squares
  // and sum of a mixed hash. Equal multisets mean every request was answered (the exact check would find nothing),
  // so the flow's packets need not become objects; anything else is checked packet by packet.
  const echoBalance = new Float64Array(n * 4);
  const forwardOf: Array<(b: PacketBlock, i: number, g: number) => boolean> = [];
  tables.forEach(([, table], c) => {
    // The initiator's address id in this capture (ids are per file).
    const srcIds = tables.length === 1 ? initSrc : Int32Array.from({ length: n }, (_, g) => (firstCapture[g] === c ? initSrc[g] : table.addressId(initiatorText(g))));
    const isForward = (b: PacketBlock, i: number, g: number): boolean => b.src[i] === srcIds[g] && (echoFlow[g] || portOf(b, i, HAS_SPORT, b.portA) === initSport[g]);
    forwardOf.push(isForward);
    table.blocks.forEach((b, bi) => {
      const flowIds = flowOfRow[c].block(bi);
      for (let i = 0; i < b.length; i++) {
        const g = flowIds[i] - 1;
        if (g < 0) continue;
        total[g]++;
        const flags = (b.has[i] & HAS_TCPFLAGS) !== 0 ? b.flags[i] : 0;
        const fwd = isForward(b, i, g);
        if (fwd) {
          forward[g]++;
          if (isRequestRow(b, i)) requests[g]++;
          else if ((flags & TCP_ACK) !== 0 && (flags & TCP_RST) === 0) completed[g] = 1;
        } else backward[g]++;
        if (echoFlow[g]) {
          const seq = (b.has[i] & HAS_ICMPSEQ) !== 0 ? b.portB[i] + 1 : 0;
          const request = fwd && isRequestRow(b, i);
          const reply = !fwd && (b.has[i] & HAS_ICMPTYPE) !== 0 && (b.flags[i] === 0 || b.flags[i] === 129);
          const sign = request ? 1 : reply ? -1 : 0;
          echoBalance[g * 4] += sign;
          echoBalance[g * 4 + 1] += sign * seq;
          echoBalance[g * 4 + 2] += sign * seq * seq;
          echoBalance[g * 4 + 3] += sign * (Math.imul(seq ^ 0x5bd1e995, 0x27d4eb2f) >>> 8);
        }
      }
    });
  });
  const anyError = errorPlaces.length > 0;
  const candidate = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const proto = protoOf[g];
    if (proto === TCP) candidate[g] = requests[g] === 0 ? Number(forward[g] > 0 && forward[g] === total[g]) : Number(anyError || !completed[g]);
    else if (proto === UDP) candidate[g] = Number(requests[g] > 0 && (anyError || backward[g] === 0));
    else if (echoFlow[g]) {
      const balanced = echoBalance[g * 4] === 0 && echoBalance[g * 4 + 1] === 0 && echoBalance[g * 4 + 2] === 0 && echoBalance[g * 4 + 3] === 0;
      candidate[g] = Number(requests[g] > 0 && !balanced);
    }
  }

  // The flow's endpoints as text, from its first packet (only for flows that are kept).
  const endpoints = (g: number): { src: string; sport: number | null; dst: string; dport: number | null } => {
    const table = tables[firstCapture[g]][1];
    const row = firstRow[g];
    const b = table.blocks[row >>> 16];
    const i = row & 0xffff;
    const forwardFirst = !firstIsAnswer[g];
    const sp = portOf(b, i, HAS_SPORT, b.portA);
    const dp = portOf(b, i, HAS_DPORT, b.portB);
    const [srcId, sport, dstId, dport] = forwardFirst ? [b.src[i], sp, b.dst[i], dp] : [b.dst[i], dp, b.src[i], sp];
    return { src: table.address(srcId)!, sport: sport < 0 ? null : sport, dst: table.address(dstId)!, dport: dport < 0 ? null : dport };
  };

  // A service hammered by one client (a SYN flood, a scan, a capture that starts mid-way through thousands of
  // connections) makes one finding: its first flows are kept whole, the others only add their attempts.
  const kept = new Map<string, { flows: number; extraAttempts: number; omitted: number }>();
  for (let g = 0; g < n; g++) {
    if (!candidate[g]) continue;
    const e = endpoints(g);
    const key = `${protoOf[g]}|${e.src}|${e.dst}|${protoOf[g] === TCP || protoOf[g] === UDP ? e.dport : ''}`;
    let group = kept.get(key);
    if (!group) kept.set(key, (group = { flows: 0, extraAttempts: 0, omitted: 0 }));
    if (group.flows < MAX_FLOWS_PER_GROUP) group.flows++;
    else {
      candidate[g] = 0;
      group.omitted++;
      group.extraAttempts += requests[g] > 0 ? requests[g] : forward[g];
    }
  }

  // 4. Only the candidates' packets become objects, in time order; then each flow's symptom.
  const places = new Map<number, Place[]>();
  tables.forEach(([, table], c) => {
    const rows = flowOfRow[c];
    for (let row = 0; row < table.length; row++) {
      const g = rows.flowOf(row);
      if (g < 0 || !candidate[g]) continue;
      let list = places.get(g);
      if (!list) places.set(g, (list = []));
      list.push({ t: table.time(row), capture: c, row });
    }
  });
  const flowPacket = (x: Place, g: number | null): FlowPacket => {
    const [artifact, table] = tables[x.capture];
    const block = table.blocks[x.row >>> 16];
    return { artifact, packet: table.packetAt(x.row), forward: g !== null && forwardOf[x.capture](block, x.row & 0xffff, g) };
  };
  const errors = errorPlaces.sort(byPlace).map((x) => flowPacket(x, null));
  // A flood on one tuple (hping3 -S -k, ping -f) repeats one request hundreds of thousands of times: past
  // MAX_FLOW_PACKETS, the middle of the flow stays in the columns when it is nothing but more of the same requests.
  const isLoneRequest = (x: Place, g: number): boolean => {
    const b = tables[x.capture][1].blocks[x.row >>> 16];
    return isRequestRow(b, x.row & 0xffff) && forwardOf[x.capture](b, x.row & 0xffff, g);
  };
  const out: Array<{ first: Place; flow: NetFlow; group: string }> = [];
  for (const [g, list] of places) {
    const table = tables[firstCapture[g]][1];
    const row = firstRow[g];
    const key = flowKeyText(table, table.blocks[row >>> 16], row & 0xffff, echoFlow[g]);
    const e = endpoints(g);
    list.sort(byPlace);
    const middle = list.length > MAX_FLOW_PACKETS ? list.slice(MAX_FLOW_PACKETS / 2, list.length - MAX_FLOW_PACKETS / 2) : [];
    const capped = middle.length > 0 && middle.every((x) => isLoneRequest(x, g));
    const shown = capped ? [...list.slice(0, MAX_FLOW_PACKETS / 2), ...list.slice(list.length - MAX_FLOW_PACKETS / 2)] : list;
    const flow: NetFlow = { key, proto: protoName(protoOf[g]), ...e, packets: shown.map((x) => flowPacket(x, g)), symptom: null };
    flow.symptom = symptomOf(flow, errors);
    if (flow.symptom && capped) countOmittedRequests(flow, flow.symptom, middle.map((x) => requestKey(tables[x.capture][1], x.row)));
    if (flow.symptom) out.push({ first: list[0], flow, group: `${protoOf[g]}|${e.src}|${e.dst}|${protoOf[g] === TCP || protoOf[g] === UDP ? e.dport : ''}` });
  }
  out.sort((a, b) => byPlace(a.first, b.first));
  // The attempts of the flows not kept join the last kept flow of their group.
  const lastOfGroup = new Map<string, NetFlow>();
  for (const { flow, group } of out) lastOfGroup.set(group, flow);
  for (const [key, group] of kept) {
    const flow = group.omitted > 0 ? lastOfGroup.get(key) : undefined;
    if (!flow?.symptom) continue;
    flow.symptom.attempts += group.extraAttempts;
    flow.symptom.similarFlows = group.omitted;
  }
  return out.map((x) => x.flow);
}

function isRequest(p: Packet): boolean {
  if (p.proto === TCP) return ((p.tcpFlags ?? 0) & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  if (p.proto === UDP) return true;
  if (p.proto === ICMP) return p.icmpType === 8;
  if (p.proto === ICMPV6) return p.icmpType === 128;
  return false;
}

function symptomOf(flow: NetFlow, errors: FlowPacket[]): FlowSymptom | null {
  const requests = flow.packets.filter((p) => p.forward && isRequest(p.packet));
  if (requests.length === 0) {
    // TCP without a SYN (a stray ACK, a capture started mid-connection): only one-way silence is a candidate.
    const forward = flow.packets.filter((p) => p.forward);
    if (flow.proto === 'tcp' && forward.length > 0 && forward.length === flow.packets.length) {
      return { kind: 'no-answer', attempts: countDistinct(forward), evidence: forward, answer: null, weak: true };
    }
    return null;
  }
  const backward = flow.packets.filter((p) => !p.forward);
  const attempts = countDistinct(requests);
  if (flow.proto === 'tcp') {
    const rst = backward.find((p) => ((p.packet.tcpFlags ?? 0) & TCP_RST) !== 0);
    const synack = backward.find((p) => ((p.packet.tcpFlags ?? 0) & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK));
    const completed = flow.packets.some((p) => p.forward && !isRequest(p.packet) && ((p.packet.tcpFlags ?? 0) & TCP_ACK) !== 0 && ((p.packet.tcpFlags ?? 0) & TCP_RST) === 0);
    const err = matchingError(flow, errors);
    if (err) return { kind: 'icmp-error', attempts, evidence: requests, answer: err };
    if (rst && !completed) return { kind: 'reset', attempts, evidence: requests, answer: rst };
    if (!synack && !completed) return { kind: 'no-answer', attempts, evidence: requests, answer: null };
    if (synack && !completed) return { kind: 'handshake-incomplete', attempts, evidence: requests, answer: synack };
    return null;
  }
  if (flow.proto === 'udp') {
    // UDP has no handshake: a flow that never got a datagram back is only a candidate; the engine keeps it as a
    // finding when a drop or an ICMP error ties to it (many UDP protocols never answer).
    const err = matchingError(flow, errors);
    if (err) return { kind: 'icmp-error', attempts: requests.length, evidence: requests, answer: err };
    return backward.length === 0 ? { kind: 'no-answer', attempts: requests.length, evidence: requests, answer: null, weak: true } : null;
  }
  // ICMP echo: every request should have a reply with the same sequence number.
  const replied = new Set(backward.map((p) => p.packet.icmpSeq));
  const unanswered = requests.filter((p) => !replied.has(p.packet.icmpSeq));
  if (unanswered.length === 0) return null;
  const err = matchingError(flow, errors);
  if (err) return { kind: 'icmp-error', attempts, evidence: unanswered, answer: err };
  return { kind: 'no-answer', attempts: countDistinct(unanswered), evidence: unanswered, answer: null };
}

/** Requests seen by several captures are one attempt: count distinct (IP ID, seq) pairs. */
/** What tells one request from its retransmission: IP ID, TCP sequence, echo sequence. */
function packetKey(p: Packet): string {
  return `${p.ipId}|${p.seq}|${p.icmpSeq}`;
}

function countDistinct(requests: FlowPacket[]): number {
  return new Set(requests.map((p) => packetKey(p.packet))).size;
}

/** `packetKey` of a row, from the columns; `icmpSeq` is its third part (echo flows match replies by it). */
function requestKey(table: PacketTable, row: number): { key: string; icmpSeq: number | null } {
  const b = table.blocks[row >>> 16];
  const i = row & 0xffff;
  const has = b.has[i];
  const icmpSeq = (has & HAS_ICMPSEQ) !== 0 ? b.portB[i] : null;
  return { key: `${(has & HAS_IPID) !== 0 ? b.ipId[i] : null}|${(has & HAS_SEQ) !== 0 ? b.seq[i] : null}|${icmpSeq}`, icmpSeq };
}

/**
 * Adds the requests left in the columns (see MAX_FLOW_PACKETS) to the symptom's attempts, counted as `symptomOf`
 * counts them: distinct requests (TCP), every datagram (UDP), distinct unanswered echoes (ping).
 */
function countOmittedRequests(flow: NetFlow, symptom: FlowSymptom, omitted: Array<{ key: string; icmpSeq: number | null }>): void {
  symptom.omittedRequests = omitted.length;
  if (flow.proto === 'udp') {
    symptom.attempts += omitted.length;
    return;
  }
  const echoNoAnswer = flow.proto !== 'tcp' && symptom.kind === 'no-answer';
  const replied = new Set(flow.packets.filter((p) => !p.forward).map((p) => p.packet.icmpSeq));
  // The packets symptomOf counted: unanswered echoes, every forward packet of a TCP flow seen without its SYN, or requests.
  const counted = echoNoAnswer ? symptom.evidence : flow.packets.filter((p) => p.forward && (isRequest(p.packet) || (symptom.weak === true && flow.proto === 'tcp')));
  const keys = new Set(counted.map((p) => packetKey(p.packet)));
  for (const o of omitted) if (!echoNoAnswer || !replied.has(o.icmpSeq)) keys.add(o.key);
  symptom.attempts = keys.size;
}

function matchingError(flow: NetFlow, errors: FlowPacket[]): FlowPacket | null {
  // Without the quoted inner header only the addressee and the time tie an error to a flow; a router may send it.
  return errors.find((e) => e.packet.dst === flow.src && e.packet.tUs >= flow.packets[0].packet.tUs && e.packet.tUs <= flow.packets[flow.packets.length - 1].packet.tUs + 5e6) ?? null;
}
