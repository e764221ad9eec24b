import { Gunzip } from 'fflate';
import type { ParseWarning } from '../model/artifact';
import { spend, type ExpansionBudget } from './expansion-budget';

/** Compressed bytes pushed at a time: one push inflates to at most ~1032× this (deflate's limit), so 66 MB. */
const SLICE = 64 * 1024;

/**
 * Inflates a gzip stream (one or several members, RFC 1952) chunk by chunk into `sink`, counting every output byte
 * against the budget; stops as soon as the budget is spent or `sink` returns false. Corrupt or truncated data is a
 * warning with the compressed offset reached. Ref: fflate Gunzip (streaming, multi-member).
 */
export function gunzipChunks(input: Iterable<Uint8Array>, budget: ExpansionBudget, sink: (chunk: Uint8Array) => boolean, warn: (w: ParseWarning) => void): void {
  let stopped = false;
  let consumed = 0;
  // Output of the current gzip member and the last 4 input bytes: the trailer's ISIZE (RFC 1952 §2.3.1) tells
  // whether the stream really ended, which the inflater does not check on a cut-off file.
  let memberOut = 0;
  const tail = new Uint8Array(4);
  const gunzip = new Gunzip((chunk) => {
    memberOut += chunk.length;
    if (stopped || chunk.length === 0) return;
    if (!spend(budget, chunk.length, consumed) || !sink(chunk)) stopped = true;
  });
  gunzip.onmember = () => {
    memberOut = 0;
  };
  try {
    for (const chunk of input) {
      for (let i = 0; i < chunk.length && !stopped; i += SLICE) {
        const slice = chunk.subarray(i, i + SLICE);
        gunzip.push(slice);
        consumed += slice.length;
        if (slice.length >= 4) tail.set(slice.subarray(slice.length - 4));
        else {
          tail.copyWithin(0, slice.length);
          tail.set(slice, 4 - slice.length);
        }
      }
      if (stopped) return;
    }
    gunzip.push(new Uint8Array(0), true);
    const isize = (tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24)) >>> 0;
    if (consumed >= 18 && isize !== memberOut % 2 ** 32) {
      warn({ code: 'archive/truncated', offset: consumed, message: `gzip stream ends early or is damaged at compressed byte ${consumed} (its trailer says ${isize} bytes, ${memberOut} came out): what was read is kept` });
    }
  } catch (error) {
    if (stopped) return;
    const why = error instanceof Error ? error.message : String(error);
    warn({ code: 'archive/corrupt', offset: consumed, message: `gzip data unreadable near compressed byte ${consumed} (${why}): what was read before is kept` });
  }
}

/** The file name stored in a gzip header (FNAME, RFC 1952 §2.3.1), or null. */
export function gzipStoredName(head: Uint8Array): string | null {
  if (head.length < 10) return null;
  const flags = head[3];
  let at = 10;
  if (flags & 0x04) at += 2 + (head[10] | (head[11] << 8)); // FEXTRA
  if (!(flags & 0x08) || at >= head.length) return null; // FNAME
  let end = at;
  while (end < head.length && head[end] !== 0) end++;
  if (end >= head.length) return null;
  // ISO 8859-1 by the RFC; latin1 decodes it byte for byte.
  return new TextDecoder('latin1').decode(head.subarray(at, end));
}
