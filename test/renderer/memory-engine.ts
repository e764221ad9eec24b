// The engine as the renderer tests use it: the worker's session run in-process (no Worker in happy-dom or Node),
// with the worker's own hasher (hash-wasm) and answers copied the way postMessage would copy them.
import type { IHasher } from 'hash-wasm';
import { createSHA256 } from 'hash-wasm';
import type { SliceReader } from '../../renderer/src/engine/blob-source';
import type { EngineClient, EngineRemote } from '../../renderer/src/engine/engine-client';
import { createEngineClient } from '../../renderer/src/engine/engine-client';
import type { EngineApi } from '../../renderer/src/engine/engine-api';
import type { EngineHost } from '../../renderer/src/engine/engine-session';
import { createEngineSession } from '../../renderer/src/engine/engine-session';

/** Bytes of the blobs the tests make, so that reads are synchronous (Node's Blob reads only asynchronously). */
const contents = new WeakMap<Blob, Uint8Array>();

/** A File whose bytes the memory engine can read synchronously. */
export function memoryFile(name: string, content: Uint8Array | string): File {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const file = new File([new Uint8Array(bytes)], name);
  contents.set(file, bytes);
  return file;
}

export const readMemory: SliceReader = (blob, start, end) => {
  const bytes = contents.get(blob);
  if (!bytes) throw new Error('not a memoryFile');
  return bytes.slice(start, end);
};

let sha256: IHasher | null = null;

/** A host like the worker's: hash-wasm SHA-256 (initialised once), a macrotask between files. */
export function memoryHost(overrides: Partial<EngineHost> = {}): EngineHost {
  return {
    read: readMemory,
    createHasher: () => {
      if (!sha256) throw new Error('hasher not ready');
      const hasher = sha256.init();
      return { update: (chunk) => void hasher.update(chunk), digestHex: () => hasher.digest('hex') };
    },
    settle: async () => {
      sha256 ??= await createSHA256();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    ...overrides,
  };
}

/** The session behind an EngineRemote, every answer a structured clone (as across the worker boundary). */
export function memoryRemote(session: EngineApi): EngineRemote {
  return {
    ingest: async (request, onProgress) => structuredClone(await session.ingest(request, (p) => onProgress(structuredClone(p)))),
    cancel: async (batch, index) => session.cancel(batch, index),
    verdict: async () => structuredClone(session.verdict()),
    records: async (artifact, offset, limit) => structuredClone(session.records(artifact, offset, limit)),
    timeline: async () => structuredClone(session.timeline()),
    text: async (artifact, from, count) => structuredClone(session.text(artifact, from, count)),
    remove: async (artifact) => session.remove(artifact),
    clear: async () => session.clear(),
  };
}

/** An EngineClient over an in-process session. */
export function memoryEngine(host: EngineHost = memoryHost()): { client: EngineClient; session: EngineApi } {
  const session = createEngineSession(host);
  return { client: createEngineClient(memoryRemote(session)), session };
}

/** SHA-256 by WebCrypto, one shot: the independent reference for the incremental hash. */
export async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Decodes a Vite `?inline` data URL (how binary fixtures reach tests that have no `node:fs`). */
export function dataUrlBytes(url: string): Uint8Array {
  const base64 = url.slice(url.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
