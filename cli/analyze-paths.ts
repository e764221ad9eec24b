import { statSync } from 'node:fs';
import { analyze } from '../shared/engine/analyze';
import { ingestArtifact, type IngestedArtifact } from '../shared/engine/ingest';
import { expandArchive, expandArchiveAsync, type ArchiveExpansion } from '../shared/archive/expand-archive';
import { checkManifests } from '../shared/archive/manifest-check';
import { bundleAccepts, bundleScan } from '../shared/bundle/bundle-filter';
import { bundleMeta, ingestBundleArtifact, ingestExpansion } from '../shared/bundle/ingest-bundle';
import { openBundle } from '../shared/bundle/open-bundle';
import type { ArtifactSource } from '../shared/formats/format';
import type { Verdict } from '../shared/model/verdict';
import { collectPaths, type InputFile } from './collect-paths';
import { nodeSha256 } from './node-hasher';
import { fileSource } from './node-source';
import type { BackgroundHasher, HashedRead } from './hash-in-worker';
import { progressSource } from './progress-source';

/** What analysing paths gives: the verdict, the ingested artifacts, and what to tell the engineer besides. */
export interface AnalyzedPaths {
  verdict: Verdict;
  ingested: IngestedArtifact[];
  errors: string[];
  archiveWarnings: string[];
  /** One line per sosreport / supportconfig opened ("sosreport of srv: 14 command output(s) read, 4 812 other files ignored"). */
  bundles: string[];
}

/**
 * A folder given as is may be an unpacked sosreport or supportconfig: its files are judged by name first, and only
 * the command outputs Hookline reads are opened (a 20 000-file sosreport is not read whole).
 */
function ingestFolderBundle(files: InputFile[], exclude: (name: string) => boolean, out: AnalyzedPaths): InputFile[] {
  const scan = bundleScan();
  for (const f of files) bundleOf(scan, f.name);
  if (!scan.layout) return files;
  const rest: InputFile[] = [];
  const kept: ArtifactSource[] = [];
  for (const f of files) {
    if (exclude(f.name)) continue;
    if (bundleAccepts(scan, f.name, 'file')) {
      const inside = scan.layout.root === '' || f.name.startsWith(`${scan.layout.root}/`);
      if (inside) kept.push(fileSource(f.path, f.name));
      else rest.push(f);
    }
  }
  const bundle = openBundle(scan.layout, kept, '', scan.ignored);
  out.bundles.push(bundle.summary);
  // No archive to carry the facts: the file the wall clock was read from does (a real file, with its own hash).
  bundle.factSources.forEach((source, i) => {
    const fact = ingestArtifact(source, nodeSha256);
    if (i === 0) {
      fact.summary.meta = { ...(fact.summary.meta ?? {}), ...bundleMeta(bundle) };
      fact.records.push(...bundle.facts.anchors);
    }
    out.ingested.push(fact);
  });
  for (const a of bundle.artifacts) out.ingested.push(ingestBundleArtifact(a, nodeSha256, bundle.kind));
  return rest;
}

/** Recognises the bundle from any path of the folder (the whole list is known before anything is read). */
function bundleOf(scan: ReturnType<typeof bundleScan>, name: string): void {
  if (!scan.layout) bundleAccepts(scan, name, 'dir');
}

/** How the files are read: hashed here (default) or on a background thread, with or without progress. */
interface ReadOptions {
  exclude: (name: string) => boolean;
  expansions: Map<InputFile, ArchiveExpansion | null>;
  /** Files read and hashed by the worker: their digest arrives later and is written into the summary before the verdict. */
  hashedElsewhere?: Map<InputFile, HashedRead>;
  onRead?: (name: string, read: number, size: number) => void;
}

function ingestAll(files: InputFile[], errors: string[], options: ReadOptions): { out: AnalyzedPaths; digests: Array<Promise<void>> } {
  const { exclude, expansions, hashedElsewhere, onRead } = options;
  const out: AnalyzedPaths = { verdict: null as unknown as Verdict, ingested: [], errors, archiveWarnings: [], bundles: [] };
  const digests: Array<Promise<void>> = [];
  for (const f of files) {
    if (exclude(f.name)) continue;
    const shared = hashedElsewhere?.get(f);
    const plain = shared?.source ?? fileSource(f.path, f.name);
    const source = onRead ? progressSource(plain, (read) => onRead(f.name, read, plain.size)) : plain;
    const expansion = expansions.get(f) ?? null;
    if (!expansion) {
      const ingested = ingestArtifact(source, shared ? null : nodeSha256);
      if (shared) {
        shared.release();
        digests.push(shared.digest.then((hex) => void (ingested.summary.sha256 = hex)));
      }
      out.ingested.push(ingested);
      continue;
    }
    const { archive, members, bundle } = ingestExpansion(source, expansion, nodeSha256);
    out.ingested.push(archive);
    if (bundle) out.bundles.push(`${f.name}: ${bundle.summary}`);
    for (const w of archive.summary.warnings) out.archiveWarnings.push(`${f.name}: ${w}`);
    for (const m of members) if (!exclude(m.ingested.summary.name)) out.ingested.push(m.ingested);
  }
  return { out, digests };
}

