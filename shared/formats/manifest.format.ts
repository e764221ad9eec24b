import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { ManifestEntry } from '../model/manifest-entry';
import { readLines } from '../text/read-lines';
import { LineWarnings } from './line-warnings';

// hookline-collect's MANIFEST: one tab-separated line per collected file, after `#` header lines:
//   # hookline-collect MANIFEST v1: sha256<TAB>bytes<TAB>file<TAB>exit status<TAB>command
//   # peer=10.0.2.8 port=- interface=any duration=12 cap_mb=200 tracer=perf
//   2a22a7af…c83<TAB>135618<TAB>perf-script-kfree_skb.txt<TAB>0<TAB>perf record … ; perf script --header -i .perf.data
// The sha256 is `-` when the host had no sha256sum. The command may contain anything but a tab or a newline.
// Ref: collect/hookline-collect.sh (the MANIFEST block).

const HEADER = /^#\s*hookline-collect MANIFEST\b/i;
const ENTRY = /^([0-9a-fA-F]{64}|-)\t(\d+|-)\t([^\t]+)\t(-?\d+|-)\t(.*)$/;

/** 0.9 with the collector's header; 0.7 for two or more entry lines alone. */
export function probeManifest(input: ProbeInput): number {
  if (input.text === null) return 0;
  const lines = input.text.split('\n', 40).filter((l) => l.trim() !== '');
  if (lines.length === 0) return 0;
  if (HEADER.test(lines[0])) return 0.9;
  const entries = lines.filter((l) => ENTRY.test(l)).length;
  return entries >= 2 && lines.every((l) => l.startsWith('#') || ENTRY.test(l)) ? 0.7 : 0;
}

/** One ManifestEntry per file line; `# key=value` lines (peer, interface, tracer…) become meta. */
export function* parseManifest(source: ArtifactSource, ctx: ParseContext): Generator<ManifestEntry> {
  const warnings = new LineWarnings(ctx, 'manifest');
  for (const { n, text } of readLines(source)) {
    if (text.trim() === '') continue;
    if (text.startsWith('#')) {
      const version = HEADER.test(text) ? /\bv(\d+)\b/.exec(text) : null;
      if (version) ctx.meta('version', version[1]);
      // `# peer=10.0.2.8 port=- interface=any …`: every word a key=value pair (split, not a regex: linear).
      const words = text.slice(1).trim().split(/\s+/);
      if (words.every((w) => /^\w+=/.test(w))) {
        for (const w of words) {
          const [k, v] = [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)];
          if (v && v !== '-') ctx.meta(k, v);
        }
      }
      continue;
    }
    const m = ENTRY.exec(text);
    if (!m) {
      warnings.unreadable(n, text);
      continue;
    }
    const file = m[3];
    // The collector writes relative names only; anything else is reported, never trusted as a path.
    if (file.startsWith('/') || file.split('/').includes('..')) warnings.warn('unsafe-name', n, `file name "${file}" leaves the collection folder`);
    yield {
      kind: 'manifest-entry',
      line: n,
      file,
      sha256: m[1] === '-' ? null : m[1].toLowerCase(),
      size: m[2] === '-' ? null : Number(m[2]),
      status: m[4] === '-' ? null : Number(m[4]),
      command: m[5],
    };
  }
  warnings.finish();
}

export const manifestFormat: ArtifactFormat<ManifestEntry> = {
  id: 'manifest',
  label: 'Collection MANIFEST (hookline-collect: file, SHA-256, command)',
  kind: 'text',
  probe: probeManifest,
  parse: parseManifest,
};
