// The engine's Web Worker: ingest, verdict and record pages off the UI thread, reached through comlink.
import * as Comlink from 'comlink';
import type { IHasher } from 'hash-wasm';
import { createSHA256 } from 'hash-wasm';
import type { Hasher } from '../../../shared/engine/hasher';
import { createEngineSession } from './engine-session';
import type { HashApi } from './hash.worker';
import { timelineBuffers } from './timeline-data';

// FileReaderSync exists only in workers, and tsconfig.web has the DOM library, not the WebWorker one (both
// together conflict), so the one constructor used here is declared. Ref: https://w3c.github.io/FileAPI/#FileReaderSync
declare const FileReaderSync: { new (): { readAsArrayBuffer(blob: Blob): ArrayBuffer } };

const reader = new FileReaderSync();
// One WebAssembly SHA-256, compiled once; `settle()` waits for it before each file and files go one at a time,
// so each file resets and reuses it. WebCrypto cannot hash incrementally, hence hash-wasm.
const sha256Ready: Promise<IHasher> = createSHA256();
let sha256: IHasher | null = null;

function createHasher(): Hasher {
  if (!sha256) throw new Error('the SHA-256 hasher is not ready');
  const hasher = sha256.init();
  return {
    update: (chunk) => {
      hasher.update(chunk);
    },
    digestHex: () => hasher.digest('hex'),
  };
}

// The other core hashes each file while this worker parses it.
const hashWorker = Comlink.wrap<HashApi>(new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hookline-hash' }));

const session = createEngineSession({
  read: (blob, start, end) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, end))),
  createHasher,
  hashFile: (file) => hashWorker.sha256(file),
  async settle() {
    sha256 ??= await sha256Ready;
    await new Promise((resolve) => setTimeout(resolve, 0));
  },
});

// The timeline's columns are transferred (moved, not copied): a million marks cost no copy on the way to the UI.
Comlink.expose({
  ...session,
  timeline() {
    const data = session.timeline();
    return Comlink.transfer(data, timelineBuffers(data));
  },
});
