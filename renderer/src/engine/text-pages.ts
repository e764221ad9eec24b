import { cleanLine, looksLikeText } from '../../../shared/text/clean-text';
import type { SliceReader } from './blob-source';
import { chunkBytes } from './blob-source';

/** Where each line of a text artifact starts, found once by one pass over its bytes. */
export interface LineIndex {
  /** Byte offset of line n + 1 at index n (line numbers are 1-based, as the parsers count them). */
  starts: Float64Array;
  /** How many lines the file has (a final newline does not start another one, as in `readLines`). */
  lines: number;
  size: number;
  /** True when the first bytes do not look like text (a capture, an archive): no lines are served. */
  binary: boolean;
}

/** The most lines one `text()` call hands out, whatever is asked. */
export const maxTextPage = 2000;
/** The most bytes one page decodes: a page of huge lines is cut short rather than sent whole. */
export const maxPageBytes = 8 * 1024 * 1024;
/** Longer lines are cut here (the rest is counted, not sent): an editor line of megabytes helps no one. */
export const maxLineChars = 4000;

/** Scans a blob for line starts, in chunks; binary files are recognised from their first chunk and not scanned. */
export function buildLineIndex(blob: Blob, read: SliceReader, chunkSize = chunkBytes): LineIndex {
  const size = blob.size;
  if (size === 0) return { starts: new Float64Array(0), lines: 0, size, binary: false };
  const head = read(blob, 0, Math.min(size, 65536));
  if (!looksLikeText(head)) return { starts: new Float64Array(0), lines: 0, size, binary: true };
  let starts = new Float64Array(1024);
  let lines = 1; // line 1 starts at byte 0
  for (let base = 0; base < size; base += chunkSize) {
    const chunk = read(blob, base, Math.min(size, base + chunkSize));
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      const next = base + i + 1;
      if (next >= size) break;
      if (lines === starts.length) {
        const grown = new Float64Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[lines++] = next;
    }
  }
  return { starts: starts.slice(0, lines), lines, size, binary: false };
}

/** Lines `from`..`from + count - 1` (1-based) of an indexed blob, cleaned like the parsers see them. */
export function readLinesAt(blob: Blob, read: SliceReader, index: LineIndex, from: number, count: number): string[] {
  if (index.binary || index.lines === 0) return [];
  const first = Math.max(1, Math.floor(from) || 1);
  let last = Math.min(index.lines, first + Math.min(maxTextPage, Math.max(0, Math.floor(count) || 0)) - 1);
  if (last < first) return [];
  const start = index.starts[first - 1];
  const endOf = (line: number) => (line < index.lines ? index.starts[line] : index.size);
  // Keep a page within its byte budget (at least one line, cut below).
  while (last > first && endOf(last) - start > maxPageBytes) last = first + Math.floor((last - first) / 2);
  const end = Math.min(endOf(last), start + maxPageBytes);
  const text = new TextDecoder('utf-8').decode(read(blob, start, end));
  const parts = text.split('\n');
  const lines: string[] = [];
  for (let i = 0; i <= last - first; i++) {
    const raw = cleanLine(parts[i] ?? '');
    lines.push(raw.length > maxLineChars ? `${raw.slice(0, maxLineChars)} … (${(raw.length - maxLineChars).toLocaleString('en-US')} more characters)` : raw);
  }
  return lines;
}