/** Once every hash is known: the MANIFEST check, then the verdict. */
function finish(out: AnalyzedPaths): AnalyzedPaths {
  // A collector MANIFEST vouches for the bytes: a file changed since collection is worth telling the engineer.
  for (const c of checkManifests(out.ingested)) if (c.status === 'mismatch') out.archiveWarnings.push(`${c.artifact}: SHA-256 differs from ${c.manifest} (changed since collection)`);
  out.verdict = analyze(out.ingested);
  return out;
}

/**
 * Ingests files and folders from disk and runs the engine: what `hookline analyze` and the Node tests use.
 * A file whose content is an archive (tar, .tar.gz, zip, gzip) is opened in memory: the archive is listed as an
 * artifact of its own (hash, refusals as warnings) and each member is ingested as `archive/path/in/it`.
 * xz archives (sos's default) need {@link analyzePathsAsync}.
 */
export function analyzePaths(paths: string[], exclude: (name: string) => boolean = () => false): AnalyzedPaths {
  const { files, errors } = collectPaths(paths);
  const out: AnalyzedPaths = { verdict: null as unknown as Verdict, ingested: [], errors, archiveWarnings: [], bundles: [] };
  const rest = ingestFolderBundle(files, exclude, out);
  const expansions = new Map(rest.filter((f) => !exclude(f.name)).map((f) => [f, expandArchive(fileSource(f.path, f.name))] as const));
  return finish(merge(out, ingestAll(rest, errors, { exclude, expansions }).out));
}

/** Files from this size on are read and hashed by the worker while this thread parses them. */
const WORKER_HASH_MIN_BYTES = 16 * 1024 * 1024;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** How `hookline analyze` reads: hashes on a background thread, progress on stderr. */
export interface AsyncReadOptions {
  exclude?: (name: string) => boolean;
  hasher?: BackgroundHasher;
  onRead?: (name: string, read: number, size: number) => void;
}

/** {@link analyzePaths} that also opens xz archives (`.tar.xz` sosreports, `.txz` supportconfigs). */
export async function analyzePathsAsync(paths: string[], options: AsyncReadOptions = {}): Promise<AnalyzedPaths> {
  const exclude = options.exclude ?? (() => false);
  const { files, errors } = collectPaths(paths);
  const out: AnalyzedPaths = { verdict: null as unknown as Verdict, ingested: [], errors, archiveWarnings: [], bundles: [] };
  const rest = ingestFolderBundle(files, exclude, out);
  const expansions = new Map<InputFile, ArchiveExpansion | null>();
  for (const f of rest) if (!exclude(f.name)) expansions.set(f, await expandArchiveAsync(fileSource(f.path, f.name)));
  // Plain files are hashed on the other core while this thread parses them (archives hash their members here).
  const hashedElsewhere = new Map<InputFile, HashedRead>();
  // Small files are hashed here in the same read: handing them over costs more than hashing them.
  if (options.hasher) {
    for (const f of rest) if (!exclude(f.name) && !expansions.get(f) && sizeOf(f.path) >= WORKER_HASH_MIN_BYTES) hashedElsewhere.set(f, options.hasher.readAndHash(f.path, f.name));
  }
  const { out: read, digests } = ingestAll(rest, errors, { exclude, expansions, hashedElsewhere, onRead: options.onRead });
  await Promise.all(digests);
  return finish(merge(out, read));
}

/** The folder bundle's artifacts first, then the rest (the verdict is made once, over all, by `finish`). */
function merge(folder: AnalyzedPaths, rest: AnalyzedPaths): AnalyzedPaths {
  if (folder.ingested.length === 0) return rest;
  return { ...rest, ingested: [...folder.ingested, ...rest.ingested], bundles: [...folder.bundles, ...rest.bundles] };
}
