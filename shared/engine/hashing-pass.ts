import { passOnce, type ArtifactSource } from '../formats/format';
import type { Hasher } from './hasher';

/** A source whose first read also feeds the hash, and how to hash what that read left. */
export interface HashingPass {
  source: ArtifactSource;
  /** Hashes whatever the first read did not reach (a parser stops early on broken input), or the whole file if unread. */
  finish(): void;
}

/**
 * One read of the file serves the parser and the evidence hash: the first iteration of the returned source hashes
 * each chunk as the parser takes it; `finish()` hashes the rest. A parser that reads again gets plain chunks
 * (hashed once only). Halves the bytes read compared with a hashing pass before the parse.
 */
export function hashingPass(source: ArtifactSource, hasher: Hasher): HashingPass {
  let inner: Iterator<Uint8Array> | null = null;
  const first = (chunks: Iterable<Uint8Array>): Iterable<Uint8Array> => {
    const it = chunks[Symbol.iterator]();
    inner = it;
    return {
      [Symbol.iterator]: () => ({
        next: () => {
          const step = it.next();
          if (!step.done) hasher.update(step.value);
          return step;
        },
        // The parser is done with the file; the hash is not: `finish` reads on from here.
        return: () => ({ done: true, value: undefined }),
      }),
    };
  };
  const view: ArtifactSource = {
    name: source.name,
    size: source.size,
    chunks: () => (inner ? source.chunks() : first(source.chunks())),
    transientChunks: () => (inner ? passOnce(source) : first(passOnce(source))),
  };
  if (source.textDecoder) view.textDecoder = source.textDecoder.bind(source);
  if (source.columnMemory) view.columnMemory = source.columnMemory;
  return {
    source: view,
    finish: () => {
      const it = inner ?? passOnce(source)[Symbol.iterator]();
      inner = it;
      for (let step = it.next(); !step.done; step = it.next()) hasher.update(step.value);
      it.return?.();
    },
  };
}
