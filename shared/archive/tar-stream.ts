import type { ParseWarning } from '../model/artifact';

// A streaming reader of tar (POSIX ustar + pax extended headers, GNU long names and base-256 sizes, old v7):
// bytes in as they are decompressed, one callback per entry. It never trusts a header: checksums are checked, a
// size is read before any data, and the caller decides per entry whether the data is kept or skipped.
// Ref: POSIX.1-2017 pax "ustar Interchange Format" and "pax Extended Header"; GNU tar manual "Basic Tar Format"
// (typeflags L/K/S, base-256 numeric fields).

const BLOCK = 512;
/** Pax headers and GNU long names are metadata: more than this is no real name. */
const MAX_META_BYTES = 1024 * 1024;

/** One entry's header as read (names resolved through pax / GNU long-name records). */
export interface TarEntryHeader {
  /** Path as stored (not yet checked). */
  path: string;
  /** '0' file, '1' hard link, '2' symlink, '3'/'4' device, '5' directory, '6' fifo, 'S' GNU sparse… */
  type: string;
  size: number;
  linkTarget: string;
  /** Byte offset of the header block in the tar stream. */
  offset: number;
  /** A pax header named GNU sparse maps (the member's real size differs from its stored bytes). */
  sparse: boolean;
}

/** What the reader tells its caller. */
export interface TarCallbacks {
  /** A new entry: return true to receive its data, false to skip it. */
  entry(header: TarEntryHeader): boolean;
  data(chunk: Uint8Array): void;
  /** The kept entry's data is complete. */
  end(): void;
  warn(warning: ParseWarning): void;
}

/** Reads a NUL/space-terminated string field. */
function text(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return new TextDecoder('utf-8').decode(block.subarray(start, end));
}

