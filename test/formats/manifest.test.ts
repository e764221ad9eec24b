import { describe, expect, it } from 'vitest';
import { manifestFormat } from '../../shared/formats/manifest.format';
import { otherFormatsFiles, parseFile, parseText, probeFileWith } from './text-format-harness';

const PERF = 'test/fixtures/samples/manifest/lab-6.18-hookline-collect-perf-MANIFEST.txt';
const BPFTRACE = 'test/fixtures/samples/manifest/lab-6.18-hookline-collect-bpftrace-MANIFEST.txt';

describe('manifest (hookline-collect MANIFEST)', () => {
  it('reads every file of a real collection with its hash, size, exit status and command', () => {
    const { records, warnings, meta } = parseFile(manifestFormat, PERF);
    expect(warnings).toEqual([]);
    expect(meta).toEqual({ version: '1', peer: '10.0.2.8', interface: 'any', duration: '12', cap_mb: '200', tracer: 'perf' });
    const perf = records.find((r) => r.file === 'perf-script-kfree_skb.txt')!;
    expect(perf.command).toMatch(/^perf record -q -e skb:kfree_skb -a -g .*; perf script --header -i \.perf\.data$/);
    expect(perf.status).toBe(0);
    expect(perf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const capture = records.find((r) => r.file === 'capture.pcap')!;
    expect(capture.command).toBe("tcpdump -i any -nn -s 256 -U -Z root -w capture.pcap 'host 10.0.2.8'");
    // Commands that printed nothing are listed with 0 bytes (the SHA-256 of nothing) and were not packed.
    const empty = records.filter((r) => r.size === 0);
    expect(empty.map((r) => r.file)).toContain('nft-hooks.txt');
    expect(new Set(empty.map((r) => r.sha256))).toEqual(new Set(['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']));
    // lsmod does not exist on this monolithic kernel: `cat /proc/modules` failed, and the status says so.
    expect(records.find((r) => r.file === 'lsmod.txt')?.status).toBe(1);
  });

  it('keeps a whole bpftrace script as one command', () => {
    const { records } = parseFile(manifestFormat, BPFTRACE);
    const bt = records.find((r) => r.file === 'bpftrace-kfree_skb.txt')!;
    expect(bt.command).toContain('tracepoint:skb:kfree_skb {');
    expect(bt.command).toContain('interval:s:72 { exit(); }');
  });

  it('claims its own files and none of the other formats\' fixtures', () => {
    expect(probeFileWith(manifestFormat, BPFTRACE)).toBe(0.9);
    expect(otherFormatsFiles('manifest').filter((p) => probeFileWith(manifestFormat, p) > 0)).toEqual([]);
  });

  it('reads a host without sha256sum (`-`) and flags names that leave the folder', () => {
    const text = `-\t12\tuname.txt\t0\tuname -a\n${'a'.repeat(64)}\t3\t../../etc/passwd\t0\tcat x\n`;
    const { records, warnings } = parseText(manifestFormat, text);
    expect(records.map((r) => [r.file, r.sha256, r.size])).toEqual([['uname.txt', null, 12], ['../../etc/passwd', 'a'.repeat(64), 3]]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['manifest/unsafe-name', 2]]);
  });

  it('warns with the line number on lines it cannot read and survives junk', () => {
    const { records, warnings } = parseText(manifestFormat, '# hookline-collect MANIFEST v1\nnot\ta manifest line\n\u0000\u0001\n', 5);
    expect(records).toEqual([]);
    expect(warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(parseText(manifestFormat, '').records).toEqual([]);
  });
});

describe('manifest on one huge line', () => {
  it('reads it in linear time (no regex backtracking) with one warning', () => {
    const started = performance.now();
    const { records, warnings } = parseText(manifestFormat, `# ${'peer'.repeat(500_000)}\n${'x'.repeat(2_000_000)}\n`);
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
