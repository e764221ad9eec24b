import type { ArchiveExpansion } from '../archive/expand-archive';
import { archiveArtifact } from '../archive/archive-artifact';
import type { HasherFactory } from '../engine/hasher';
import { ingestArtifact, type IngestedArtifact } from '../engine/ingest';
import type { ArtifactSource } from '../formats/format';
import { formatWarning } from '../model/artifact';
import type { BundleArtifact, OpenedBundle } from './open-bundle';
import { openBundle } from './open-bundle';

// Ingest of an archive or a bundle, the same for the CLI and the worker: the archive as an artifact (for a bundle:
// with the host, wall clock and clock anchor as its facts), then each member with its provenance.

/** A member ingested, with its bytes (the worker keeps them for the evidence view). */
export interface IngestedMember {
  ingested: IngestedArtifact;
  source: ArtifactSource;
}

/** Ingests one bundle artifact: provenance in its meta; a command output no format read, or read as another, says so. */
export function ingestBundleArtifact(a: BundleArtifact, createHasher: HasherFactory, collector: string): IngestedArtifact {
  const ingested = ingestArtifact(a.source, createHasher);
  const s = ingested.summary;
  s.meta = { ...(s.meta ?? {}), command: a.command, collector };
  if (a.namespace) s.meta.namespace = a.namespace;
  if (s.format !== a.expected) {
    const w = {
      code: 'bundle/unexpected-format',
      message: s.format === 'unknown' ? `output of \`${a.command}\` not recognised (expected ${a.expected}): it is listed, not analysed` : `output of \`${a.command}\` read as ${s.format}, not ${a.expected}`,
    };
    ingested.warnings.push(w);
    s.warnings.push(formatWarning(w));
  }
  return ingested;
}

/** The bundle's facts as string meta of the artifact that carries them. */
export function bundleMeta(bundle: OpenedBundle): Record<string, string> {
  const meta: Record<string, string> = { bundle: bundle.kind, bundleSummary: bundle.summary, ignored: String(bundle.ignored) };
  if (bundle.facts.host) meta.host = bundle.facts.host;
  if (bundle.facts.kernelRelease) meta.kernelRelease = bundle.facts.kernelRelease;
  if (bundle.facts.date) meta.wallClock = bundle.facts.date;
  if (bundle.facts.uptime) meta.uptime = bundle.facts.uptime;
  if (bundle.facts.anchorProblem) meta.clockAnchor = `none: ${bundle.facts.anchorProblem}`;
  else if (bundle.facts.anchors.length) meta.clockAnchor = `wall − uptime = ${(bundle.facts.anchors[0].wall - bundle.facts.anchors[0].boot).toFixed(0)} s ± ${bundle.facts.anchors[0].uncertainty} s`;
  return meta;
}

/**
 * The archive and its members as ingested artifacts. For a sosreport / supportconfig the members are its command
 * outputs (supportconfig sections split), and the archive artifact carries the bundle's facts and clock anchor.
 */
export function ingestExpansion(source: ArtifactSource, expansion: ArchiveExpansion, createHasher: HasherFactory): { archive: IngestedArtifact; members: IngestedMember[]; bundle: OpenedBundle | null } {
  const archive = archiveArtifact(source, expansion, createHasher);
  if (!expansion.bundle) {
    return { archive, members: expansion.members.map((m) => ({ ingested: ingestArtifact(m, createHasher), source: m })), bundle: null };
  }
  const bundle = openBundle(expansion.bundle, expansion.members, source.name, expansion.bundle.ignored);
  archive.summary.meta = { ...(archive.summary.meta ?? {}), ...bundleMeta(bundle) };
  archive.records.push(...bundle.facts.anchors);
  const members = bundle.artifacts.map((a) => ({ ingested: ingestBundleArtifact(a, createHasher, bundle.kind), source: a.source }));
  archive.summary.records = members.length;
  return { archive, members, bundle };
}
