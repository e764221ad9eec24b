import { Inflate } from 'fflate';
import { spend, type ExpansionBudget } from './expansion-budget';

const SLICE = 64 * 1024;

/** The result of inflating one zip member: its chunks, or why it was refused. */
export type InflateResult = { ok: true; chunks: Uint8Array[] } | { ok: false; reason: 'corrupt' | 'over-size' | 'budget'; detail: string };

/**
 * Inflates one raw-deflate zip member, refusing it the moment it grows past `maxBytes` (its declared size, or the
 * member cap when smaller): a header that lies about the size is how a zip bomb hides. Ref: APPNOTE.TXT 4.4.5 method 8.
 */
export function inflateMember(data: Uint8Array, maxBytes: number, budget: ExpansionBudget, offset: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let stop: InflateResult | null = null;
  const inflate = new Inflate((chunk) => {
    if (stop || chunk.length === 0) return;
    size += chunk.length;
    if (size > maxBytes) stop = { ok: false, reason: 'over-size', detail: `inflates past ${maxBytes} bytes` };
    else if (!spend(budget, chunk.length, offset)) stop = { ok: false, reason: 'budget', detail: 'expansion budget spent' };
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !stop; i += SLICE) inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (!stop) return { ok: false, reason: 'corrupt', detail: error instanceof Error ? error.message : String(error) };
  }
  return stop ?? { ok: true, chunks };
}
