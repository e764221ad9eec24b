import type { Packet } from './packet';
import type { HooklineRecord } from './records';

/**
 * Every packet among `records`, as objects: the rows of each capture table, and any packet yielded on its own.
 * For tests and small captures; the engine reads the tables' columns instead.
 */
export function packetsOf(records: readonly HooklineRecord[]): Packet[] {
  const out: Packet[] = [];
  for (const r of records) {
    if (r.kind === 'packet') out.push(r);
    else if (r.kind === 'packet-table') for (let row = 0; row < r.table.length; row++) out.push(r.table.packetAt(row));
  }
  return out;
}
