import type { ArtifactSource } from '../formats/format';
import type { ParseWarning } from '../model/artifact';
import { archiveKind, isTarHeader, type ArchiveKind } from './archive-kind';
import { archiveLimits, type ArchiveLimits } from './archive-limits';
import { chunkSource } from './chunk-source';
import { expansionBudget, spend, type ExpansionBudget } from './expansion-budget';
import { gunzipChunks, gzipStoredName } from './gunzip-chunks';
import { inflateMember } from './inflate-member';
import { checkMemberName } from './member-name';
import { tarStream, type TarEntryHeader } from './tar-stream';
import { readZipDirectory, zipDataStart } from './zip-directory';
import { unxzChunks } from './xz-chunks';
import { bundleAccepts, bundleScan, pruneMembers, type BundleScan } from '../bundle/bundle-filter';
import type { BundleKind } from '../bundle/bundle-layout';
import { wholeBytes } from './whole-bytes';

// Opens an archive the engineer gave (a hookline-collect .tar.gz, a .tgz, a .tar, a .zip, one gzipped file) in
// memory and hands back its files as artifacts named `archive.tar.gz/path/in/it`, each then hashed, sniffed and
// parsed by the normal ingest. Nothing is written anywhere. What is refused — paths out of the archive, links,
// devices, sparse or oversized members, decompression bombs, archives nested too deep — is a warning naming the
// member and its offset. Pure: runs in the CLI and in the renderer's worker alike.

/** What an archive held. */
export interface ArchiveExpansion {
  /**
   * The container as found from content: `tar`, `tar.gz` (gzip around a tar), `gzip` (one gzipped file), `zip`,
   * `tar.xz` / `xz` (opened by expandArchiveAsync only).
   */
  container: 'tar' | 'tar.gz' | 'gzip' | 'zip' | 'tar.xz' | 'xz';
  /** The files kept, in archive order (nested archives' files in place of the archive). */
  members: ArtifactSource[];
  /** Refusals and damage, each with a byte offset (in the tar stream, or in the zip file). */
  warnings: ParseWarning[];
  /** Archives found inside beyond the nesting limit: listed, not opened. */
  nested: string[];
  /** A sosreport or supportconfig recognised from its layout: its members are only the files Hookline reads. */
  bundle: { kind: BundleKind; root: string; ignored: number } | null;
}

/** One expansion in progress: the output and the shared budget. */
interface Expansion {
  out: ArchiveExpansion;
  budget: ExpansionBudget;
  names: Set<string>;
  tooMany: boolean;
  /** The bundle recognised from the top-level archive's paths (nested archives are not bundles of it). */
  scan: BundleScan;
}

const PEEK = 512;

function headOf(source: ArtifactSource, length: number): Uint8Array {
  const head = new Uint8Array(length);
  let filled = 0;
  for (const chunk of source.chunks()) {
    const take = Math.min(length - filled, chunk.length);
    head.set(chunk.subarray(0, take), filled);
    filled += take;
    if (filled === length) break;
  }
  return head.subarray(0, filled);
}

function headOfChunks(chunks: Uint8Array[], length: number): Uint8Array {
  return headOf(chunkSource('', chunks), length);
}

function warn(x: Expansion, w: ParseWarning): void {
  x.out.warnings.push(w);
}

/** Keeps one member (or opens it when it is an archive within the nesting limit). */
function addMember(x: Expansion, prefix: string, path: string, chunks: Uint8Array[], offset: number, depth: number): void {
  if (x.tooMany) return;
  if (++x.budget.members > x.budget.limits.maxMembers) {
    x.tooMany = true;
    warn(x, { code: 'archive/too-many-members', offset, message: `more than ${x.budget.limits.maxMembers} members: "${path}" and the rest are not read` });
    return;
  }
  let name = `${prefix}/${path}`;
  if (x.names.has(name)) {
    let n = 2;
    while (x.names.has(`${name} (${n})`)) n++;
    warn(x, { code: 'archive/duplicate-name', offset, message: `"${path}" appears twice: the later copy is named "${path} (${n})"` });
    name = `${name} (${n})`;
  }
  x.names.add(name);
  const inner = archiveKind(headOfChunks(chunks, PEEK));
  if (inner) {
    if (depth < x.budget.limits.maxNestingDepth) {
      expandInto(x, chunkSource(name, chunks), inner, depth + 1);
      return;
    }
    x.out.nested.push(name);
    warn(x, { code: 'archive/nested', offset, message: `"${path}" is an archive inside an archive ${depth + 1} levels deep: listed, not opened (limit maxNestingDepth ${x.budget.limits.maxNestingDepth})` });
    return;
  }
  x.out.members.push(chunkSource(name, chunks));
}

