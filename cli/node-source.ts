import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ArtifactSource, StreamingTextDecoder } from '../shared/formats/format';

const CHUNK = 4 * 1024 * 1024;

/** An artifact on disk, read in 4 MiB chunks each time it is iterated. */
export function fileSource(path: string, name = basename(path)): ArtifactSource {
  const size = statSync(path).size;
  // A small file gets buffers its size: 4 MiB buffers for each of a case's dozen small files were most of the
  // memory (and GC) of a whole fixture-case run.
  const chunk = Math.min(CHUNK, Math.max(4096, size));
  return {
    name,
    size,
    *chunks() {
      const fd = openSync(path, 'r');
      try {
        for (;;) {
          // A fresh, unzeroed buffer per read: a consumer may keep the chunk, and no copy is made.
          const buffer = Buffer.allocUnsafe(chunk);
          const n = readSync(fd, buffer, 0, chunk, null);
          if (n <= 0) break;
          yield new Uint8Array(buffer.buffer, buffer.byteOffset, n);
        }
      } finally {
        closeSync(fd);
      }
    },
    textDecoder: nodeTextDecoder,
    *transientChunks() {
      // Three buffers in turn: a reader holds at most the chunk it works on and the one before (ArtifactSource).
      const ring = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
      const fd = openSync(path, 'r');
      try {
        for (let k = 0; ; k++) {
          const buffer = ring[k % ring.length];
          const n = readSync(fd, buffer, 0, chunk, null);
          if (n <= 0) break;
          yield new Uint8Array(buffer.buffer, buffer.byteOffset, n);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Node's UTF-8 decoding for readLines: a chunk of pure ASCII (most traces and logs) becomes a string by a byte copy
 * (`latin1Slice`, the same characters for bytes < 0x80), anything else goes through StringDecoder, which keeps a
 * character cut at the chunk's end for the next call. ~10× Node's TextDecoder on ASCII text.
 */
export function nodeTextDecoder(): StreamingTextDecoder {
  const decoder = new StringDecoder('utf8');
  // True while StringDecoder may hold the first bytes of a character cut at the end of the last chunk.
  let pending = false;
  return {
    write(bytes) {
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (!pending && isAscii(bytes)) return buffer.toString('latin1');
      pending = incompleteTail(bytes);
      return decoder.write(buffer);
    },
    end: () => decoder.end(),
  };
}

function isAscii(bytes: Uint8Array): boolean {
  const words = Math.floor((bytes.byteOffset % 4 === 0 ? bytes.length : 0) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) if ((view[i] & 0x80808080) !== 0) return false;
  }
  for (let i = words * 4; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** True when the chunk ends inside a UTF-8 sequence (a lead byte whose continuation bytes are still to come). */
function incompleteTail(bytes: Uint8Array): boolean {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if (b < 0x80) return false;
    if (b >= 0xc0) return back < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2);
  }
  return false;
}
