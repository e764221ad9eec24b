import { Worker } from 'node:worker_threads';

// The evidence hash of a big capture costs about as much as its parse (../shared/design/performance.md): on a
// 2-core machine a second thread hashes the files while the main thread parses them, so the ingest costs the
// slower of the two instead of their sum. The worker's code is inline so the single-file CLI bundle needs no
// second file.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on('message', ({ id, path }) => {
  try {
    const hash = createHash('sha256');
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n <= 0) break;
        hash.update(buffer.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ id, digest: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
`;

/** Hashes files on one background thread, in the order asked; `close()` when done with it. */
export interface BackgroundHasher {
  sha256(path: string): Promise<string>;
  close(): Promise<void>;
}

export function backgroundHasher(): BackgroundHasher {
  const worker = new Worker(WORKER_CODE, { eval: true });
  worker.unref();
  const pending = new Map<number, { resolve: (digest: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  worker.on('message', (m: { id: number; digest?: string; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.digest !== undefined) p?.resolve(m.digest);
    else p?.reject(new Error(m.error ?? 'hash failed'));
  });
  worker.on('error', (error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  });
  return {
    sha256(path) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, path });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
