import { passOnce, type ArtifactSource, type StreamingTextDecoder } from '../formats/format';

/**
 * Bytes decoded into one string at a time. A string of the host's 4 MiB chunk lives in V8's large-object space:
 * allocating and freeing one per chunk costs page faults that made decoding ~7× slower than the read itself
 * (measured on Node 20: 524 MB as 4 MiB strings 560 ms, as 64 KiB strings 80 ms; 256 KiB was worst, 2 s).
 * 64 KiB strings are young-generation objects that die young.
 */
export const PIECE_BYTES = 65536;

/**
 * The text of an artifact as consecutive decoded pieces (UTF-8, multi-byte safe: the decoder keeps a character cut
 * at the end of a piece for the next one). Lines straddle pieces; nothing is kept, so the host may recycle chunks.
 */
export function* textPieces(source: ArtifactSource): Generator<string> {
  const decoder = source.textDecoder?.() ?? webDecoder();
  for (const chunk of passOnce(source)) {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      const text = decoder.write(at === 0 && chunk.length <= PIECE_BYTES ? chunk : chunk.subarray(at, at + PIECE_BYTES));
      if (text.length > 0) yield text;
    }
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

/** The standard decoder, for hosts that bring none (the worker, in-memory sources). */
export function webDecoder(): StreamingTextDecoder {
  const decoder = new TextDecoder('utf-8');
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}
