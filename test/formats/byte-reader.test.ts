import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../shared/formats/byte-reader';

const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);

function chunked(data: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(data.subarray(at, at + size));
    at += size;
  }
  if (at < data.length) out.push(data.subarray(at));
  return out;
}

/** The `n` bytes `ensure` made contiguous. */
function window(reader: ByteReader, n: number): number[] {
  return Array.from(reader.bytes.subarray(reader.at, reader.at + n));
}

describe('ByteReader', () => {
  it('hands out a chunk\'s own bytes when a read fits in it (no copy)', () => {
    const chunks = chunked(bytes, [40, 60]);
    const reader = new ByteReader(chunks);
    expect(reader.ensure(16)).toBe(true);
    expect(reader.bytes).toBe(chunks[0]);
    reader.skip(40);
    expect(reader.ensure(10)).toBe(true);
    expect(reader.bytes).toBe(chunks[1]);
    expect(reader.offset).toBe(40);
  });

  it('joins a read that straddles three chunks, then goes on where the copy ended', () => {
    const reader = new ByteReader(chunked(bytes, [5, 3, 4, 88]));
    reader.skip(3);
    expect(reader.ensure(10)).toBe(true);
    expect(window(reader, 10)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(reader.view.getUint8(reader.at + 9)).toBe(12);
    reader.skip(10);
    expect(reader.offset).toBe(13);
    expect(reader.ensure(4)).toBe(true);
    expect(window(reader, 4)).toEqual([13, 14, 15, 16]);
  });

  it('skips across chunks and empty chunks', () => {
    const reader = new ByteReader([bytes.subarray(0, 10), new Uint8Array(0), bytes.subarray(10, 20), new Uint8Array(0), bytes.subarray(20)]);
    expect(reader.skip(55)).toBe(true);
    expect(reader.offset).toBe(55);
    expect(reader.ensure(1)).toBe(true);
    expect(window(reader, 1)).toEqual([55]);
  });

  it('says false at the end and leaves exactly the remaining bytes readable', () => {
    const reader = new ByteReader(chunked(bytes, [7, 7, 7]));
    reader.skip(90);
    expect(reader.ensure(16)).toBe(false);
    expect(reader.left).toBe(10);
    expect(reader.offset).toBe(90);
    expect(window(reader, 10)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(reader.skip(11)).toBe(false);
  });

  it('reads nothing from nothing', () => {
    const reader = new ByteReader([]);
    expect(reader.ensure(1)).toBe(false);
    expect(reader.left).toBe(0);
    expect(reader.ensure(0)).toBe(true);
  });

  it('lets the host close its source when reading stops early', () => {
    let closed = false;
    function* source() {
      try {
        yield bytes.subarray(0, 10);
        yield bytes.subarray(10);
      } finally {
        closed = true;
      }
    }
    const reader = new ByteReader(source());
    reader.ensure(4);
    reader.close();
    expect(closed).toBe(true);
  });
});
