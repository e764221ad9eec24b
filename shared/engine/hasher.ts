/** An incremental SHA-256, provided by the host (node:crypto in the CLI and main, hash-wasm in the worker). */
export interface Hasher {
  update(chunk: Uint8Array): void;
  /** Lower-case hex digest. */
  digestHex(): string;
}

export type HasherFactory = () => Hasher;
