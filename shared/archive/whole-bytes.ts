import type { ArtifactSource } from '../formats/format';

/** A source's bytes as one array (a single chunk as it is, without a copy). For inputs that need random access. */
export function wholeBytes(source: ArtifactSource): Uint8Array {
  const chunks = [...source.chunks()];
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
