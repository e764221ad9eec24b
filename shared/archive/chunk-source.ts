import type { ArtifactSource } from '../formats/format';

/** An artifact held in memory as the chunks it arrived in (an archive member): no copy, readable any number of times. */
export function chunkSource(name: string, chunks: Uint8Array[]): ArtifactSource {
  const size = chunks.reduce((n, c) => n + c.length, 0);
  return {
    name,
    size,
    *chunks() {
      yield* chunks;
    },
  };
}

/** An artifact from bytes already in memory (a dropped file read whole, a test's crafted archive). */
export function bytesSource(name: string, bytes: Uint8Array): ArtifactSource {
  return chunkSource(name, bytes.length ? [bytes] : []);
}
