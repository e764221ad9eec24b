import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../../cli/node-source';
import { nodeSha256 } from '../../cli/node-hasher';
import type { ArtifactSource } from '../../shared/formats/format';
import { hashingPass } from '../../shared/engine/hashing-pass';
import { ingestArtifact } from '../../shared/engine/ingest';
import { fixture, memorySource } from '../formats/capture-fixtures';

// The evidence hash is computed in the same read as the parse: whatever the parser does (stops early on broken
// input, reads twice, is never called), the digest must be the file's SHA-256.

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Counts how many chunks the host handed out, to prove the file is read once. */
function counted(source: ArtifactSource): { source: ArtifactSource; reads: () => number } {
  let n = 0;
  return {
    source: {
      ...source,
      *chunks() {
        for (const c of source.chunks()) {
          n++;
          yield c;
        }
      },
    },
    reads: () => n,
  };
}

describe('one read serves the parser and the hash', () => {
  const pcap = fixture('cases/hidden-hook/srv-eth0.pcap');

  it('hashes a capture parsed in small chunks exactly as the whole file', () => {
    const { source, reads } = counted(memorySource(pcap, 1000));
    const a = ingestArtifact(source, nodeSha256);
    expect(a.summary.sha256).toBe(sha(pcap));
    expect(a.summary.records).toBe(51);
    // The probe takes the first chunks (64 KiB), the parse + hash one pass: far from two full passes.
    const chunks = Math.ceil(pcap.length / 1000);
    expect(reads()).toBeLessThanOrEqual(chunks + Math.ceil(65536 / 1000) + 1);
  });

  it('hashes what a parser stopping at a broken record never read', () => {
    // A record length of 1 GiB stops the pcap reader at packet 5; the file goes on after it.
    const broken = pcap.slice();
    let at = 24;
    for (let k = 0; k < 4; k++) at += 16 + new DataView(broken.buffer).getUint32(at + 8, true);
    new DataView(broken.buffer).setUint32(at + 8, 1 << 30, true);
    const a = ingestArtifact(memorySource(broken, 512), nodeSha256);
    expect(a.summary.records).toBe(4);
    expect(a.summary.warnings.join('\n')).toMatch(/pcap\/bad-record-length/);
    expect(a.summary.sha256).toBe(sha(broken));
  });

  it('hashes an unknown file and an empty one', () => {
    const junk = new TextEncoder().encode('not an artifact\u0000\u0001'.repeat(5000));
    expect(ingestArtifact(memorySource(junk, 777), nodeSha256).summary.sha256).toBe(sha(junk));
    expect(ingestArtifact(memorySource(new Uint8Array(0)), nodeSha256).summary.sha256).toBe(sha(new Uint8Array(0)));
  });

  it('hashes once when a parser reads the file twice', () => {
    const bytes = new TextEncoder().encode('a\nb\nc\n'.repeat(10000));
    const hasher = nodeSha256();
    const pass = hashingPass(memorySource(bytes, 100), hasher);
    let seen = 0;
    for (const c of pass.source.chunks()) seen += c.length;
    for (const c of pass.source.chunks()) seen += c.length;
    pass.finish();
    expect(seen).toBe(bytes.length * 2);
    expect(hasher.digestHex()).toBe(sha(bytes));
  });

  it('leaves the hash to the host when asked (the CLI hashes on another thread)', () => {
    const a = ingestArtifact(memorySource(pcap), null);
    expect(a.summary.sha256).toBe('');
    expect(a.summary.records).toBe(51);
  });

  it('reads a file on disk through recycled buffers with the same result as fresh ones', () => {
    // Bigger than the 3 × 4 MiB ring, so buffers are reused while the parser works.
    const dir = mkdtempSync(join(tmpdir(), 'hookline-ring-'));
    const path = join(dir, 'big.pcap');
    const body = pcap.subarray(24);
    const copies = Math.ceil((14 * 1024 * 1024) / body.length);
    const big = new Uint8Array(24 + body.length * copies);
    big.set(pcap.subarray(0, 24));
    for (let k = 0; k < copies; k++) big.set(body, 24 + k * body.length);
    writeFileSync(path, big);
    const viaFile = ingestArtifact(fileSource(path), nodeSha256);
    const viaMemory = ingestArtifact(memorySource(big), nodeSha256);
    expect(viaFile.summary.records).toBe(51 * copies);
    expect(viaFile.summary.sha256).toBe(sha(big));
    const a = viaFile.records[0];
    const b = viaMemory.records[0];
    if (a.kind !== 'packet-table' || b.kind !== 'packet-table') throw new Error('no capture table');
    for (const row of [0, 50, 51 * 1000 + 31, 51 * copies - 1]) expect(a.table.packetAt(row)).toEqual(b.table.packetAt(row));
  });
});
