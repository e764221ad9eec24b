import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPcap } from '../packets/pcap-builder';
import { analyzePaths } from '../../cli/analyze-paths';
import { progressSource, stderrProgress } from '../../cli/progress-source';
import { memorySource } from '../formats/capture-fixtures';

// The whole `hookline analyze` process: small files hashed in the parse's own read, big ones read once by a background
// thread that hashes them while the main thread parses the same bytes.

const CLI = 'out/cli/hookline.mjs';
const CASE = 'test/fixtures/cases/hidden-hook';

beforeAll(() => {
  if (!existsSync(CLI)) spawnSync('node', ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}, 120_000);

describe('hookline analyze, whole process', () => {
  it('reports every file with the SHA-256 of its bytes', () => {
    const r = spawnSync('node', [CLI, 'analyze', '--json', CASE], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const verdict = JSON.parse(r.stdout) as { artifacts: Array<{ name: string; sha256: string }>; findings: unknown[] };
    expect(verdict.artifacts.length).toBeGreaterThan(5);
    for (const a of verdict.artifacts) expect(a.sha256).toBe(createHash('sha256').update(readFileSync(`${CASE}/${a.name}`)).digest('hex'));
    expect(verdict.findings.length).toBeGreaterThan(0);
    // Not a terminal: no progress line mixed into what a script reads.
    expect(r.stderr).not.toMatch(/reading/);
  });

  it('a capture past the worker threshold: parsed from the worker\'s read, hashed whole, beside a small file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-big-'));
    const frames = Array.from({ length: 300_000 }, (_, k) => ({ tUs: 1.7e15 + k * 10, src: '10.0.2.8', dst: '10.0.0.3', proto: 6, sport: 40000 + (k % 3), dport: 443, flags: 0x02, ipId: k & 0xffff }));
    const big = buildPcap(frames);
    expect(big.length).toBeGreaterThan(16 * 1024 * 1024);
    writeFileSync(join(dir, 'big.pcap'), big);
    writeFileSync(join(dir, 'small.pcap'), buildPcap(frames.slice(0, 3)));
    const r = spawnSync('node', [CLI, 'analyze', '--json', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const verdict = JSON.parse(r.stdout) as { artifacts: Array<{ name: string; sha256: string; records: number }> };
    const byName = new Map(verdict.artifacts.map((a) => [a.name, a]));
    expect(byName.get('big.pcap')?.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(byName.get('big.pcap')?.records).toBe(300_000);
    expect(byName.get('small.pcap')?.records).toBe(3);
    // The columns were carved from memory the worker pre-faulted while the parse ran: the same findings as an
    // in-process analysis with fresh memory.
    const here = analyzePaths([dir]).verdict;
    expect(JSON.parse(r.stdout).findings).toEqual(JSON.parse(JSON.stringify(here.findings)));
  });
});

describe('progress', () => {
  it('counts the bytes of whichever pass reads the source', () => {
    const seen: number[] = [];
    const source = progressSource(memorySource(new Uint8Array(10_000), 4096), (n) => seen.push(n));
    for (const chunk of source.chunks()) expect(chunk.length).toBeGreaterThan(0);
    expect(seen).toEqual([4096, 8192, 10_000]);
  });

  it('draws one erasable line on a terminal and nothing elsewhere', () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 60, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const p = stderrProgress(tty);
    p.update('big.pcap', 5e6, 10e6);
    p.update('big.pcap', 10e6, 10e6);
    p.done();
    expect(written[0]).toBe('\r' + 'hookline: reading big.pcap  5 / 10 MB' + '\x1b[K');
    expect(written.at(-1)).toBe('\r\x1b[K');
    const plain: string[] = [];
    const pipe = stderrProgress({ isTTY: false, write: (s: string) => plain.push(s) } as unknown as NodeJS.WriteStream);
    pipe.update('x', 1, 2);
    pipe.done();
    expect(plain).toEqual([]);
  });
});
