import { cleanLine } from './clean-text';
import type { ArtifactSource } from '../formats/format';
import { textPieces } from './text-pieces';

/** One line of a text artifact: 1-based number and text without CR / ANSI codes. */
export interface TextLine {
  n: number;
  text: string;
}

/**
 * Streams the lines of a text artifact across chunk boundaries (UTF-8, multi-byte safe). A line longer than a chunk
 * is collected as parts and joined once, so a huge line costs linear time whatever the chunk size.
 */
export function* readLines(source: ArtifactSource): Generator<TextLine> {
  let parts: string[] = [];
  let n = 0;
  const take = (tail: string): string => {
    const line = parts.length ? parts.join('') + tail : tail;
    parts = [];
    return line;
  };
  // Lines are strings: no chunk is kept, so the host may recycle its buffers (and the hash reads along).
  for (const text of textPieces(source)) {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      yield { n: ++n, text: cleanLine(take(text.slice(start, nl))) };
      start = nl + 1;
    }
    if (start < text.length) parts.push(text.slice(start));
  }
  const rest = take('');
  if (rest.length > 0) yield { n: ++n, text: cleanLine(rest) };
}
