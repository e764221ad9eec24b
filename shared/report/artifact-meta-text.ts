// The header facts an artifact carries (perf's `captured on`, a pcapng's OS and capture application…) in one
// line for the inventory. They come from the file, so they are untrusted text like any other: renderers escape.

const MAX_VALUE = 160;
const MAX_FACTS = 12;

/** `hostname: vm · osRelease: 6.18.44 · …`, or '' when the artifact has no header facts. */
export function metaText(meta: Record<string, string> | undefined): string {
  if (!meta) return '';
  const facts = Object.entries(meta).slice(0, MAX_FACTS).map(([k, v]) => `${k}: ${v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v}`);
  const more = Object.keys(meta).length - MAX_FACTS;
  return facts.join(' · ') + (more > 0 ? ` · … ${more} more` : '');
}
