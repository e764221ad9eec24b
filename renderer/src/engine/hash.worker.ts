// A second thread for the evidence hash: the engine worker parses a file while this one hashes it (two cores: the
// ingest costs the slower of the two, not their sum — as `hookline analyze` does with a Node worker thread).
import * as Comlink from 'comlink';
import { createSHA256 } from 'hash-wasm';

// FileReaderSync exists only in workers (see engine.worker.ts for why it is declared here).
declare const FileReaderSync: { new (): { readAsArrayBuffer(blob: Blob): ArrayBuffer } };

const CHUNK = 4 * 1024 * 1024;
const reader = new FileReaderSync();
const ready = createSHA256();
// One hasher, files one after another (a message arriving mid-file waits its turn).
let queue: Promise<unknown> = Promise.resolve();

/** What the engine worker calls. */
export interface HashApi {
  sha256(file: Blob): Promise<string>;
}

const api: HashApi = {
  sha256(file) {
    const run = queue.then(async () => {
      const hasher = (await ready).init();
      for (let at = 0; at < file.size; at += CHUNK) hasher.update(new Uint8Array(reader.readAsArrayBuffer(file.slice(at, Math.min(file.size, at + CHUNK)))));
      return hasher.digest('hex');
    });
    queue = run.catch(() => {});
    return run;
  },
};

Comlink.expose(api);
