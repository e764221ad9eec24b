import type { KernelEvent } from '../model/kernel-event';

/** What a parser must say about an event; everything else starts empty. */
export type KernelEventStart = Pick<KernelEvent, 'line' | 'type' | 'name'> & Partial<KernelEvent>;

/** A KernelEvent with every field present (null / empty unless given), so records compare by deep equality. */
export function kernelEvent(start: KernelEventStart): KernelEvent {
  return {
    kind: 'kernel-event',
    endLine: start.line,
    time: null,
    comm: null,
    pid: null,
    cpu: null,
    skb: null,
    protocol: null,
    location: null,
    reason: null,
    reasonCode: null,
    caller: null,
    retval: null,
    args: {},
    stack: [],
    tuple: null,
    count: null,
    ...start,
  };
}

/** A drop reason as printed → `reason` (name without SKB_DROP_REASON_) or `reasonCode` (number only). */
export function readReason(printed: string): { reason: string | null; reasonCode: number | null } {
  const text = printed.trim().replace(/[,;]$/, '');
  if (/^\d+$/.test(text)) return { reason: null, reasonCode: Number(text) };
  if (/^0x[0-9a-f]+$/i.test(text)) return { reason: null, reasonCode: parseInt(text.slice(2), 16) };
  const name = text.replace(/^SKB_DROP_REASON_/, '');
  return /^[A-Z][A-Z0-9_]*$/.test(name) ? { reason: name, reasonCode: null } : { reason: null, reasonCode: null };
}

/** Lower-case `0x…` skb address, or null when `text` is not a non-zero hex pointer. */
export function skbAddress(text: string | undefined): string | null {
  if (text === undefined) return null;
  const m = /^(?:0x)?([0-9a-f]{4,16})$/i.exec(text.trim());
  if (!m || /^0+$/.test(m[1])) return null;
  return `0x${m[1].toLowerCase()}`;
}
