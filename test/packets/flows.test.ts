import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../cli/node-hasher';
import { indexCase } from '../../shared/correlate/case-index';
import { buildFlows, MAX_FLOW_PACKETS, MAX_FLOWS_PER_GROUP } from '../../shared/correlate/flows';
import { ingestArtifact } from '../../shared/engine/ingest';
import { analyze } from '../../shared/engine/analyze';
import { memorySource } from '../formats/capture-fixtures';
import { buildPcap, type FrameSpec } from './pcap-builder';

const T = 1.7e15;
const SYN = 0x02;
const SYNACK = 0x12;
const ACK = 0x10;
const RST = 0x14;

function flowsOf(captures: Record<string, FrameSpec[]>) {
  const ingested = Object.entries(captures).map(([name, frames]) => ingestArtifact({ ...memorySource(buildPcap(frames)), name }, nodeSha256));
  return { flows: buildFlows(indexCase(ingested).captures), ingested };
}

describe('flows from capture columns', () => {
  it('finds the unanswered SYNs, the reset and the completed handshake of one capture', () => {
    const { flows } = flowsOf({
      'srv.pcap': [
        { tUs: T, src: '10.0.0.2', dst: '10.0.0.3', proto: 6, sport: 40000, dport: 22, flags: SYN, ipId: 1 },
        { tUs: T + 10, src: '10.0.0.3', dst: '10.0.0.2', proto: 6, sport: 22, dport: 40000, flags: SYNACK },
        { tUs: T + 20, src: '10.0.0.2', dst: '10.0.0.3', proto: 6, sport: 40000, dport: 22, flags: ACK },
        { tUs: T + 30, src: '10.0.0.4', dst: '10.0.0.3', proto: 6, sport: 40001, dport: 80, flags: SYN, ipId: 2 },
        { tUs: T + 1_000_030, src: '10.0.0.4', dst: '10.0.0.3', proto: 6, sport: 40001, dport: 80, flags: SYN, ipId: 3 },
        { tUs: T + 40, src: '10.0.0.5', dst: '10.0.0.3', proto: 6, sport: 40002, dport: 81, flags: SYN, ipId: 4 },
        { tUs: T + 50, src: '10.0.0.3', dst: '10.0.0.5', proto: 6, sport: 81, dport: 40002, flags: RST },
      ],
    });
    expect(flows.map((f) => [f.src, f.sport, f.dst, f.dport, f.symptom?.kind, f.symptom?.attempts])).toEqual([
      ['10.0.0.4', 40001, '10.0.0.3', 80, 'no-answer', 2],
      ['10.0.0.5', 40002, '10.0.0.3', 81, 'reset', 1],
    ]);
    expect(flows[0].packets.map((p) => [p.packet.index, p.forward])).toEqual([[4, true], [5, true]]);
  });

  it('names the initiator from the first packet across captures, an answer first turned around', () => {
    // The client's capture starts late: its first packet of the flow is the server's SYN-ACK.
    const { flows } = flowsOf({
      'cli.pcap': [
        { tUs: T + 5, src: '10.0.0.3', dst: '10.0.0.2', proto: 6, sport: 22, dport: 40000, flags: SYNACK },
      ],
      'srv.pcap': [
        { tUs: T + 7, src: '10.0.0.2', dst: '10.0.0.3', proto: 6, sport: 40000, dport: 22, flags: SYN },
        { tUs: T + 9, src: '10.0.0.3', dst: '10.0.0.2', proto: 6, sport: 22, dport: 40000, flags: SYNACK },
      ],
    });
    expect(flows).toHaveLength(1);
    expect([flows[0].src, flows[0].sport, flows[0].dst, flows[0].dport, flows[0].symptom?.kind]).toEqual(['10.0.0.2', 40000, '10.0.0.3', 22, 'handshake-incomplete']);
    expect(flows[0].packets.map((p) => [p.artifact, p.forward])).toEqual([['cli.pcap', false], ['srv.pcap', true], ['srv.pcap', false]]);
  });

  it('keeps a flood to one service as one group: the first flows whole, every attempt counted', () => {
    const flood: FrameSpec[] = Array.from({ length: 5000 }, (_, k) => ({ tUs: T + k * 10, src: '10.0.9.9', dst: '10.0.0.3', proto: 6, sport: 10000 + k, dport: 443, flags: SYN, ipId: k }));
    const { flows, ingested } = flowsOf({ 'srv.pcap': flood });
    expect(flows).toHaveLength(MAX_FLOWS_PER_GROUP);
    expect(flows.reduce((n, f) => n + (f.symptom?.attempts ?? 0), 0)).toBe(5000);
    expect(flows[flows.length - 1].symptom?.similarFlows).toBe(5000 - MAX_FLOWS_PER_GROUP);
    const verdict = analyze(ingested);
    expect(verdict.findings).toHaveLength(1);
    expect(verdict.findings[0].flow).toMatchObject({ src: '10.0.9.9', dst: '10.0.0.3', dport: 443 });
  });

  it('matches echo replies by sequence and leaves answered pings out', () => {
    const { flows } = flowsOf({
      'srv.pcap': [
        { tUs: T, src: '10.0.0.2', dst: '10.0.0.3', proto: 1, flags: 8, icmpId: 5, icmpSeq: 1 },
        { tUs: T + 5, src: '10.0.0.3', dst: '10.0.0.2', proto: 1, flags: 0, icmpId: 5, icmpSeq: 1 },
        { tUs: T + 1e6, src: '10.0.0.2', dst: '10.0.0.3', proto: 1, flags: 8, icmpId: 5, icmpSeq: 2 },
        { tUs: T + 2e6, src: '10.0.0.2', dst: '10.0.0.4', proto: 1, flags: 8, icmpId: 6, icmpSeq: 1 },
        { tUs: T + 2e6 + 5, src: '10.0.0.4', dst: '10.0.0.2', proto: 1, flags: 0, icmpId: 6, icmpSeq: 1 },
      ],
    });
    expect(flows.map((f) => [f.dst, f.symptom?.kind, f.symptom?.evidence.map((p) => p.packet.icmpSeq)])).toEqual([['10.0.0.3', 'no-answer', [2]]]);
  });

  it('is not fooled by replies whose sequence numbers add up to the requests\' (1 + 3 against 2 + 2)', () => {
    const ping = (t: number, type: number, seq: number, from: string, to: string): FrameSpec => ({ tUs: T + t, src: from, dst: to, proto: 1, flags: type, icmpId: 9, icmpSeq: seq });
    const { flows } = flowsOf({
      'srv.pcap': [
        ping(0, 8, 1, '10.0.0.2', '10.0.0.3'), ping(1, 0, 2, '10.0.0.3', '10.0.0.2'),
        ping(2, 8, 3, '10.0.0.2', '10.0.0.3'), ping(3, 0, 2, '10.0.0.3', '10.0.0.2'),
      ],
    });
    expect(flows.map((f) => f.symptom?.evidence.map((p) => p.packet.icmpSeq))).toEqual([[1, 3]]);
  });

  it('a flood on one tuple keeps its first and last packets as objects and counts every request', () => {
    const n = MAX_FLOW_PACKETS * 3;
    // hping3 -S -k style: one client port, a fresh IP ID per SYN, every 20th a retransmission (same ID).
    const syn = (k: number): FrameSpec => ({ tUs: T + k * 100, src: '10.0.2.8', dst: '10.0.0.3', proto: 6, sport: 5000, dport: 80, flags: SYN, ipId: (k - (k % 20 === 19 ? 1 : 0)) & 0xffff, seq: 7 });
    const frames = Array.from({ length: n }, (_, k) => syn(k));
    const distinct = new Set(frames.map((f) => f.ipId)).size;
    const { flows: [flood], ingested } = flowsOf({ 'srv.pcap': frames });
    expect(flood.packets).toHaveLength(MAX_FLOW_PACKETS);
    // The finding's timeline still tells every attempt after the first eight.
    const more = analyze(ingested).findings[0].timeline.find((e) => e.message?.key === 'timeline.moreAttempts');
    expect(more?.message?.params).toEqual({ count: n - 8 });
    expect([flood.packets[0].packet.index, flood.packets.at(-1)!.packet.index]).toEqual([1, n]);
    expect(flood.symptom).toMatchObject({ kind: 'no-answer', attempts: distinct, omittedRequests: n - MAX_FLOW_PACKETS });
  });

  it('a long flow with an answer in its middle keeps every packet (nothing is guessed)', () => {
    const n = MAX_FLOW_PACKETS * 2;
    const frames: FrameSpec[] = Array.from({ length: n }, (_, k) => ({ tUs: T + k * 100, src: '10.0.2.8', dst: '10.0.0.3', proto: 6, sport: 5000, dport: 80, flags: SYN, ipId: k & 0xffff, seq: 7 }));
    frames.splice(n / 2, 0, { tUs: T + (n / 2) * 100 - 50, src: '10.0.0.3', dst: '10.0.2.8', proto: 6, sport: 80, dport: 5000, flags: SYNACK, seq: 9 });
    const [flow] = flowsOf({ 'srv.pcap': frames }).flows;
    expect(flow.packets).toHaveLength(n + 1);
    expect(flow.symptom).toMatchObject({ kind: 'handshake-incomplete', attempts: n });
    expect(flow.symptom?.omittedRequests).toBeUndefined();
  });

  it('a ping flood without replies counts its distinct unanswered echoes, replies or not in the part kept', () => {
    const n = MAX_FLOW_PACKETS * 2 + 10;
    const frames: FrameSpec[] = Array.from({ length: n }, (_, k) => ({ tUs: T + k * 100, src: '10.0.2.8', dst: '10.0.0.3', proto: 1, flags: 8, icmpId: 77, icmpSeq: k, ipId: k }));
    // The first request is answered (a reply among the packets kept): every other one is not.
    frames.splice(1, 0, { tUs: T + 50, src: '10.0.0.3', dst: '10.0.2.8', proto: 1, flags: 0, icmpId: 77, icmpSeq: 0, ipId: 1 });
    const [flow] = flowsOf({ 'srv.pcap': frames }).flows;
    expect(flow.packets).toHaveLength(MAX_FLOW_PACKETS);
    expect(flow.symptom).toMatchObject({ kind: 'no-answer', attempts: n - 1, omittedRequests: n + 1 - MAX_FLOW_PACKETS });
  });
});
