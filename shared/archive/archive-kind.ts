import { isXz } from './xz-chunks';

/** The containers Hookline opens: a tar, a gzip stream (a .tar.gz / .tgz, or one gzipped file), a zip, an xz stream. */
export type ArchiveKind = 'tar' | 'gzip' | 'zip' | 'xz';

/** True when a 512-byte block is a ustar / GNU tar header ("ustar" magic at 257). Ref: POSIX pax, ustar format. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < 512) return false;
  return block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72;
}

/**
 * The container the first bytes announce, from content only: gzip magic 1f 8b 08 (RFC 1952 §2.3.1), a zip local
 * file header or an empty zip's end record (APPNOTE.TXT 4.3.7, 4.3.16), xz's FD 37 7A 58 5A 00, a ustar header. Null for anything else.
 */
export function archiveKind(head: Uint8Array): ArchiveKind | null {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (isXz(head)) return 'xz';
  if (isTarHeader(head)) return 'tar';
  return null;
}
