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
  const lives: SkbLife[] = [];
  const open = new Map<string, SkbLife>();
  const lastOnCpu = new Map<number, { skb: string; t: number }>();
  for (const e of events) {
    let skb = e.skb;
    if (!skb && e.cpu !== null && (e.type === 'probe' || e.type === 'probe-return')) {
      const last = lastOnCpu.get(e.cpu);
      if (last && timeOf(e) - last.t <= SAME_CPU_WINDOW) skb = last.skb;
    }
    if (!skb) continue;
    let life = open.get(skb);
    if (!life) {
      life = { artifact, skb, events: [], end: null };
      open.set(skb, life);
      lives.push(life);
    }
    life.events.push(e);
    if (e.cpu !== null) lastOnCpu.set(e.cpu, { skb, t: timeOf(e) });
    if (ENDS.has(e.type)) {
      life.end = e;
      open.delete(skb);
    }
  }
  return lives;
}
