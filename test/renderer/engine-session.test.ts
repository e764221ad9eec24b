// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import pcapUrl from '../fixtures/cases/hidden-hook/srv-eth0.pcap?url&inline';
import archiveUrl from '../fixtures/collector/hidden-hook-perf.tar.gz?url&inline';
import { blobSource } from '../../renderer/src/engine/blob-source';
import type { IngestProgress, IngestRequest } from '../../renderer/src/engine/engine-api';
import { createEngineSession } from '../../renderer/src/engine/engine-session';
import { dataUrlBytes, memoryFile, memoryHost, readMemory, webCryptoSha256 } from './memory-engine';

const pcapBytes = dataUrlBytes(pcapUrl);
const archiveBytes = dataUrlBytes(archiveUrl);

function request(batch: number, files: File[], cancel = new Int32Array(files.length + 1)): IngestRequest {
  return { batch, files, names: files.map((f) => f.name), cancel };
}

describe('blobSource', () => {
  test('yields the blob in chunks of the given size, once per iteration, reporting each pass', () => {
    const file = memoryFile('ten.bin', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const seen: Array<[number, number]> = [];
    const source = blobSource(file, 'ten.bin', readMemory, (pass, bytes) => seen.push([pass, bytes]), () => {}, 4);
    expect([...source.chunks()].map((c) => [...c])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect([...source.chunks()].length).toBe(3);
    expect(seen).toEqual([[0, 4], [0, 8], [0, 10], [1, 4], [1, 8], [1, 10]]);
    expect(source.size).toBe(10);
  });

  test('stops when the guard throws before a chunk', () => {
    const file = memoryFile('ten.bin', new Uint8Array(10));
    let reads = 0;
    const source = blobSource(file, 'ten.bin', readMemory, () => {}, () => {
      if (++reads > 1) throw new Error('stop');
    }, 4);
    expect(() => [...source.chunks()]).toThrow('stop');
  });
});

describe('engine session', () => {
  test('ingests the real srv-eth0.pcap: SHA-256 equals WebCrypto, detected as pcap, packets paged', async () => {
    const session = createEngineSession(memoryHost());
    const progress: IngestProgress[] = [];
    const [outcome] = await session.ingest(request(1, [memoryFile('srv-eth0.pcap', pcapBytes)]), (p) => progress.push(p));
    expect(outcome.phase).toBe('done');
    const summary = outcome.summary!;
    expect(summary.sha256).toBe(await webCryptoSha256(pcapBytes));
    expect(summary).toMatchObject({ name: 'srv-eth0.pcap', format: 'pcap', size: pcapBytes.length });
    expect(summary.records).toBeGreaterThan(10);

    const first = session.records('srv-eth0.pcap', 0, 5);
    expect(first.total).toBe(summary.records);
    expect(first.records.map((r) => (r.kind === 'packet' ? r.index : -1))).toEqual([1, 2, 3, 4, 5]);
    const second = session.records('srv-eth0.pcap', 5, 3);
    expect(second.records.map((r) => (r.kind === 'packet' ? r.index : -1))).toEqual([6, 7, 8]);
    expect(session.records('srv-eth0.pcap', summary.records, 10).records).toEqual([]);

    // Progress: reading reports that only grow, then one final `done` carrying the summary.
    const reading = progress.filter((p) => p.phase === 'reading').map((p) => p.fraction);
    expect(reading.length).toBeGreaterThan(0);
    expect(reading).toEqual([...reading].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', fraction: 1, index: 0, batch: 1, summary });
  });

  test('progress on a file of several chunks follows the one parsing pass up to the end, never jumping ahead', async () => {
    // About 9 MiB of the capture's records repeated: three 4 MiB chunks.
    const body = pcapBytes.subarray(24);
    const copies = Math.ceil((9 * 1024 * 1024) / body.length);
    const big = new Uint8Array(24 + body.length * copies);
    big.set(pcapBytes.subarray(0, 24));
    for (let k = 0; k < copies; k++) big.set(body, 24 + k * body.length);
    const session = createEngineSession(memoryHost());
    const progress: IngestProgress[] = [];
    const [outcome] = await session.ingest(request(1, [memoryFile('big.pcap', big)]), (p) => progress.push(p));
    expect(outcome.phase).toBe('done');
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading.map((p) => p.fraction)).toEqual(reading.map((p) => p.bytes / big.length));
    expect(new Set(reading.map((p) => p.fraction)).size).toBe(reading.length);
    expect(reading.filter((p) => p.fraction === 1)).toHaveLength(1);
    expect(reading.length).toBeGreaterThanOrEqual(3);
  });

  test('a host with a hashing worker: the digest comes from it, the parse does not hash; a failing one falls back', async () => {
    const asked: string[] = [];
    const elsewhere = createEngineSession(memoryHost({
      hashFile: async (file) => {
        asked.push((file as File).name);
        return webCryptoSha256(new Uint8Array(await file.arrayBuffer()));
      },
      createHasher: () => {
        throw new Error('the parse must not hash when the host hashes elsewhere');
      },
    }));
    const [a] = await elsewhere.ingest(request(1, [memoryFile('srv-eth0.pcap', pcapBytes)]), () => {});
    expect(a.phase).toBe('done');
    expect(a.summary?.sha256).toBe(await webCryptoSha256(pcapBytes));
    expect(asked).toEqual(['srv-eth0.pcap']);
    const failing = createEngineSession(memoryHost({ hashFile: () => Promise.reject(new Error('no worker')) }));
    const [b] = await failing.ingest(request(1, [memoryFile('srv-eth0.pcap', pcapBytes)]), () => {});
    expect(b.summary?.sha256).toBe(await webCryptoSha256(pcapBytes));
  });

  test('an unrecognised file is listed as unknown with its hash; an empty one gets a warning', async () => {
    const session = createEngineSession(memoryHost());
    const noise = new Uint8Array(3000).map((_, i) => (i * 7919) % 251);
    const outcomes = await session.ingest(request(1, [memoryFile('noise.bin', noise), memoryFile('empty.txt', '')]), () => {});
    expect(outcomes.map((o) => [o.phase, o.summary?.format, o.summary?.records])).toEqual([
      ['done', 'unknown', 0],
      ['done', 'unknown', 0],
    ]);
    expect(outcomes[0].summary!.sha256).toBe(await webCryptoSha256(noise));
    expect(outcomes[1].summary!.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(outcomes[1].summary!.warnings).toEqual(['empty file [ingest/empty]']);
    expect(session.verdict().artifacts.map((a) => a.name)).toEqual(['noise.bin', 'empty.txt']);
  });

  test('records() clamps its window: at most 1000, never before 0, unknown artifacts are empty', async () => {
    const session = createEngineSession(memoryHost());
    await session.ingest(request(1, [memoryFile('srv-eth0.pcap', pcapBytes)]), () => {});
    const total = session.records('srv-eth0.pcap', 0, 0).total;
    expect(session.records('srv-eth0.pcap', -5, 2).offset).toBe(0);
    expect(session.records('srv-eth0.pcap', 0, 1e9).records.length).toBe(Math.min(total, 1000));
    expect(session.records('nope.txt', 0, 10)).toEqual({ artifact: 'nope.txt', offset: 0, total: 0, records: [] });
  });

  test('the same name with the same bytes is a duplicate; with other bytes it gets a numbered name', async () => {
    const session = createEngineSession(memoryHost());
    await session.ingest(request(1, [memoryFile('a.txt', 'one\n')]), () => {});
    const outcomes = await session.ingest(request(2, [memoryFile('a.txt', 'one\n'), memoryFile('a.txt', 'two\n')]), () => {});
    expect(outcomes.map((o) => [o.name, o.phase])).toEqual([
      ['a.txt', 'duplicate'],
      ['a.txt (2)', 'done'],
    ]);
    expect(session.verdict().artifacts.map((a) => a.name)).toEqual(['a.txt', 'a.txt (2)']);
  });

  test('a file cancelled before its turn is skipped, the rest of the batch goes on', async () => {
    const session = createEngineSession(memoryHost());
    const cancel = new Int32Array(3);
    cancel[1] = 1;
    const outcomes = await session.ingest(request(1, [memoryFile('x.txt', 'x'), memoryFile('y.txt', 'y')], cancel), () => {});
    expect(outcomes.map((o) => [o.name, o.phase])).toEqual([
      ['x.txt', 'cancelled'],
      ['y.txt', 'done'],
    ]);
    expect(session.verdict().artifacts.map((a) => a.name)).toEqual(['y.txt']);
  });

  test('a cancel seen between chunks (shared memory) stops the file mid-read', async () => {
    let reads = 0;
    const session = createEngineSession(memoryHost({ read: (blob, start, end) => (reads++, readMemory(blob, start, end)) }));
    const big = memoryFile('big.bin', new Uint8Array(12 * 1024 * 1024));
    const cancel = new Int32Array(2);
    // The shared flag goes up while the first chunk is being reported, as a UI click would set it.
    const [outcome] = await session.ingest(request(1, [big], cancel), (p) => {
      if (p.phase === 'reading') cancel[1] = 1;
    });
    expect(outcome.phase).toBe('cancelled');
    expect(reads).toBe(1);
    expect(session.verdict().artifacts).toEqual([]);
  });

  test('a cancel message that arrives while a file is read wins over the finished read', async () => {
    const session = createEngineSession(memoryHost());
    const [outcome] = await session.ingest(request(7, [memoryFile('late.txt', 'late\n')]), (p) => {
      // Without shared memory the worker sees the message only after the read: it must still honour it.
      if (p.phase === 'reading') setTimeout(() => session.cancel(7, 0), 0);
    });
    expect(outcome.phase).toBe('cancelled');
    expect(session.verdict().artifacts).toEqual([]);
  });

  test('a file the host cannot read fails alone, with the reason', async () => {
    const session = createEngineSession(memoryHost({
      read: (blob, start, end) => {
        if ((blob as File).name === 'gone.txt') throw new Error('NotReadableError');
        return readMemory(blob, start, end);
      },
    }));
    const outcomes = await session.ingest(request(1, [memoryFile('gone.txt', 'x'), memoryFile('ok.txt', 'ok')]), () => {});
    expect(outcomes[0]).toEqual({ name: 'gone.txt', phase: 'failed', message: 'could not read gone.txt: NotReadableError' });
    expect(outcomes[1].phase).toBe('done');
  });

  test('batches run one after another, in the order they were sent', async () => {
    const session = createEngineSession(memoryHost());
    const order: string[] = [];
    const log = (p: IngestProgress) => {
      if (p.phase !== 'reading') order.push(`${p.batch}:${p.name}`);
    };
    await Promise.all([
      session.ingest(request(1, [memoryFile('a1', 'a'), memoryFile('a2', 'b')]), log),
      session.ingest(request(2, [memoryFile('b1', 'c')]), log),
    ]);
    expect(order).toEqual(['1:a1', '1:a2', '2:b1']);
  });

  test('remove and clear forget artifacts', async () => {
    const session = createEngineSession(memoryHost());
    await session.ingest(request(1, [memoryFile('a', 'a'), memoryFile('b', 'b')]), () => {});
    expect(session.remove('a')).toBe(true);
    expect(session.remove('a')).toBe(false);
    expect(session.verdict().artifacts.map((x) => x.name)).toEqual(['b']);
    session.clear();
    expect(session.verdict().artifacts).toEqual([]);
  });
});

describe('engine session with an archive (the collector\'s .tar.gz)', () => {
  // A real archive the collector made on the lab during the hidden-hook scenario (test/fixtures/collector/README.md).
  test('a dropped collector archive opens in memory: every member an artifact, the scenario\'s verdict', async () => {
    const session = createEngineSession(memoryHost());
    const [outcome] = await session.ingest(request(1, [memoryFile('hidden-hook-perf.tar.gz', archiveBytes)]), () => {});
    expect(outcome.phase).toBe('done');
    expect(outcome.summary?.format).toBe('archive');
    const members = outcome.members ?? [];
    expect(members.find((m) => m.name.endsWith('/capture.pcap'))?.format).toBe('pcap');
    expect(members.find((m) => m.name.endsWith('/perf-script-kfree_skb.txt'))?.format).toBe('perf-script');
    expect(members.find((m) => m.name.endsWith('/clock-anchors.txt'))?.format).toBe('clock-anchors');
    expect(members.length).toBeGreaterThan(15);
    const verdict = session.verdict();
    const f = verdict.findings.find((x) => x.flow.proto === 'tcp' && x.flow.src === '10.0.2.8');
    expect(f?.drop).toMatchObject({ hook: 'LOCAL_IN', owner: { kind: 'nftables', table: 'inet resguard', chain: 'net_hook_in_v4' } });
  });
});
