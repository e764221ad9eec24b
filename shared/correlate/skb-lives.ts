import type { KernelEvent } from '../model/kernel-event';

/**
 * One life of one skb: an address and the window from its first event to the free that ended it. The slab reuses
 * an address within milliseconds, so identity is (address, life), never the address alone.
 */
export interface SkbLife {
  artifact: string;
  skb: string;
  events: KernelEvent[];
  /** The event that ended the life (kfree_skb / consume_skb), or null if the trace ended first. */
  end: KernelEvent | null;
}

const ENDS = new Set(['kfree_skb', 'consume_skb']);
/** Events without an skb (a kretprobe's return) belong to the skb last seen on the same CPU within this window. */
const SAME_CPU_WINDOW = 0.002;

function timeOf(e: KernelEvent): number {
  return e.time?.value ?? Number.NaN;
}

/** Splits one artifact's events into skb lives. */
export function buildSkbLives(artifact: string, events: KernelEvent[]): SkbLife[] {
  return skbLivesByEvent(artifact, events).lives;
}

/**
 * Walks one artifact's events in order and hands each event that belongs to an skb life to `visit`: its index, the
 * skb (its own, or for a probe without one the skb last seen on its CPU within SAME_CPU_WINDOW), and the index of the
 * previous event of the same life (-1 when it starts one). A kfree_skb / consume_skb ends its life.
 */
function walkLives(events: KernelEvent[], visit: (i: number, skb: string, previous: number) => void): void {
  // Per open life: the index of its latest event.
  const open = new Map<string, number>();
  // The skb last seen on each CPU and when; updated in place (one object per CPU, not per event).
  const lastOnCpu = new Map<number, { skb: string; t: number }>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    let skb = e.skb;
    if (!skb && e.cpu !== null && (e.type === 'probe' || e.type === 'probe-return')) {
      const last = lastOnCpu.get(e.cpu);
      if (last && timeOf(e) - last.t <= SAME_CPU_WINDOW) skb = last.skb;
    }
    if (!skb) continue;
    visit(i, skb, open.get(skb) ?? -1);
    if (e.cpu !== null) {
      const last = lastOnCpu.get(e.cpu);
      if (last) {
        last.skb = skb;
        last.t = timeOf(e);
      } else lastOnCpu.set(e.cpu, { skb, t: timeOf(e) });
    }
    if (ENDS.has(e.type)) open.delete(skb);
    else open.set(skb, i);
  }
}

/**
 * Splits one artifact's events into skb lives, and says which life each event belongs to (`lifeAt[i]` for
 * `events[i]`, null when it has no skb): an array beside the events, not a map of a million entries.
 */
export function skbLivesByEvent(artifact: string, events: KernelEvent[]): { lives: SkbLife[]; lifeAt: (SkbLife | null)[] } {
  const lives: SkbLife[] = [];
  const lifeAt: (SkbLife | null)[] = new Array<SkbLife | null>(events.length).fill(null);
  walkLives(events, (i, skb, previous) => {
    let life = previous >= 0 ? lifeAt[previous] : null;
    if (!life) lives.push((life = { artifact, skb, events: [], end: null }));
    life.events.push(events[i]);
    lifeAt[i] = life;
    if (ENDS.has(events[i].type)) life.end = events[i];
  });
  return { lives, lifeAt };
}

/** In skbLifeLinks: the event has no skb life. */
export const NO_LIFE = -2;

/**
 * The skb lives of one artifact as links, without an object per life: `links[i]` is the index of the event before
 * `events[i]` in its life (-1 when it starts one, NO_LIFE without an skb). The lives are those of skbLivesByEvent;
 * lifeEndingAt builds one when asked (a million drops each ending a life of one event need none built).
 */
export function skbLifeLinks(events: KernelEvent[]): Int32Array {
  const links = new Int32Array(events.length).fill(NO_LIFE);
  walkLives(events, (i, _skb, previous) => {
    links[i] = previous;
  });
  return links;
}

/** The life that `events[i]` (a kfree_skb / consume_skb with its skb) ends, from skbLifeLinks. */
export function lifeEndingAt(artifact: string, events: KernelEvent[], links: Int32Array, i: number): SkbLife {
  const chain: KernelEvent[] = [];
  for (let k = i; k >= 0; k = links[k]) chain.push(events[k]);
  chain.reverse();
  const end = events[i];
  return { artifact, skb: end.skb ?? '', events: chain, end };
}

