import type { CaseIndex } from './case-index';
import type { NetFlow } from './flows';
import type { PacketTable } from '../model/packet-table';

/** The host the kernel artifacts were taken on (the customer's server S), as far as the artifacts tell. */
export interface KernelHost {
  /** Its addresses. */
  addresses: Set<string>;
  /** The capture taken on it, when one was. */
  capture: string | null;
  /** Why we think so. */
  reason: string;
}

/** Multicast, broadcast, unspecified and link-local addresses name no host (MLD / router solicitations are noise). */
export function isUnicastHost(a: string): boolean {
  if (a.includes(':')) return !/^(ff|fe8|fe9|fea|feb)/i.test(a) && a !== '::';
  const first = Number(a.split('.')[0]);
  return !(first >= 224 || a === '0.0.0.0' || a.endsWith('.255') || a.startsWith('169.254.'));
}

/** How present each unicast address is in a capture: packets it is in, and how many distinct peers it talks to. */
interface Presence {
  packets: number;
  peers: Set<string>;
}

const PAIR_CACHE_BITS = 12;
const PAIR_CACHE = 1 << PAIR_CACHE_BITS;

/** Presence of every unicast address of a capture, counted over its columns by address id. */
function presenceOf(table: PacketTable): Map<string, Presence> {
  const ids = table.addressCount + 1;
  const packets = new Uint32Array(ids);
  const peers: Array<Set<number> | undefined> = new Array(ids);
  const host = new Uint8Array(ids);
  for (let id = 1; id < ids; id++) host[id] = isUnicastHost(table.address(id)!) ? 1 : 0;
  // Packets mostly repeat a pair seen just before (a bulk transfer, a few hundred clients taking turns): a
  // direct-mapped cache of recent pairs skips the Set for them.
  const recentSrc = new Int32Array(PAIR_CACHE).fill(-1);
  const recentDst = new Int32Array(PAIR_CACHE);
  for (const b of table.blocks) {
    for (let i = 0; i < b.length; i++) {
      const s = b.src[i];
      const d = b.dst[i];
      if (host[s]) packets[s]++;
      if (host[d]) packets[d]++;
      const slot = (Math.imul(s, 0x9e3779b1) ^ Math.imul(d, 0x85ebca6b)) >>> (32 - PAIR_CACHE_BITS);
      if (recentSrc[slot] === s && recentDst[slot] === d) continue;
      recentSrc[slot] = s;
      recentDst[slot] = d;
      if (host[s] && host[d]) {
        (peers[s] ??= new Set()).add(d);
        (peers[d] ??= new Set()).add(s);
      }
    }
  }
  const out = new Map<string, Presence>();
  for (let id = 1; id < ids; id++) {
    if (packets[id] === 0) continue;
    out.set(table.address(id)!, { packets: packets[id], peers: new Set([...(peers[id] ?? [])].map((x) => table.address(x)!)) });
  }
  return out;
}

/** Ranks an address as "the host this capture was taken on": in the most packets, then talking to the most peers. */
function rank(p: Presence | undefined): number {
  return p ? p.packets * 1000 + p.peers.size : 0;
}

export function findKernelHost(index: CaseIndex, flows: NetFlow[]): KernelHost {
  const addresses = new Set<string>();
  // LOG lines: IN= set means DST is local; OUT= alone means SRC is local.
  for (const logs of index.logs.values()) for (const l of logs) {
    const f = l.packet;
    if (!f) continue;
    // A forwarded packet has both IN= and OUT=: neither address is the host's.
    if (f.in && !f.out && f.dst) addresses.add(f.dst);
    else if (f.out && !f.in && f.src) addresses.add(f.src);
  }
  const presence = new Map<string, Map<string, Presence>>();
  for (const [artifact, table] of index.captures) presence.set(artifact, presenceOf(table));
  const servers = new Map<string, number>();
  for (const f of flows) if (f.symptom) servers.set(f.dst, (servers.get(f.dst) ?? 0) + 1);
  let capture: string | null = null;
  let reason = '';
  let host: string | null = null;
  if (addresses.size > 0) {
    // The capture taken on the kernel host is the one where its address talks to the most peers (a client's capture
    // sees the server too, but only with itself).
    let best = -1;
    for (const [artifact, p] of presence) {
      for (const a of addresses) {
        const x = p.get(a);
        const score = x ? x.peers.size * 1e9 + x.packets : -1;
        if (score > best) [best, capture, host] = [score, artifact, a];
      }
    }
    if (capture) reason = `${host} receives the packets logged by LOG rules in the kernel log; ${capture} was taken on it`;
  }
  if (!capture && presence.size > 0) {
    // Support collects on the server: the capture whose host answers (or should answer) the failed flows; within a
    // capture, the address in the most packets and with the most peers, a failed flows' destination on a tie.
    let best = -1;
    for (const [artifact, p] of presence) {
      for (const [a, x] of p) {
        const score = rank(x) * 10 + Math.min(9, servers.get(a) ?? 0) + (servers.has(a) ? 1e12 : 0);
        if (score > best) [best, capture, host] = [score, artifact, a];
      }
    }
    if (host) {
      addresses.add(host);
      reason = `${host} is the destination of the failed flows in ${capture}`;
    }
  }
  return { addresses, capture, reason: reason || 'no capture and no LOG line names the host' };
}
