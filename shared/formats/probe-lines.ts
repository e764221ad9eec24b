import type { ProbeInput } from './format';
import { LONGEST_LINE, unquoteLine } from './unquote-paste';
import { chatterKind } from './paste-chatter';

/** Probes look at this many non-empty lines at most (the probe text is already capped at 64 KiB). */
const PROBE_LINES = 400;

/** The non-empty lines a text probe looks at, quote prefixes removed. Empty for binary input. */
export function probeLines(input: ProbeInput): string[] {
  if (input.text === null) return [];
  const out: string[] = [];
  let start = 0;
  const text = input.text;
  while (start < text.length && out.length < PROBE_LINES) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = unquoteLine(text.slice(start, end));
    if (line.trim().length > 0 && line.length <= LONGEST_LINE) out.push(line);
    start = end + 1;
  }
  return out;
}

/**
 * A text probe's score from its evidence: how many lines matched the format's distinctive shapes (`hits`) out of
 * the non-empty lines seen, prompts / commands / elision markers not counted. One line is a hint (0.5), two a
 * pattern (0.7), three or more a format (0.85); a format whose lines are a sliver of a long file is probably
 * quoted inside another one, so it scores lower.
 */
export function scoreHits(hits: number, lines: readonly string[]): number {
  if (hits <= 0) return 0;
  const base = hits >= 3 ? 0.85 : hits === 2 ? 0.7 : 0.5;
  let content = 0;
  for (const line of lines) if (chatterKind(line) === null) content++;
  const share = hits / Math.max(content, hits, 1);
  if (share >= 0.3) return base;
  if (share >= 0.1) return base - 0.1;
  return Math.max(base - 0.3, 0.2);
}
