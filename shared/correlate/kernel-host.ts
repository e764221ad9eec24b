import type { CaseIndex } from './case-index';
import type { NetFlow } from './flows';

/** The host the kernel artifacts were taken on (the customer's server S), as far as the artifacts tell. */
export interface KernelHost {
  /** Its addresses. */
  addresses: Set<string>;
  /** The capture taken on it, when one was. */
  capture: string | null;
  /** Why we think so. */
  reason: string;
}

function captureHost(packets: { src: string | null; dst: string | null }[]): string | null {
  const counts = new Map<string, number>();
  for (const p of packets) {
    for (const a of [p.src, p.dst]) if (a) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [a, c] of counts) if (c > n) [best, n] = [a, c];
  return best;
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
  const hosts = new Map<string, string>();
  for (const [artifact, packets] of index.captures) {
    const h = captureHost(packets);
    if (h) hosts.set(artifact, h);
  }
  let capture: string | null = null;
  let reason = '';
  for (const [artifact, h] of hosts) {
    if (addresses.has(h)) {
      capture = artifact;
      reason = `${h} receives the packets logged by LOG rules in the kernel log; ${artifact} was taken on it`;
      break;
    }
  }
  if (!capture && hosts.size > 0) {
    // Support collects on the server: the capture whose host answers (or should answer) the failed flows.
    const servers = new Map<string, number>();
    for (const f of flows) if (f.symptom) servers.set(f.dst, (servers.get(f.dst) ?? 0) + 1);
    const ranked = [...hosts].sort((a, b) => (servers.get(b[1]) ?? 0) - (servers.get(a[1]) ?? 0));
    capture = ranked[0][0];
    addresses.add(ranked[0][1]);
    reason = `${ranked[0][1]} is the destination of the failed flows in ${capture}`;
  }
  if (capture) addresses.add(hosts.get(capture)!);
  return { addresses, capture, reason: reason || 'no capture and no LOG line names the host' };
}
