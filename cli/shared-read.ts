import type { ArtifactSource } from '../shared/formats/format';
import { freshColumnMemory, type ColumnMemory } from '../shared/model/packet-block';
import { fileSource } from './node-source';

// One read of a file for both threads: the hashing worker reads each chunk into a slot of a SharedArrayBuffer ring,
// publishes it, and hashes it while the main thread parses the same bytes. Without it both threads read the whole
// file (the main thread's reads were ~15% of a pcap ingest). The protocol, over an Int32Array of control words:
//   PRODUCED  chunks published by the worker        RELEASED  chunks the parser is done with (in order)
//   DONE      the parser stopped reading: the worker reads on and hashes alone
//   EOF       the worker reached the end (or failed)
//   LENGTH+s  bytes in slot s
//   TICK_W / TICK_R  bumped (and notified) on every worker / reader change: a waiter reads the tick before checking,
//   so a change between its check and its wait is never missed.
// Slots are reused only after release: the parser may hold the chunk it works on and the one before
// (ArtifactSource.transientChunks), so 8 slots let the worker read up to six chunks ahead (slack for a busy machine).

export const SLOTS = 8;
export const SLOT_BYTES = 2 * 1024 * 1024;
export const PRODUCED = 0;
export const RELEASED = 1;
export const DONE = 2;
export const EOF = 3;
export const TICK_W = 4;
export const TICK_R = 5;
export const ARENA_USED = 6;
export const LENGTH = 7;
export const CONTROL_WORDS = LENGTH + SLOTS;
/** Column memory reserved per byte of file (virtual until touched; a capture keeps ~0.2 byte of columns per byte). */
export const ARENA_PER_BYTE = 0.4;
/** How far past the parser's last block the worker pre-faults column memory. */
export const ARENA_LOOKAHEAD = 8 * 1024 * 1024;
const PAGE = 4096;
/** Pre-faulted per step between two looks at the ring. */
const TOUCH_STEP = 256 * 1024;

/** The worker side, as source text (the CLI is one bundled file; the worker is eval'd from this string). */
export const SHARED_READ_WORKER = `
function sharedRead(path, data, control, arena, hash, fs) {
  const c = control;
  const fd = fs.openSync(path, 'r');
  const alone = Buffer.allocUnsafe(${SLOT_BYTES});
  // While the parser holds every slot, the worker pre-faults its column memory ahead of it, a step at a time (an
  // atomic add of 0 writes a page without changing it): idle time spent on the page faults the parser would pay.
  const pages = arena ? new Int32Array(arena) : null;
  let touched = 0;
  const touchStep = () => {
    if (!pages) return false;
    const used = Atomics.load(c, ${ARENA_USED}) * ${PAGE};
    const from = Math.max(touched, used);
    const until = Math.min(pages.length * 4, used + ${ARENA_LOOKAHEAD}, from + ${TOUCH_STEP});
    if (from >= until) return false;
    for (let at = from; at < until; at += ${PAGE}) Atomics.add(pages, at >> 2, 0);
    touched = until;
    return true;
  };
  try {
    for (let k = 0; ; k++) {
      if (Atomics.load(c, ${DONE}) === 0) {
        // Wait for slot k % SLOTS to be released (or for the parser to stop).
        for (;;) {
          const tick = Atomics.load(c, ${TICK_R});
          if (Atomics.load(c, ${DONE}) !== 0 || k - Atomics.load(c, ${RELEASED}) < ${SLOTS}) break;
          if (!touchStep()) Atomics.wait(c, ${TICK_R}, tick);
        }
      }
      if (Atomics.load(c, ${DONE}) !== 0) {
        const n = fs.readSync(fd, alone, 0, alone.length, null);
        if (n <= 0) break;
        hash.update(alone.subarray(0, n));
        continue;
      }
      const slot = k % ${SLOTS};
      const view = Buffer.from(data, slot * ${SLOT_BYTES}, ${SLOT_BYTES});
      const n = fs.readSync(fd, view, 0, ${SLOT_BYTES}, null);
      if (n <= 0) break;
      Atomics.store(c, ${LENGTH} + slot, n);
      Atomics.store(c, ${PRODUCED}, k + 1);
      Atomics.add(c, ${TICK_W}, 1);
      Atomics.notify(c, ${TICK_W});
      hash.update(view.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
    Atomics.store(c, ${EOF}, 1);
    Atomics.add(c, ${TICK_W}, 1);
    Atomics.notify(c, ${TICK_W});
  }
}
`;

/** A file read once by the worker for both the hash and the parse. */
export interface SharedRead {
  /** The artifact: its first `transientChunks()` pass is the worker's; any other read goes to the disk. */
  source: ArtifactSource;
  /** The shared memory to hand to the worker with the path. */
  data: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Column memory for a capture, pre-faulted by the worker (null for a file too small to need it). */
  arena: SharedArrayBuffer | null;
  /** Tells the worker the parse is over (idempotent): it reads and hashes the rest alone. Call it after every parse. */
  release(): void;
}

export function sharedRead(path: string, name: string): SharedRead {
  const data = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const c = new Int32Array(control);
  const plain = fileSource(path, name);
  const release = (): void => {
    if (Atomics.load(c, DONE) !== 0) return;
    Atomics.store(c, DONE, 1);
    Atomics.add(c, TICK_R, 1);
    Atomics.notify(c, TICK_R);
  };
  function* fromWorker(): Generator<Uint8Array> {
    for (let k = 0; ; k++) {
        // Chunks before the one before this are free again.
        if (k >= 2) {
          Atomics.store(c, RELEASED, k - 1);
          Atomics.add(c, TICK_R, 1);
          Atomics.notify(c, TICK_R);
        }
      for (;;) {
        const tick = Atomics.load(c, TICK_W);
        if (Atomics.load(c, PRODUCED) > k) break;
        if (Atomics.load(c, EOF) !== 0) return;
        Atomics.wait(c, TICK_W, tick);
      }
      const slot = k % SLOTS;
      yield new Uint8Array(data, slot * SLOT_BYTES, Atomics.load(c, LENGTH + slot));
    }
  }
  // Column blocks are carved from `arena` in order; the worker touches its pages ahead of the parser.
  const arena = plain.size > 0 ? new SharedArrayBuffer(Math.ceil((plain.size * ARENA_PER_BYTE) / PAGE) * PAGE) : null;
  let carved = 0;
  const columnMemory: ColumnMemory = (bytes) => {
    if (arena === null || carved + bytes > arena.byteLength) return freshColumnMemory(bytes);
    const offset = carved;
    carved += bytes;
    Atomics.store(c, ARENA_USED, Math.ceil(carved / PAGE));
    return { buffer: arena, offset };
  };
  const source: ArtifactSource = {
    name: plain.name,
    size: plain.size,
    columnMemory,
    chunks: () => plain.chunks(),
    // A pass that stopped within the first two chunks (the probe reads the head) released nothing: the ring still
    // holds chunk 0 on, so the next pass (the parse) starts over from it. Later passes read the disk.
    transientChunks: () => (Atomics.load(c, RELEASED) === 0 && Atomics.load(c, DONE) === 0 ? fromWorker() : plain.transientChunks!()),
  };
  if (plain.textDecoder) source.textDecoder = plain.textDecoder;
  return { source, data, control, arena, release };
}
