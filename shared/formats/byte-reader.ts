const EMPTY = new Uint8Array(0);

/**
 * Reads a stream of chunks as one byte sequence without ever joining the whole file.
 *
 * After `ensure(n)` succeeds, the `n` bytes at the read position sit contiguously in `bytes` from `at`
 * (and in `view`, which shares `bytes`' indices). Usually that window is the host's own chunk, untouched;
 * only when the `n` bytes straddle a chunk boundary are they copied into a scratch buffer of exactly `n`
 * bytes, and the rest of the next chunk is read from where that copy ended. So a 4 MiB chunk is never
 * copied, and a record split across chunks costs one copy of that record's header.
 */
export class ByteReader {
  /** The current window: a chunk as the host gave it, or a scratch copy spanning a boundary. */
  bytes: Uint8Array = EMPTY;
  /** A DataView over `bytes` with the same indices (one per window, not per read). */
  view: DataView = new DataView(EMPTY.buffer);
  /** Read position inside `bytes`. */
  at = 0;
  /** File offset of `bytes[0]`. */
  private base = 0;
  /** The unread tail of a chunk whose head went into a scratch copy. */
  private pending: Uint8Array | null = null;
  private readonly chunks: Iterator<Uint8Array>;
  private ended = false;

  constructor(chunks: Iterable<Uint8Array>) {
    this.chunks = chunks[Symbol.iterator]();
  }

  /** File offset of the read position. */
  get offset(): number {
    return this.base + this.at;
  }

  /** Bytes readable in the current window. After a failed `ensure`, exactly the bytes left in the file. */
  get left(): number {
    return this.bytes.length - this.at;
  }

  /** Makes the next `n` bytes contiguous from `at`. False at the end of input, with the remainder in the window. */
  ensure(n: number): boolean {
    while (this.bytes.length - this.at < n) {
      if (this.at < this.bytes.length) return this.merge(n);
      const next = this.pull();
      if (next === null) return false;
      this.moveTo(next);
    }
    return true;
  }

  /** Moves the read position `n` bytes on, across chunks. False when the input ends first. */
  skip(n: number): boolean {
    let rest = n;
    for (;;) {
      const here = this.bytes.length - this.at;
      if (rest <= here) {
        this.at += rest;
        return true;
      }
      rest -= here;
      this.at = this.bytes.length;
      const next = this.pull();
      if (next === null) return false;
      this.moveTo(next);
    }
  }

  /** Releases the host's source early (a file source closes its descriptor when its generator returns). */
  close(): void {
    if (!this.ended) {
      this.ended = true;
      this.chunks.return?.();
    }
  }

  private moveTo(next: Uint8Array): void {
    this.base += this.bytes.length;
    this.setWindow(next);
  }

  private setWindow(window: Uint8Array): void {
    this.bytes = window;
    this.at = 0;
    this.view = new DataView(window.buffer, window.byteOffset, window.byteLength);
  }

  /** Copies the tail of this window and the head of the next chunk(s) into one scratch window of `n` bytes. */
  private merge(n: number): boolean {
    const scratch = new Uint8Array(n);
    let filled = this.bytes.length - this.at;
    scratch.set(this.bytes.subarray(this.at), 0);
    const start = this.base + this.at;
    while (filled < n) {
      const next = this.pull();
      if (next === null) {
        this.base = start;
        this.setWindow(scratch.subarray(0, filled));
        return false;
      }
      const take = Math.min(n - filled, next.length);
      scratch.set(next.subarray(0, take), filled);
      filled += take;
      if (take < next.length) this.pending = next.subarray(take);
    }
    this.base = start;
    this.setWindow(scratch);
    return true;
  }

  /** The next non-empty piece of input: the pending tail first, then the host's chunks. */
  private pull(): Uint8Array | null {
    if (this.pending !== null) {
      const tail = this.pending;
      this.pending = null;
      return tail;
    }
    if (this.ended) return null;
    for (;;) {
      const step = this.chunks.next();
      if (step.done) {
        this.ended = true;
        return null;
      }
      if (step.value.length > 0) return step.value;
    }
  }
}
