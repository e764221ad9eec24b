import type { ArtifactSource } from '../formats/format';
import { bundleOf, insideBundle, roleOf, type BundleLayout } from './bundle-layout';

/**
 * The bundle recognised so far while an archive streams by, and how many of its entries were skipped. A sosreport
 * holds thousands of files Hookline does not read: they are skipped by name before their bytes are kept, counted,
 * and summarised in one line — never listed one by one.
 */
export interface BundleScan {
  layout: BundleLayout | null;
  /** Files (and links) of the bundle not read. */
  ignored: number;
}

export function bundleScan(): BundleScan {
  return { layout: null, ignored: 0 };
}

/**
 * Sees every entry (directories and links too, in archive order) before its data: false = skip it silently (it is
 * counted in `ignored`). Until a path proves a bundle, everything is kept (and pruned at the end if a bundle shows up).
 */
export function bundleAccepts(scan: BundleScan, path: string, kind: 'file' | 'dir' | 'other'): boolean {
  scan.layout ??= bundleOf(path);
  if (!scan.layout) return true;
  const rel = insideBundle(scan.layout, path);
  if (rel === null) return true;
  if (kind === 'dir') return false;
  // Links are how sos points its root names (date, uname, uptime…) at sos_commands: the target is read instead.
  if (kind === 'other' || roleOf(scan.layout, rel) === null) {
    scan.ignored++;
    return false;
  }
  return true;
}

/** Removes the members kept before the bundle was recognised that it does not read (`prefix/` + path names). */
export function pruneMembers(scan: BundleScan, members: ArtifactSource[], prefix: string): ArtifactSource[] {
  const layout = scan.layout;
  if (!layout) return members;
  return members.filter((m) => {
    const path = m.name.startsWith(`${prefix}/`) ? m.name.slice(prefix.length + 1) : m.name;
    const rel = insideBundle(layout, path);
    if (rel === null || roleOf(layout, rel) !== null) return true;
    scan.ignored++;
    return false;
  });
}
