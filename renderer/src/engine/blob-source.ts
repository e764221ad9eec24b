import type { ArtifactSource } from '../../../shared/formats/format';

/** Reads `[start, end)` of a blob synchronously (FileReaderSync in the worker, a byte array in tests). */
export type SliceReader = (blob: Blob, start: number, end: number) => Uint8Array;

/** 4 MiB: big enough that per-chunk costs vanish, small enough that a read never holds much of a capture. */
export const chunkBytes = 4 * 1024 * 1024;

/** Called after each chunk with the pass number (0 = first read) and the bytes read in that pass. */
export type ChunkListener = (pass: number, bytes: number) => void;

/**
 * A File (or any Blob) as the engine's `ArtifactSource`: read in order, in chunks, each time it is iterated.
 * `beforeChunk` may throw to stop reading (cancellation): the error leaves through the engine's loop.
 */
export function blobSource(blob: Blob, name: string, read: SliceReader, onChunk: ChunkListener = () => {}, beforeChunk: () => void = () => {}, chunkSize = chunkBytes): ArtifactSource {
  let passes = 0;
  return {
    name,
    size: blob.size,
    *chunks() {
      const pass = passes++;
      for (let start = 0; start < blob.size; start += chunkSize) {
        beforeChunk();
        const end = Math.min(blob.size, start + chunkSize);
        const chunk = read(blob, start, end);
        onChunk(pass, end);
        yield chunk;
      }
    },
  };
}
