import type { TextLine } from '../text/read-lines';

/** A line of a pasted artifact once its e-mail / patch quote prefix is removed. */
export interface PastedLine {
  /** 1-based line number in the artifact. */
  n: number;
  text: string;
}

/** One logical line: a physical line plus the hard-wrapped continuation lines joined to it. */
export interface LogicalLine {
  /** First physical line. */
  n: number;
  /** Last physical line joined into it. */
  endN: number;
  text: string;
}

/**
 * Longest line a grammar regex is run on. Tool output lines are far shorter; a longer one is garbage or a
 * binary blob, and some line regexes backtrack quadratically on it.
 */
export const LONGEST_LINE = 4096;

// `> `, `>> `, `> > `, `| ` and `| > ` as mail clients and lore/patchwork quote replies. Only a marker followed by
// a blank (or the end of the line, or another marker) counts, so `>foo` and `|@@@|` (bpftrace histograms) stay.
// Up to 3 leading spaces: some clients indent the quote. Only a space after the marker is eaten: a TAB is the
// quoted line's own indentation (`>\tffffffff81e44fd0 sym+0x90` is a perf callchain frame).
// Ref: /work/shared/spec/formats-notes.md §0.
const QUOTE = /^ {0,3}(?:[>|](?=[ \t>|]|$) ?)+/;

/** Removes the quote prefixes of one line; indentation after the prefix (callchain frames) is kept. */
export function unquoteLine(text: string): string {
  if (text.length === 0) return text;
  const first = text.charCodeAt(0);
  // Fast path: most lines start with neither a space, `>` nor `|`.
  if (first !== 0x20 && first !== 0x3e && first !== 0x7c) return text;
  const match = QUOTE.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/** Streams lines with their quote prefixes removed. */
export function* unquotedLines(lines: Iterable<TextLine>): Generator<PastedLine> {
  for (const line of lines) yield { n: line.n, text: unquoteLine(line.text) };
}

/**
 * Joins hard-wrapped lines: `continues(previous, next)` says whether `next` is the wrapped tail of the logical
 * line built so far. Joined parts are separated by one space (wrapping replaced a space by a newline).
 */
export function* joinWrapped(
  lines: Iterable<PastedLine>,
  continues: (previous: string, next: string) => boolean,
): Generator<LogicalLine> {
  let pending: LogicalLine | null = null;
  for (const line of lines) {
    const joinable = pending !== null && pending.text.length + line.text.length < LONGEST_LINE && line.text.trim().length > 0;
    if (pending && joinable && continues(pending.text, line.text)) {
      pending.text = `${pending.text.trimEnd()} ${line.text.trim()}`;
      pending.endN = line.n;
      continue;
    }
    if (pending) yield pending;
    pending = { n: line.n, endN: line.n, text: line.text };
  }
  if (pending) yield pending;
}
