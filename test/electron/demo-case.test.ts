import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCaseDirectory, loadDemoCase } from '../../electron/demo-case';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const fixture = join(process.cwd(), 'test/fixtures/cases/hidden-hook');

describe('demo case', () => {
  it('is the hidden-hook fixture in development and resources/demo-case once packaged', () => {
    expect(demoCaseDirectory({ isPackaged: false, resourcesPath: '/opt/Hookline/resources', appPath: '/src/hookline' })).toBe(
      '/src/hookline/test/fixtures/cases/hidden-hook',
    );
    expect(demoCaseDirectory({ isPackaged: true, resourcesPath: '/opt/Hookline/resources', appPath: '/opt/Hookline/resources/app.asar' })).toBe(
      '/opt/Hookline/resources/demo-case',
    );
  });

  it('loads the ten artifacts of hidden-hook, sorted, without the EXPECTED.md answer key', async () => {
    const files = await loadDemoCase(fixture);
    expect(files.map((f) => f.name)).toEqual([
      'bpftrace-kfree_skb.txt',
      'c2-eth0.pcapng',
      'dmesg.txt',
      'ip-link-stats.txt',
      'iptables-save-after.txt',
      'iptables-save-before.txt',
      'nft-ruleset.txt',
      'nstat.txt',
      'perf-script-kfree_skb.txt',
      'srv-eth0.pcap',
    ]);
    const pcap = files.find((f) => f.name === 'srv-eth0.pcap');
    expect(pcap?.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(pcap?.bytes)).toBe(false);
    expect(pcap?.bytes.byteLength).toBe(readFileSync(join(fixture, 'srv-eth0.pcap')).byteLength);
    expect([...(pcap?.bytes.slice(0, 4) ?? [])]).toEqual([...readFileSync(join(fixture, 'srv-eth0.pcap')).subarray(0, 4)]);
  });

  it('skips hidden files and refuses a case over the size limit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.DS_Store'), 'x');
    writeFileSync(join(dir, 'a.txt'), 'abc');
    expect((await loadDemoCase(dir)).map((f) => f.name)).toEqual(['a.txt']);
    writeFileSync(join(dir, 'b.txt'), 'def');
    await expect(loadDemoCase(dir, 5)).rejects.toMatchObject({ code: 'io-error' });
  });

  it('reports a missing folder as not-found', async () => {
    await expect(loadDemoCase(join(tempDir(), 'nope'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
