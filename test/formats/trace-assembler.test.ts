import { describe, expect, it } from 'vitest';
import { TraceAssembler, samePacket } from '../../shared/formats/trace-assembler';
import { readNftPacket } from '../../shared/formats/nft-trace-packet';
import { readLegacyTrace } from '../../shared/formats/iptables-trace-line';
import type { RuleTrace, RuleTraceStep, TracedPacket } from '../../shared/model/rule-trace';
import { fixture } from './run-text-format';

// The grouping rules of trace-assembler.ts, one at a time, on packet texts taken from the lab samples.

const LAB = new TextDecoder().decode(fixture('samples/nft-trace/lab-6.18-nft-monitor-trace-set-drop-jump-policy.txt')).split('\n');
const LEGACY = new TextDecoder().decode(fixture('samples/iptables-trace/lab-6.18-legacy-dmesg-TRACE-filter-INPUT-drop.txt')).split('\n');
/** The packet text of lab line `n` (1-based). */
const packetOf = (n: number, line = n): TracedPacket => readNftPacket(LAB[n - 1].slice(LAB[n - 1].indexOf('packet:') + 7), line).view;

function step(line: number, chain: string, kind: RuleTraceStep['kind'], verdict: string | null): RuleTraceStep {
  return { line, time: null, family: 'inet', table: 'filter', chain, hook: null, kind, ruleText: null, ruleNumber: null, handle: null, verdict };
}

function drain(assembler: TraceAssembler, steps: Array<() => void>): RuleTrace[] {
  const out: RuleTrace[] = [];
  steps.forEach((feed, i) => {
    feed();
    out.push(...assembler.take(i + 1));
  });
  return [...out, ...assembler.finish()];
}

describe('samePacket', () => {
  it('the same SYN at two chains is one packet; the retransmit (other IP id) is not', () => {
    expect(samePacket(packetOf(1), packetOf(4))).toBe(true);
    expect(samePacket(packetOf(1), packetOf(6))).toBe(false);
  });

  it('NAT may change one address, not both', () => {
    const a = packetOf(1);
    expect(samePacket(a, { ...a, tuple: { ...a.tuple, dst: '192.0.2.1', dport: 22 } })).toBe(true);
    expect(samePacket(a, { ...a, tuple: { ...a.tuple, src: '192.0.2.9', dst: '192.0.2.1' } })).toBe(false);
  });
});

describe('TraceAssembler (nft / xtables-monitor: by trace id)', () => {
  it('after a drop, the same id is another packet even with no packet line', () => {
    const a = new TraceAssembler('nft-trace');
    const traces = drain(a, [
      () => a.stepLine('abc', step(1, 'input', 'rule', 'drop')),
      () => a.stepLine('abc', step(2, 'input', 'policy', 'accept')),
    ]);
    expect(traces.map((t) => [t.line, t.verdict])).toEqual([[1, 'drop'], [2, 'accept']]);
  });

  it('a base chain whose policy applied is not entered again by the same packet', () => {
    const a = new TraceAssembler('nft-trace');
    const traces = drain(a, [
      () => a.stepLine('abc', step(1, 'input', 'policy', 'accept')),
      () => a.stepLine('abc', step(2, 'input', 'rule', 'accept')),
    ]);
    expect(traces.map((t) => t.steps.length)).toEqual([1, 1]);
  });

  it('an id silent for more than 400 lines starts a new packet', () => {
    const a = new TraceAssembler('nft-trace');
    a.packetLine('abc', packetOf(1, 1), 'filter', 'trace_chain');
    expect(a.take(1)).toEqual([]);
    a.packetLine('abc', packetOf(4, 500), 'filter', 'input');
    const traces = [...a.take(500), ...a.finish()];
    expect(traces.map((t) => [t.line, t.endLine])).toEqual([[1, 1], [500, 500]]);
  });

  it('at most 256 packets stay open: the oldest is finished first, output keeps first-line order', () => {
    const a = new TraceAssembler('nft-trace');
    const out: RuleTrace[] = [];
    for (let i = 1; i <= 300; i++) {
      a.stepLine(`id${i}`, step(i, 'input', 'rule', 'accept'));
      out.push(...a.take(i));
    }
    expect(out.map((t) => t.line)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    out.push(...a.finish());
    expect(out.map((t) => t.line)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});

describe('TraceAssembler (legacy TRACE: by the packet\'s fields)', () => {
  const lines = LEGACY.slice(0, 2).map((l, i) => readLegacyTrace(l.slice(l.indexOf('TRACE: ')), i + 1, { clock: 'boot', value: Number(/\[ *([\d.]+)\]/.exec(l)![1]) })!);

  it('the raw PREROUTING and filter INPUT lines of one SYN join', () => {
    const a = new TraceAssembler('iptables-trace');
    const traces = drain(a, lines.map((l) => () => a.legacyLine(l.step, l.view)));
    expect(traces.map((t) => t.steps.length)).toEqual([2]);
  });

  it('a hook already passed, or a second second, starts another packet', () => {
    const [pre, input] = lines;
    const backwards = new TraceAssembler('iptables-trace');
    expect(drain(backwards, [() => backwards.legacyLine(input.step, input.view), () => backwards.legacyLine({ ...pre.step, line: 2 }, { ...pre.view, line: 2 })]).map((t) => t.steps.length)).toEqual([1, 1]);
    const late = new TraceAssembler('iptables-trace');
    const later = { ...input.step, line: 2, time: { clock: 'boot' as const, value: 637 } };
    expect(drain(late, [() => late.legacyLine(pre.step, pre.view), () => late.legacyLine(later, { ...input.view, line: 2 })]).map((t) => t.steps.length)).toEqual([1, 1]);
  });
});