/** Whether a tar entry is kept; the refusal warning otherwise. */
function acceptTarEntry(x: Expansion, h: TarEntryHeader): string | null {
  const where = `"${h.path}" (tar entry at byte ${h.offset})`;
  const refuse = (code: string, why: string) => {
    warn(x, { code, offset: h.offset, message: `${where} refused: ${why}` });
    return null;
  };
  if (h.type === '5' || h.type === 'V') return null; // directories and volume labels carry no artifact
  const checked = checkMemberName(h.path);
  if (!checked.ok) return refuse(checked.code, checked.reason);
  if (h.type === '2') return refuse('archive/link', `symbolic link to "${h.linkTarget}"`);
  if (h.type === '1') return refuse('archive/link', `hard link to "${h.linkTarget}"`);
  if (h.type === '3' || h.type === '4' || h.type === '6') return refuse('archive/device', h.type === '6' ? 'a FIFO' : 'a device file');
  if (h.type === 'S' || h.sparse) return refuse('archive/sparse', `a sparse file (claims ${h.size} bytes)`);
  if (h.type !== '0' && h.type !== '7') return refuse('archive/unsupported-entry', `entry type '${h.type}'`);
  if (h.size > x.budget.limits.maxMemberBytes) return refuse('archive/member-too-large', `${h.size} bytes is over the ${x.budget.limits.maxMemberBytes}-byte member limit`);
  return checked.name;
}

/** Feeds a tar byte stream to the reader, collecting kept members. Returns the sink for more bytes. */
function tarInto(x: Expansion, prefix: string, depth: number, own: boolean) {
  let current: { path: string; chunks: Uint8Array[]; offset: number } | null = null;
  const tar = tarStream({
    entry: (h) => {
      if (x.budget.spent || x.tooMany) return false;
      // A bundle's irrelevant files are skipped by name before any of their bytes are kept or sniffed.
      const kind = h.type === '5' ? 'dir' : h.type === '0' || h.type === '7' ? 'file' : 'other';
      if (depth === 0 && !bundleAccepts(x.scan, h.path, kind)) {
        current = null;
        return false;
      }
      const path = acceptTarEntry(x, h);
      current = path === null ? null : { path, chunks: [], offset: h.offset };
      return current !== null;
    },
    // Chunks the host gave may be reused by it: copy those; decompressed chunks are ours already.
    data: (chunk) => current?.chunks.push(own ? chunk : chunk.slice()),
    end: () => {
      if (current) addMember(x, prefix, current.path, current.chunks, current.offset, depth);
      current = null;
    },
    warn: (w) => warn(x, w),
  });
  return tar;
}

function expandTar(x: Expansion, source: ArtifactSource, depth: number): void {
  const tar = tarInto(x, source.name, depth, false);
  for (const chunk of source.chunks()) {
    tar.push(chunk);
    if (tar.done || x.budget.spent || x.tooMany) break;
  }
  tar.finish();
}

/** The name of the one file a compressed stream holds when it is no tar: stored in the header, or the archive's less its suffix. */
function innerNameOf(source: ArtifactSource, stored: string | null): string {
  const storedName = stored ? checkMemberName(stored.split(/[/\\]/).pop() ?? '') : null;
  const fallback = (source.name.split('/').pop() ?? 'data').replace(/\.(gz|tgz|xz|txz)$/i, (m) => (/^\.t/i.test(m) ? '.tar' : '')) || 'data';
  return storedName?.ok ? storedName.name : fallback;
}

/**
 * Where a decompressed stream goes: a tar reader when its first 512 bytes are a tar header, else one file.
 * `push` returns false when no more output is wanted; `end` says which it was.
 */
