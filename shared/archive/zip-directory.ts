import type { ParseWarning } from '../model/artifact';

// The central directory of a zip: what each entry claims (name, sizes, method, Unix mode, where its data is),
// read before any data is inflated so refusals cost nothing. Zip64 sizes and offsets are followed.
// Ref: PKWARE APPNOTE.TXT 6.3.10: 4.3.12 central directory header, 4.3.14–4.3.16 (zip64) end records,
// 4.5.3 zip64 extended information extra field, 4.4.2 version made by (3 = UNIX: mode in external attributes).

/** One central-directory entry, as claimed. */
export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  /** Offset of the local file header. */
  localOffset: number;
  /** Offset of the central directory record (for warnings). */
  offset: number;
  /** Unix file type bits (S_IFMT) when the zip was made on Unix, else null. */
  unixType: number | null;
  directory: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

/** Reads the central directory; entries it cannot trust end the listing with a warning. */
export function readZipDirectory(zip: Uint8Array, warn: (w: ParseWarning) => void): ZipEntry[] {
  // The end record is in the last 22 + 65535 (comment) bytes; search backwards for its signature.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65535); at--) {
    if (u32(zip, at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) {
    warn({ code: 'archive/corrupt', offset: zip.length, message: 'no zip end-of-central-directory record: not a complete zip (truncated?)' });
    return [];
  }
  let count = u16(zip, eocd + 10);
  let cdSize = u32(zip, eocd + 12);
  let cdOffset = u32(zip, eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && u32(zip, locator) === ZIP64_LOCATOR) {
    const at = u64(zip, locator + 8);
    if (at + 56 <= zip.length && u32(zip, at) === ZIP64_EOCD) {
      count = u64(zip, at + 32);
      cdSize = u64(zip, at + 40);
      cdOffset = u64(zip, at + 48);
    }
  }
  if (cdOffset + cdSize > zip.length) {
    warn({ code: 'archive/corrupt', offset: eocd, message: `zip central directory (${cdSize} bytes at ${cdOffset}) lies past the end of the file` });
    return [];
  }
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || u32(zip, at) !== CENTRAL) {
      warn({ code: 'archive/corrupt', offset: at, message: `zip central directory entry ${i + 1} of ${count} is unreadable at byte ${at}: the rest is not listed` });
      break;
    }
    const madeBy = u16(zip, at + 4) >> 8;
    const flags = u16(zip, at + 8);
    const method = u16(zip, at + 10);
    let compressedSize = u32(zip, at + 20);
    let size = u32(zip, at + 24);
    const nameLength = u16(zip, at + 28);
    const extraLength = u16(zip, at + 30);
    const commentLength = u16(zip, at + 32);
    const external = u32(zip, at + 38);
    let localOffset = u32(zip, at + 42);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: UTF-8 names; without it the name is CP437, decoded as UTF-8 here (ASCII names read the same).
    const name = new TextDecoder('utf-8').decode(nameBytes);
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(zip, extra);
      const length = u16(zip, extra + 2);
      if (id === 0x0001) {
        let p = extra + 4;
        if (size === 0xffffffff && p + 8 <= extra + 4 + length) {
          size = u64(zip, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff && p + 8 <= extra + 4 + length) {
          compressedSize = u64(zip, p);
          p += 8;
        }
        if (localOffset === 0xffffffff && p + 8 <= extra + 4 + length) localOffset = u64(zip, p);
      }
      extra += 4 + length;
    }
    const unixType = madeBy === 3 ? (external >>> 16) & 0xf000 : null;
    const directory = name.endsWith('/') || unixType === 0x4000 || (external & 0x10) !== 0;
    entries.push({ name, method, encrypted: (flags & 1) !== 0, compressedSize, size, localOffset, offset: at, unixType, directory });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes start (after its local header), or null when the local header is not there. */
export function zipDataStart(zip: Uint8Array, entry: ZipEntry): number | null {
  const at = entry.localOffset;
  if (at + 30 > zip.length || u32(zip, at) !== LOCAL) return null;
  const start = at + 30 + u16(zip, at + 26) + u16(zip, at + 28);
  return start + entry.compressedSize <= zip.length ? start : null;
}
