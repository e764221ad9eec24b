import { describe, expect, it } from 'vitest';
import { patternOffset } from '../../shared/correlate/clock-align';
import { CompactDrop, type DropFacts, type LifeLinks } from '../../shared/correlate/compact-drop';
import type { DropSite } from '../../shared/correlate/drop-site';
import { lifeEndingAt, NO_LIFE, skbLifeLinks, skbLivesByEvent } from '../../shared/correlate/skb-lives';
import { kernelEvent } from '../../shared/formats/kernel-event-record';
import type { KernelEvent } from '../../shared/model/kernel-event';

// What lets the correlation read a trace of a million kernel events: lives as links built on demand, drops sharing
// their facts, the pattern clock alignment in linear time — each giving exactly what the plain version gave.

let seed = 5;
const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);

/** patternOffset as it was written first: the median of every window sorted anew (quadratic, the reference). */
function patternOffsetByCopies(events: number[], packets: number[], tolerance: number, near: number | null, window: number) {
  const ev = events.slice(0, 2000);
  const pk = packets.slice(0, 400);
  if (ev.length === 0 || pk.length === 0) return null;
  const candidates: Array<{ d: number; packet: number }> = [];
  pk.forEach((p, packet) => {
    for (const e of ev) if (near === null || Math.abs(p - e - near) <= window) candidates.push({ d: p - e, packet });
  });
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.d - b.d);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  let best = { offset: 0, matched: 0, spread: 0, distance: Infinity };
  let j = 0;
  const inWindow = new Map<number, number>();
  for (let i = 0; i < candidates.length; i++) {
    inWindow.set(candidates[i].packet, (inWindow.get(candidates[i].packet) ?? 0) + 1);
    while (candidates[i].d - candidates[j].d > 2 * tolerance) {
      const n = inWindow.get(candidates[j].packet)! - 1;
      if (n === 0) inWindow.delete(candidates[j].packet);
      else inWindow.set(candidates[j].packet, n);
      j++;
    }
    const offset = median(candidates.slice(j, i + 1).map((c) => c.d));
    const distance = near === null ? 0 : Math.abs(offset - near);
    if (inWindow.size > best.matched || (inWindow.size === best.matched && distance < best.distance)) best = { offset, matched: inWindow.size, spread: candidates[i].d - candidates[j].d, distance };
  }
  return { offset: best.offset, matched: best.matched, spread: best.spread };
}

describe('pattern clock alignment', () => {
  it('gives what sorting every window gave, on drops and packets that line up and on noise', () => {
    for (let round = 0; round < 20; round++) {
      const offset = 1.7e9 + next() * 1000;
      const drops = Array.from({ length: 50 + Math.floor(next() * 300) }, () => 5000 + next() * 20);
      const packets = [...drops.filter(() => next() < 0.3).map((t) => t + offset + (next() - 0.5) * 0.002), ...Array.from({ length: 40 }, () => offset + 5000 + next() * 20)];
      const near = round % 2 ? offset + 0.5 : null;
      expect(patternOffset(drops, packets, 0.005, near, near === null ? Infinity : 3600)).toEqual(patternOffsetByCopies(drops, packets, 0.005, near, near === null ? Infinity : 3600));
    }
  });

  it('aligns 2000 drops against 400 packets in well under a second (sorting every window took a minute)', () => {
    const drops = Array.from({ length: 2000 }, (_, i) => 5000 + i * 0.0005);
    const packets = Array.from({ length: 400 }, (_, i) => 1.7e9 + 5000 + i * 0.0025);
    const started = performance.now();
    expect(patternOffset(drops, packets, 0.005, null, Infinity)?.matched).toBe(400);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

/** Events of several skbs: probe entries and returns (skb inherited on their CPU), frees, a trace cut mid-life. */
function events(count: number): KernelEvent[] {
  const out: KernelEvent[] = [];
  let t = 100;
  for (let i = 0; i < count; i++) {
    t += next() * 0.001;
    const skb = `0xffff88810a9b${(0x8000 + Math.floor(next() * 8) * 0x20).toString(16)}`;
    const type = (['kfree_skb', 'consume_skb', 'probe', 'probe-return', 'tracepoint'] as const)[Math.floor(next() * 5)];
    out.push(kernelEvent({ line: i + 1, type, name: type, time: { clock: 'boot', value: t }, cpu: Math.floor(next() * 2), skb: type === 'probe-return' && next() < 0.5 ? null : skb }));
  }
  return out;
}

describe('skb lives as links', () => {
  it('build, for every free, the life buildSkbLives makes', () => {
    const list = events(3000);
    const links = skbLifeLinks(list);
    const { lifeAt } = skbLivesByEvent('a', list);
    let frees = 0;
    list.forEach((e, i) => {
      expect(links[i] === NO_LIFE).toBe(lifeAt[i] === null);
      if ((e.type === 'kfree_skb' || e.type === 'consume_skb') && links[i] !== NO_LIFE) {
        frees++;
        expect(lifeEndingAt('a', list, links, i)).toEqual(lifeAt[i]);
      }
    });
    expect(frees).toBeGreaterThan(500);
  });
});

describe('compact drops', () => {
  const site = { function: 'nf_hook_slow', location: 'nf_hook_slow+0x7d', hook: 'LOCAL_IN', family: 'ip', via: 'hook-slow', nftFamily: null, hookFunction: null, module: null, frames: [] } as DropSite;
  const facts = (): DropFacts => ({ artifact: 'perf.txt', site, reason: 'NETFILTER_DROP', tuple: null, tupleFrom: null, stackFrom: null, window: null, twins: [] });

  it('share their facts until one is written, then that one alone changes', () => {
    const shared = facts();
    const list = events(4);
    const lives: LifeLinks = { artifact: 'perf.txt', events: list, links: new Int32Array([-1, -1, -1, -1]) };
    const a = new CompactDrop(list[0], lives, 0, 1, shared, true);
    const b = new CompactDrop(list[1], lives, 1, 2, shared, true);
    a.tuple = { proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2 };
    a.tupleFrom = 'perf.txt';
    a.twins = [{ artifact: 'bpftrace.txt', event: list[2] }];
    expect([a.tuple?.src, a.tupleFrom, a.twins.length, a.reason, a.site]).toEqual(['10.0.0.1', 'perf.txt', 1, 'NETFILTER_DROP', site]);
    expect([b.tuple, b.tupleFrom, b.twins.length, b.reason, b.artifact]).toEqual([null, null, 0, 'NETFILTER_DROP', 'perf.txt']);
    expect(shared.tuple).toBeNull();
  });

  it('build their life of one event when it is read, once', () => {
    const list = events(2);
    const d = new CompactDrop(list[1], { artifact: 'perf.txt', events: list, links: new Int32Array([-1, -1]) }, 1, 5, facts(), true);
    expect(d.life).toEqual({ artifact: 'perf.txt', skb: list[1].skb ?? '', events: [list[1]], end: list[1] });
    expect(d.life).toBe(d.life);
  });
});
