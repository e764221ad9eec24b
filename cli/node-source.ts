import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArtifactSource } from '../shared/formats/format';

const CHUNK = 4 * 1024 * 1024;

/** An artifact on disk, read in 4 MiB chunks each time it is iterated. */
export function fileSource(path: string, name = basename(path)): ArtifactSource {
  const size = statSync(path).size;
  return {
    name,
    size,
    *chunks() {
      const fd = openSync(path, 'r');
      try {
        for (;;) {
          // A fresh, unzeroed buffer per read: a consumer may keep the chunk, and no copy is made.
          const buffer = Buffer.allocUnsafe(CHUNK);
          const n = readSync(fd, buffer, 0, CHUNK, null);
          if (n <= 0) break;
          yield new Uint8Array(buffer.buffer, buffer.byteOffset, n);
        }
      } finally {
        closeSync(fd);
      }
    },
    *transientChunks() {
      // Three buffers in turn: a reader holds at most the chunk it works on and the one before (ArtifactSource).
      const ring = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
      const fd = openSync(path, 'r');
      try {
        for (let k = 0; ; k++) {
          const buffer = ring[k % ring.length];
          const n = readSync(fd, buffer, 0, CHUNK, null);
          if (n <= 0) break;
          yield new Uint8Array(buffer.buffer, buffer.byteOffset, n);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}
