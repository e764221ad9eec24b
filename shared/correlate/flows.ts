import type { Packet } from '../model/packet';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../model/packet';
import { protoName } from './packet-view';

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
}

function endpointKey(p: Packet): string | null {
  if (p.src === null || p.dst === null || p.proto === null) return null;
  if (p.proto === 6 || p.proto === 17 || p.proto === 132) {
    const a = `${p.src}|${p.sport}`;
    const b = `${p.dst}|${p.dport}`;
    return `${p.proto}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
  }
  if ((p.proto === 1 && (p.icmpType === 8 || p.icmpType === 0)) || (p.proto === 58 && (p.icmpType === 128 || p.icmpType === 129))) {
    const [a, b] = p.src < p.dst ? [p.src, p.dst] : [p.dst, p.src];
    return `${p.proto}|echo|${a}|${b}|${p.icmpId}`;
  }
  return null;
}

function isRequest(p: Packet): boolean {
  if (p.proto === 6) return ((p.tcpFlags ?? 0) & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  if (p.proto === 17) return true; // every datagram from the initiator asks for something; only replies tell
  if (p.proto === 1) return p.icmpType === 8;
  if (p.proto === 58) return p.icmpType === 128;
  return false;
}

/** ICMP errors carry the offending packet's header; this finds the flow key it refers to (best effort: addresses only). */
function icmpErrorTarget(p: Packet): boolean {
  return (p.proto === 1 && (p.icmpType === 3 || p.icmpType === 11)) || (p.proto === 58 && (p.icmpType ?? 0) < 128);
}

/** Groups the packets of every capture into flows and finds the ones that did not complete. */
export function buildFlows(captures: Map<string, Packet[]>): NetFlow[] {
  const flows = new Map<string, NetFlow>();
  const errors: FlowPacket[] = [];
  const all: Array<{ artifact: string; packet: Packet }> = [];
  for (const [artifact, packets] of captures) for (const packet of packets) all.push({ artifact, packet });
  all.sort((a, b) => a.packet.tUs - b.packet.tUs);
  for (const { artifact, packet } of all) {
    if (icmpErrorTarget(packet)) {
      errors.push({ artifact, packet, forward: false });
      continue;
    }
    const key = endpointKey(packet);
    if (!key) continue;
    let flow = flows.get(key);
    if (!flow) {
      // The first packet seen names the initiator, unless it is obviously an answer (SYN-ACK, echo reply).
      const answer = (packet.proto === 6 && ((packet.tcpFlags ?? 0) & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) || packet.icmpType === 0 || packet.icmpType === 129;
      const [src, sport, dst, dport] = answer ? [packet.dst!, packet.dport, packet.src!, packet.sport] : [packet.src!, packet.sport, packet.dst!, packet.dport];
      flow = { key, proto: protoName(packet.proto), src, sport, dst, dport, packets: [], symptom: null };
      flows.set(key, flow);
    }
    flow.packets.push({ artifact, packet, forward: packet.src === flow.src && (packet.sport === flow.sport || flow.proto === 'icmp' || flow.proto === 'icmpv6') });
  }
  for (const flow of flows.values()) flow.symptom = symptomOf(flow, errors);
  return [...flows.values()];
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
function countDistinct(requests: FlowPacket[]): number {
  return new Set(requests.map((p) => `${p.packet.ipId}|${p.packet.seq}|${p.packet.icmpSeq}`)).size;
}

function matchingError(flow: NetFlow, errors: FlowPacket[]): FlowPacket | null {
  // Without the quoted inner header only the addressee and the time tie an error to a flow; a router may send it.
  return errors.find((e) => e.packet.dst === flow.src && e.packet.tUs >= flow.packets[0].packet.tUs && e.packet.tUs <= flow.packets[flow.packets.length - 1].packet.tUs + 5e6) ?? null;
}
