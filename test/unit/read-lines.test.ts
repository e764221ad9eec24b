import { describe, expect, it } from 'vitest';
import { readLines } from '../../shared/text/read-lines';

function source(text: string, chunk: number) {
  const bytes = new TextEncoder().encode(text);
  return { name: 't', size: bytes.length, *chunks() { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); } };
}

describe('readLines', () => {
  it('splits across chunk boundaries, keeps multi-byte characters whole, strips CR and ANSI colour', () => {
    const text = 'première ligne\r\n\x1b[31mred\x1b[0m line\n\nlast without newline';
    for (const chunk of [1, 2, 3, 7, 1024]) {
      expect([...readLines(source(text, chunk))]).toEqual([
        { n: 1, text: 'première ligne' },
        { n: 2, text: 'red line' },
        { n: 3, text: '' },
        { n: 4, text: 'last without newline' },
      ]);
    }
  });

  it('reads a 4 MB line in 4 KiB chunks in linear time', () => {
    const started = performance.now();
    const lines = [...readLines(source(`${'x'.repeat(4_000_000)}\nnext\n`, 4096))];
    expect(lines.map((l) => l.text.length)).toEqual([4_000_000, 4]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
