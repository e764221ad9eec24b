import type { ArtifactSource } from '../shared/formats/format';

/** Reports the bytes read so far of a source, whichever pass reads it. */
export function progressSource(source: ArtifactSource, onBytes: (read: number) => void): ArtifactSource {
  const counted = (chunks: Iterable<Uint8Array>): Iterable<Uint8Array> => ({
    *[Symbol.iterator]() {
      let read = 0;
      for (const chunk of chunks) {
        read += chunk.length;
        onBytes(read);
        yield chunk;
      }
    },
  });
  const wrapped: ArtifactSource = { name: source.name, size: source.size, chunks: () => counted(source.chunks()) };
  const transient = source.transientChunks?.bind(source);
  if (transient) wrapped.transientChunks = () => counted(transient());
  if (source.textDecoder) wrapped.textDecoder = source.textDecoder.bind(source);
  if (source.columnMemory) wrapped.columnMemory = source.columnMemory;
  return wrapped;
}

/**
 * A one-line progress display on stderr (only when it is a terminal): `hookline: reading big.pcap  312 / 666 MB`,
 * redrawn at most 5 times a second and erased at the end.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): { update(name: string, read: number, size: number): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(name, read, size) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < 200 && read < size) return;
      last = now;
      const mb = (n: number) => (n / 1e6).toFixed(0);
      const text = `hookline: reading ${name}  ${mb(read)} / ${mb(size)} MB`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 80) - 1)}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
