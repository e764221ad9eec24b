import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backgroundHasher } from '../../cli/hash-in-worker';
import { sharedRead, SLOT_BYTES } from '../../cli/shared-read';
import { passOnce } from '../../shared/formats/format';

// The worker reads each file once, for its hash and for the parser: what the parser gets must be the file's bytes,
// whatever way it reads (probe then parse, stop early, never), and the digest must always be of the whole file.
const dir = mkdtempSync(join(tmpdir(), 'hookline-shared-read-'));
const hasher = backgroundHasher();
afterAll(() => hasher.close());

function file(name: string, size: number, seed: number): { path: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readAll(chunks: Iterable<Uint8Array>): Buffer {
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('sharedRead: one read for the hash and the parse', () => {
  it('gives the parser every byte, after a probe that read the head, and hashes the whole file', async () => {
    const f = file('big.bin', 5 * SLOT_BYTES + 12345, 1);
    const read = hasher.readAndHash(f.path, 'big.bin');
    const it = passOnce(read.source)[Symbol.iterator]();
    expect(Buffer.from(it.next().value as Uint8Array).subarray(0, 100)).toEqual(f.bytes.subarray(0, 100));
    it.return?.();
    expect(readAll(passOnce(read.source)).equals(f.bytes)).toBe(true);
    read.release();
    expect(await read.digest).toBe(sha(f.bytes));
  });

  it('hashes the rest when the parser stops early, and the next file still arrives whole', async () => {
    const a = file('a.bin', 7 * SLOT_BYTES + 1, 2);
    const b = file('b.bin', SLOT_BYTES - 3, 3);
    const readA = hasher.readAndHash(a.path, 'a.bin');
    const readB = hasher.readAndHash(b.path, 'b.bin');
    const it = passOnce(readA.source)[Symbol.iterator]();
    for (let k = 0; k < 3; k++) it.next();
    it.return?.();
    readA.release();
    // A later pass of a released file reads the disk.
    expect(readAll(passOnce(readA.source)).equals(a.bytes)).toBe(true);
    expect(readAll(passOnce(readB.source)).equals(b.bytes)).toBe(true);
    readB.release();
    expect([await readA.digest, await readB.digest]).toEqual([sha(a.bytes), sha(b.bytes)]);
  });

  it('hashes a file the parser never read, and an empty one', async () => {
    const c = file('c.bin', 9 * SLOT_BYTES, 4);
    const e = file('empty.bin', 0, 5);
    const readC = hasher.readAndHash(c.path, 'c.bin');
    const readE = hasher.readAndHash(e.path, 'empty.bin');
    readC.release();
    expect(readAll(passOnce(readE.source))).toHaveLength(0);
    readE.release();
    expect([await readC.digest, await readE.digest]).toEqual([sha(c.bytes), sha(e.bytes)]);
  });
});

describe('sharedRead: column memory for a capture', () => {
  it('carves blocks in order from one pre-faultable arena, then falls back to fresh memory', () => {
    const f = file('cols.bin', 1 << 20, 9);
    const read = sharedRead(f.path, 'cols.bin');
    const memory = read.source.columnMemory!;
    const a = memory(4096);
    const b = memory(8192);
    expect(a.buffer).toBe(read.arena);
    expect(b.buffer).toBe(read.arena);
    expect([a.offset, b.offset]).toEqual([0, 4096]);
    const c = memory(read.arena!.byteLength);
    expect(c.buffer).not.toBe(read.arena);
    expect(c.offset).toBe(0);
  });
});
