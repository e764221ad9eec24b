import type { Packet } from '../model/packet';
import { HAS_IPID, HAS_SPORT, type PacketTable } from '../model/packet-table';

// Whole-capture questions the correlator asks, answered in one pass over the tables' columns (no object per packet).

/** Every packet's capture time in seconds, sorted. */
export function captureSeconds(tables: readonly PacketTable[]): Float64Array {
  const out = new Float64Array(tables.reduce((n, t) => n + t.length, 0));
  let k = 0;
  let sorted = true;
  for (const table of tables) {
    for (const b of table.blocks) {
      for (let i = 0; i < b.length; i++) {
        const t = b.time(i) / 1e6;
        if (k > 0 && t < out[k - 1]) sorted = false;
        out[k++] = t;
      }
    }
  }
  // A single capture is written in time order: no sort then.
  return sorted ? out : out.sort();
}

/** Capture times in seconds per `src|dst` address pair, each list sorted. */
export function secondsByPair(tables: readonly PacketTable[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const table of tables) {
    // Keyed by the two address ids first (a number), named once per pair at the end.
    const local = new Map<number, number[]>();
    const width = table.addressCount + 1;
    for (const b of table.blocks) {
      for (let i = 0; i < b.length; i++) {
        if (b.src[i] === 0 || b.dst[i] === 0) continue;
        const key = b.src[i] * width + b.dst[i];
        let list = local.get(key);
        if (!list) local.set(key, (list = []));
        list.push(b.time(i) / 1e6);
      }
    }
    for (const [key, list] of local) {
      const name = `${table.address(Math.floor(key / width))}|${table.address(key % width)}`;
      const merged = out.get(name);
      if (merged) merged.push(...list);
      else out.set(name, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** What a LOG line shows of its packet, to find that packet in a capture. */
export interface LoggedHeader {
  id: number;
  src: string | null;
  dst: string | null;
  sport: number | null;
}

/**
 * For each logged header, the first captured packet with the same IP ID, addresses and (when logged) source port,
 * or null. One pass over the tables whatever the number of lines.
 */
export function findLoggedPackets(tables: readonly PacketTable[], wanted: readonly LoggedHeader[]): Array<Packet | null> {
  const found: Array<Packet | null> = wanted.map(() => null);
  const byId = new Map<number, number[]>();
  wanted.forEach((w, k) => byId.set(w.id, [...(byId.get(w.id) ?? []), k]));
  for (const table of tables) {
    const ids = wanted.map((w) => [w.src === null ? -1 : table.addressId(w.src), w.dst === null ? -1 : table.addressId(w.dst)]);
    let row = 0;
    for (const b of table.blocks) {
      for (let i = 0; i < b.length; i++, row++) {
        if ((b.has[i] & HAS_IPID) === 0) continue;
        const ks = byId.get(b.ipId[i]);
        if (!ks) continue;
        for (const k of ks) {
          const w = wanted[k];
          if (found[k] || ids[k][0] !== b.src[i] || ids[k][1] !== b.dst[i]) continue;
          if (w.sport !== null && ((b.has[i] & HAS_SPORT) === 0 || b.portA[i] !== w.sport)) continue;
          found[k] = table.packetAt(row);
        }
      }
    }
  }
  return found;
}