function decompressedInto(x: Expansion, source: ArtifactSource, depth: number, innerName: string, compression: string) {
  // Held in an object: the callbacks change it, which flow analysis would not see on a plain `let`.
  const state: { mode: 'undecided' | 'tar' | 'file' } = { mode: 'undecided' };
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let fileBytes = 0;
  let fileRefused = false;
  const tar = tarInto(x, source.name, depth, true);
  const decide = (final: boolean) => {
    if (state.mode !== 'undecided' || (!final && pendingBytes < PEEK)) return;
    state.mode = isTarHeader(headOfChunks(pending, PEEK)) ? 'tar' : 'file';
    if (state.mode === 'tar') for (const c of pending.splice(0)) tar.push(c);
    else fileBytes = pendingBytes;
  };
  return {
    push(chunk: Uint8Array): boolean {
      if (state.mode === 'tar') {
        tar.push(chunk);
        return !tar.done && !x.tooMany;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (state.mode === 'file') fileBytes += chunk.length;
      decide(false);
      if (state.mode === 'file' && fileBytes > x.budget.limits.maxMemberBytes) {
        fileRefused = true;
        warn(x, { code: 'archive/member-too-large', offset: 0, message: `"${innerName}" (${compression} file) refused: over the ${x.budget.limits.maxMemberBytes}-byte member limit` });
        return false;
      }
      return true;
    },
    end(): 'tar' | 'file' {
      decide(true);
      if (state.mode === 'tar') {
        tar.finish();
        return 'tar';
      }
      if (!fileRefused && !x.budget.spent && pendingBytes > 0) addMember(x, source.name, innerName, pending, 0, depth);
      return 'file';
    },
  };
}

/** A gzip stream: a tar inside (decided on the first 512 bytes out), else one gzipped file. */
function expandGzip(x: Expansion, source: ArtifactSource, depth: number): 'tar.gz' | 'gzip' {
  const into = decompressedInto(x, source, depth, innerNameOf(source, gzipStoredName(headOf(source, 4096))), 'gzipped');
  gunzipChunks(source.chunks(), x.budget, (chunk) => into.push(chunk), (w) => warn(x, w));
  return into.end() === 'tar' ? 'tar.gz' : 'gzip';
}

/** An xz stream (sos's default): a tar inside, else one xz-compressed file. Every output byte counts against the budget. */
async function expandXz(x: Expansion, source: ArtifactSource, depth: number): Promise<'tar.xz' | 'xz'> {
  const into = decompressedInto(x, source, depth, innerNameOf(source, null), 'xz-compressed');
  let out = 0;
  const result = await unxzChunks(source.chunks(), (chunk) => {
    out += chunk.length;
    return spend(x.budget, chunk.length, out) && into.push(chunk);
  });
  if (result.error !== null) {
    warn(x, { code: 'archive/corrupt', offset: result.consumed, message: `xz data unreadable near compressed byte ${result.consumed} (${result.error}): what was read before is kept` });
  }
  return into.end() === 'tar' ? 'tar.xz' : 'xz';
}

function expandZip(x: Expansion, source: ArtifactSource, depth: number): void {
  let zip: Uint8Array;
  try {
    // The central directory is at the end: a zip is read whole (it is the compressed size, not the expanded one).
    zip = wholeBytes(source);
  } catch (error) {
    warn(x, { code: 'archive/too-large', offset: 0, message: `the zip (${source.size} bytes) does not fit in memory: ${String(error)}` });
    return;
  }
  const limits = x.budget.limits;
  for (const e of readZipDirectory(zip, (w) => warn(x, w))) {
    if (x.budget.spent || x.tooMany) break;
    if (depth === 0 && !bundleAccepts(x.scan, e.name, e.directory ? 'dir' : e.unixType === null || e.unixType === 0x8000 ? 'file' : 'other')) continue;
    if (e.directory) continue;
    const where = `"${e.name}" (zip entry at byte ${e.offset})`;
    const refuse = (code: string, why: string) => warn(x, { code, offset: e.offset, message: `${where} refused: ${why}` });
    const checked = checkMemberName(e.name);
    if (!checked.ok) {
      refuse(checked.code, checked.reason);
      continue;
    }
    // Unix file types in the high bits of the external attributes (S_IFLNK 0xA000, S_IFCHR/BLK/IFO/SOCK).
    if (e.unixType === 0xa000) refuse('archive/link', 'symbolic link');
    else if (e.unixType !== null && [0x1000, 0x2000, 0x6000, 0xc000].includes(e.unixType)) refuse('archive/device', 'a device, FIFO or socket');
    else if (e.encrypted) refuse('archive/encrypted', 'encrypted');
    else if (e.size > limits.maxMemberBytes) refuse('archive/member-too-large', `${e.size} bytes is over the ${limits.maxMemberBytes}-byte member limit`);
    else if (e.method !== 0 && e.method !== 8) refuse('archive/unsupported-method', `compression method ${e.method} (only stored and deflate are read)`);
    else {
      const start = zipDataStart(zip, e);
      if (start === null) {
        refuse('archive/corrupt', 'its local header or data is missing');
        continue;
      }
      const data = zip.subarray(start, start + e.compressedSize);
      if (e.method === 0) {
        if (e.compressedSize !== e.size) refuse('archive/corrupt', `stored entry of ${e.compressedSize} bytes claims ${e.size}`);
        else addMember(x, source.name, checked.name, data.length ? [data] : [], e.offset, depth);
        continue;
      }
      const result = inflateMember(data, Math.min(e.size, limits.maxMemberBytes), x.budget, e.offset);
      if (result.ok) addMember(x, source.name, checked.name, result.chunks, e.offset, depth);
      else if (result.reason === 'over-size') refuse('archive/size-mismatch', `it ${result.detail}, more than its header declares (${e.size}): a bomb or a damaged zip`);
      else if (result.reason === 'corrupt') refuse('archive/corrupt', `deflate data unreadable (${result.detail})`);
    }
  }
}

function expandInto(x: Expansion, source: ArtifactSource, kind: ArchiveKind, depth: number): ArchiveExpansion['container'] {
  if (kind === 'xz') {
    // Only the async entry decodes xz (its decoder is a WebAssembly stream): say so rather than pretend it is empty.
    warn(x, { code: 'archive/needs-async', offset: 0, message: `"${source.name}" is xz-compressed: it is opened by expandArchiveAsync` });
    return 'tar.xz';
  }
  if (kind === 'tar') {
    expandTar(x, source, depth);
    return 'tar';
  }
  if (kind === 'zip') {
    expandZip(x, source, depth);
    return 'zip';
  }
  return expandGzip(x, source, depth);
}

function newExpansion(source: ArtifactSource, kind: ArchiveKind, limits: Partial<ArchiveLimits>): Expansion {
  return {
    out: { container: kind === 'gzip' ? 'gzip' : kind === 'xz' ? 'tar.xz' : kind, members: [], warnings: [], nested: [], bundle: null },
    budget: expansionBudget(archiveLimits(limits), source.size),
    names: new Set(),
    tooMany: false,
    scan: bundleScan(),
  };
}

function finishExpansion(x: Expansion, source: ArtifactSource): ArchiveExpansion {
  if (x.budget.spent) x.out.warnings.push(x.budget.spent);
  if (x.scan.layout) {
    x.out.members = pruneMembers(x.scan, x.out.members, source.name);
    x.out.bundle = { kind: x.scan.layout.kind, root: x.scan.layout.root, ignored: x.scan.ignored };
  }
  return x.out;
}

/**
 * Opens `source` when its content is an archive (tar, gzip, zip — never judged by the name) and returns its
 * members as artifact sources named `<source.name>/<path>`; null when it is no archive. Never throws.
 * A sosreport or supportconfig keeps only the files Hookline reads (`bundle` says which and how many were not).
 * xz needs {@link expandArchiveAsync}.
 */
export function expandArchive(source: ArtifactSource, limits: Partial<ArchiveLimits> = {}): ArchiveExpansion | null {
  const kind = archiveKind(headOf(source, PEEK));
  if (!kind) return null;
  const x = newExpansion(source, kind, limits);
  try {
    x.out.container = expandInto(x, source, kind, 0);
  } catch (error) {
    // A reader bug must not take the case down: what was read so far stays.
    warn(x, { code: 'archive/reader-failed', message: `archive reader stopped: ${String(error)}` });
  }
  return finishExpansion(x, source);
}

/** {@link expandArchive}, plus xz (`.tar.xz`, `.txz`: sos's and supportconfig's default). Never rejects. */
export async function expandArchiveAsync(source: ArtifactSource, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveExpansion | null> {
  const kind = archiveKind(headOf(source, PEEK));
  if (kind !== 'xz') return expandArchive(source, limits);
  const x = newExpansion(source, kind, limits);
  try {
    x.out.container = await expandXz(x, source, 0);
  } catch (error) {
    warn(x, { code: 'archive/reader-failed', message: `archive reader stopped: ${String(error)}` });
  }
  return finishExpansion(x, source);
}
