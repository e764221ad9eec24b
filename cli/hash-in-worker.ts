import { Worker } from 'node:worker_threads';
import type { ArtifactSource } from '../shared/formats/format';
import { sharedRead, SHARED_READ_WORKER } from './shared-read';

// The evidence hash of a big capture costs about as much as its parse (../shared/design/performance.md): on a
// 2-core machine a second thread hashes the files while the main thread parses them, so the ingest costs the
// slower of the two instead of their sum. The worker's code is inline so the single-file CLI bundle needs no
// second file.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { openSync, readSync, closeSync } = fs;
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
${SHARED_READ_WORKER}
parentPort.on('message', ({ id, path, data, control, arena }) => {
  try {
    const hash = createHash('sha256');
    if (data) {
      sharedRead(path, data, new Int32Array(control), arena, hash, fs);
      parentPort.postMessage({ id, digest: hash.digest('hex') });
      return;
    }
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

/** A file the worker reads once for its hash and for the parser (see shared-read.ts). */
export interface HashedRead {
  source: ArtifactSource;
  digest: Promise<string>;
  /** Call when the parse is over: the worker then hashes whatever the parser did not read. */
  release(): void;
}

/** Hashes files on one background thread, in the order asked; `close()` when done with it. */
export interface BackgroundHasher {
  sha256(path: string): Promise<string>;
  /** Reads `path` once on the worker: the parser takes the chunks the worker hashes. Ask in the order you parse. */
  readAndHash(path: string, name: string): HashedRead;
  close(): Promise<void>;
}

/** The worker starts on the first file asked (starting a thread costs more than hashing a small case). */
export function backgroundHasher(): BackgroundHasher {
  const pending = new Map<number, { resolve: (digest: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  let started: Worker | null = null;
  const start = (): Worker => {
    if (started) return started;
    const worker = (started = new Worker(WORKER_CODE, { eval: true }));
    worker.unref();
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
    return worker;
  };
  return {
    sha256(path) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        start().postMessage({ id, path });
      });
    },
    readAndHash(path, name) {
      const id = next++;
      const read = sharedRead(path, name);
      const digest = new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        start().postMessage({ id, path, data: read.data, control: read.control, arena: read.arena });
      });
      return { source: read.source, digest, release: read.release };
    },
    async close() {
      await started?.terminate();
    },
  };
}
