import type { ArtifactSource } from '../formats/format';
import { cleanLine } from './clean-text';

/** One line of a text artifact: 1-based number and text without CR / ANSI codes. */
export interface TextLine {
  n: number;
  text: string;
}

/** Streams the lines of a text artifact across chunk boundaries (UTF-8, multi-byte safe). */
export function* readLines(source: ArtifactSource): Generator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let n = 0;
  for (const chunk of source.chunks()) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      yield { n: ++n, text: cleanLine(text.slice(start, nl)) };
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) yield { n: ++n, text: cleanLine(carry) };
}
