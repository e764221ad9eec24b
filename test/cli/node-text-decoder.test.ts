import { describe, expect, it } from 'vitest';
import { nodeTextDecoder } from '../../cli/node-source';
import { readLines } from '../../shared/text/read-lines';
import { memorySource } from '../formats/capture-fixtures';

// The CLI's fast text decoding must give exactly what TextDecoder gives, wherever a chunk boundary falls.

const text = 'kfree_skb ascii line\n批注：resguard 模块 ✓ drop 😀\nmore ascii\n' + 'x'.repeat(50) + '\ntail é';
const bytes = new TextEncoder().encode(text);

function decodeAll(chunkSize: number): string {
  const d = nodeTextDecoder();
  let out = '';
  for (let i = 0; i < bytes.length; i += chunkSize) out += d.write(bytes.subarray(i, i + chunkSize));
  return out + d.end();
}

describe('nodeTextDecoder', () => {
  it('decodes UTF-8 split at every possible boundary, and ASCII chunks by the fast path', () => {
    for (const size of [1, 2, 3, 4, 5, 7, 16, 33, bytes.length]) expect(decodeAll(size)).toBe(text);
  });

  it('gives readLines the same lines as the standard decoder', () => {
    const plain = [...readLines(memorySource(bytes, 5))];
    const fast = [...readLines({ ...memorySource(bytes, 5), textDecoder: nodeTextDecoder })];
    expect(fast).toEqual(plain);
    expect(fast.map((l) => l.text)).toEqual(text.split('\n'));
  });

  it('keeps invalid bytes as replacement characters like TextDecoder', () => {
    const bad = Uint8Array.of(0x61, 0xff, 0x62, 0xe6, 0x89);
    const d = nodeTextDecoder();
    expect(d.write(bad) + d.end()).toBe(new TextDecoder().decode(bad));
  });
});