/** Numeric field: octal digits (space/NUL padded) or GNU base-256 when the top bit of the first byte is set. */
function numeric(block: Uint8Array, start: number, length: number): number | null {
  if (block[start] & 0x80) {
    // Base-256, big-endian, two's complement; the first byte's top bit is the marker (0x80 positive, 0xff negative).
    if (block[start] === 0xff) return null;
    let value = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const s = text(block, start, length).trim();
  if (s === '') return 0;
  return /^[0-7]+$/.test(s) ? parseInt(s, 8) : null;
}

function checksumOk(block: Uint8Array): boolean {
  const stored = numeric(block, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Some old tars summed signed chars (POSIX notes it); accept either.
  return stored === unsigned || stored === signed;
}

/** `27 path=some/name\n` records of a pax extended header. */
function paxRecords(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const s = new TextDecoder('utf-8').decode(bytes);
  let i = 0;
  while (i < s.length) {
    const space = s.indexOf(' ', i);
    if (space < 0) break;
    const length = Number(s.slice(i, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = s.slice(space + 1, i + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return out;
}

/** The reader: push bytes in order, then finish(). */
export interface TarStream {
  push(chunk: Uint8Array): void;
  /** Call at the end of input: warns when the archive stopped inside an entry. */
  finish(): void;
  /** True once the end-of-archive blocks or a corrupt header were met; further input is ignored. */
  readonly done: boolean;
}

export function tarStream(callbacks: TarCallbacks): TarStream {
  const header = new Uint8Array(BLOCK);
  let headerFill = 0;
  let offset = 0; // bytes consumed so far
  let state: 'header' | 'data' | 'meta' | 'padding' | 'done' = 'header';
  let remaining = 0;
  let padding = 0;
  let keep = false;
  let meta: { type: string; parts: Uint8Array[]; size: number } | null = null;
  let pending: { pax: Map<string, string>; longName: string | null; longLink: string | null } = { pax: new Map(), longName: null, longLink: null };
  let global = new Map<string, string>();
  let entryOffset = 0;

  const startEntry = (block: Uint8Array) => {
    entryOffset = offset - BLOCK;
    if (block.every((b) => b === 0)) {
      state = 'done'; // end of archive (the second zero block is not required)
      return;
    }
    if (!checksumOk(block)) {
      callbacks.warn({ code: 'archive/corrupt', offset: entryOffset, message: `tar header at byte ${entryOffset} has a bad checksum: the rest of the archive is not read` });
      state = 'done';
      return;
    }
    const type = String.fromCharCode(block[156] || 0x30);
    const size = numeric(block, 124, 12);
    if (size === null) {
      callbacks.warn({ code: 'archive/corrupt', offset: entryOffset, message: `tar header at byte ${entryOffset} has an unreadable size: the rest of the archive is not read` });
      state = 'done';
      return;
    }
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > MAX_META_BYTES) {
        callbacks.warn({ code: 'archive/corrupt', offset: entryOffset, message: `tar metadata record of ${size} bytes at byte ${entryOffset}: the rest of the archive is not read` });
        state = 'done';
        return;
      }
      meta = { type, parts: [], size };
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      state = size > 0 ? 'meta' : padding > 0 ? 'padding' : 'header';
      if (size === 0) endMeta();
      return;
    }
    const ustar = block[257] === 0x75 && text(block, 257, 6) === 'ustar'; // POSIX "ustar\0" (GNU is "ustar  ")
    const prefix = ustar && block[262] === 0 ? text(block, 345, 155) : '';
    const stored = text(block, 0, 100);
    const pax = new Map([...global, ...pending.pax]);
    const path = pax.get('path') ?? pending.longName ?? (prefix ? `${prefix}/${stored}` : stored);
    const linkTarget = pax.get('linkpath') ?? pending.longLink ?? text(block, 157, 100);
    const paxSize = pax.has('size') ? Number(pax.get('size')) : null;
    const realSize = paxSize !== null && Number.isFinite(paxSize) && paxSize >= 0 ? paxSize : size;
    const sparse = [...pax.keys()].some((k) => k.startsWith('GNU.sparse.'));
    pending = { pax: new Map(), longName: null, longLink: null };
    // A directory, link or device stores no data (its size field may still say otherwise: skip what it says).
    keep = callbacks.entry({ path, type, size: realSize, linkTarget, offset: entryOffset, sparse });
    remaining = type === '1' || type === '2' || type === '3' || type === '4' || type === '5' || type === '6' ? 0 : realSize;
    padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
    if (remaining > 0) state = 'data';
    else {
      if (keep) callbacks.end();
      state = padding > 0 ? 'padding' : 'header';
    }
  };

  const endMeta = () => {
    if (!meta) return;
    const bytes = new Uint8Array(meta.size);
    let at = 0;
    for (const p of meta.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    if (meta.type === 'x') pending.pax = paxRecords(bytes);
    else if (meta.type === 'g') global = new Map([...global, ...paxRecords(bytes)]);
    else {
      const name = text(bytes, 0, bytes.length);
      if (meta.type === 'L') pending.longName = name;
      else pending.longLink = name;
    }
    meta = null;
  };

  const push = (input: Uint8Array) => {
    let i = 0;
    while (i < input.length && state !== 'done') {
      if (state === 'header') {
        const take = Math.min(BLOCK - headerFill, input.length - i);
        header.set(input.subarray(i, i + take), headerFill);
        headerFill += take;
        i += take;
        offset += take;
        if (headerFill === BLOCK) {
          headerFill = 0;
          startEntry(header);
        }
      } else if (state === 'data' || state === 'meta') {
        const take = Math.min(remaining, input.length - i);
        const part = input.subarray(i, i + take);
        if (state === 'meta') meta?.parts.push(part.slice());
        else if (keep) callbacks.data(part);
        remaining -= take;
        i += take;
        offset += take;
        if (remaining === 0) {
          if (state === 'meta') endMeta();
          else if (keep) callbacks.end();
          state = padding > 0 ? 'padding' : 'header';
        }
      } else if (state === 'padding') {
        const take = Math.min(padding, input.length - i);
        padding -= take;
        i += take;
        offset += take;
        if (padding === 0) state = 'header';
      }
    }
  };

  return {
    push,
    finish() {
      if (state === 'data' || state === 'meta') {
        callbacks.warn({ code: 'archive/truncated', offset: entryOffset, message: `the archive ends inside the entry at byte ${entryOffset} (${remaining} bytes missing): that entry is dropped` });
      } else if (state === 'header' && headerFill > 0) {
        callbacks.warn({ code: 'archive/truncated', offset, message: `the archive ends inside a header at byte ${offset - headerFill}` });
      }
      state = 'done';
    },
    get done() {
      return state === 'done';
    },
  };
}
