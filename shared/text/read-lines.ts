import { passOnce, type ArtifactSource, type StreamingTextDecoder } from '../formats/format';
import { cleanLine } from './clean-text';

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
  const decoder = source.textDecoder?.() ?? webDecoder();
  let parts: string[] = [];
  let n = 0;
  const take = (tail: string): string => {
    const line = parts.length ? parts.join('') + tail : tail;
    parts = [];
    return line;
  };
  // Lines are strings: no chunk is kept, so the host may recycle its buffers (and the hash reads along).
  for (const chunk of passOnce(source)) {
    const text = decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      yield { n: ++n, text: cleanLine(take(text.slice(start, nl))) };
      start = nl + 1;
    }
    if (start < text.length) parts.push(text.slice(start));
  }
  const rest = take(decoder.end());
  if (rest.length > 0) yield { n: ++n, text: cleanLine(rest) };
}

/** The standard decoder, for hosts that bring none (the worker, in-memory sources). */
function webDecoder(): StreamingTextDecoder {
  const decoder = new TextDecoder('utf-8');
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
}

