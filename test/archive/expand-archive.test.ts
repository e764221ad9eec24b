import { describe, expect, it } from 'vitest';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { expandArchive } from '../../shared/archive/expand-archive';
import { bytesSource } from '../../shared/archive/chunk-source';
import type { ArtifactSource } from '../../shared/formats/format';
import { craftTar } from './craft-archive';

// The archive reader on archives crafted byte by byte: what it keeps, what it refuses and with which warning.

function text(source: ArtifactSource): string {
  return new TextDecoder().decode(Uint8Array.from([...source.chunks()].flatMap((c) => [...c])));
}

/** The same bytes handed over in 7-byte chunks: headers and data split anywhere. */
function chunked(name: string, bytes: Uint8Array, size = 7): ArtifactSource {
  return {
    name,
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    },
  };
}

function codes(x: ReturnType<typeof expandArchive>): string[] {
  return (x?.warnings ?? []).map((w) => w.code);
}

describe('expandArchive: what is an archive', () => {
  it('says null for anything that is not a tar, gzip or zip (judged by content, not name)', () => {
    expect(expandArchive(bytesSource('x.tar.gz', strToU8('just text, named like an archive')))).toBeNull();
    expect(expandArchive(bytesSource('empty.zip', new Uint8Array(0)))).toBeNull();
    const pcap = new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    expect(expandArchive(bytesSource('x.pcap', pcap))).toBeNull();
  });

  it('opens a tar, a tar.gz and a zip of the same files to the same members, whatever the chunking', () => {
    const files = [{ name: 'case/dmesg.txt', data: '[ 1.0] hello\n' }, { name: 'case/sub/nstat.txt', data: '#kernel\nIpInReceives 1 0.0\n' }];
    const tar = craftTar(files);
    const zip = zipSync({ 'case/dmesg.txt': strToU8(files[0].data), 'case/sub/nstat.txt': strToU8(files[1].data) });
    for (const [name, bytes, container] of [['a.tar', tar, 'tar'], ['a.tgz', gzipSync(tar), 'tar.gz'], ['a.zip', zip, 'zip']] as const) {
      for (const source of [bytesSource(name, bytes), chunked(name, bytes)]) {
        const x = expandArchive(source)!;
        expect(x.container).toBe(container);
        expect(x.warnings).toEqual([]);
        expect(x.members.map((m) => [m.name, m.size, text(m)])).toEqual([
          [`${name}/case/dmesg.txt`, files[0].data.length, files[0].data],
          [`${name}/case/sub/nstat.txt`, files[1].data.length, files[1].data],
        ]);
      }
    }
  });

  it('reads pax long paths and GNU long names', () => {
    const long = `${'d'.repeat(120)}/file.txt`;
    const pax = `${long.length + 10} path=${long}\n`; // the length counts its own 3 digits
    const tar = craftTar([
      { name: 'PaxHeader', type: 'x', data: pax },
      { name: 'truncated-name', data: 'pax' },
      { name: '././@LongLink', type: 'L', data: `${long}2\0` },
      { name: 'short', data: 'gnu' },
    ]);
    const x = expandArchive(bytesSource('l.tar', tar))!;
    expect(x.warnings).toEqual([]);
    expect(x.members.map((m) => [m.name, text(m)])).toEqual([[`l.tar/${long}`, 'pax'], [`l.tar/${long}2`, 'gnu']]);
  });

  it('opens one gzipped file as one member named from the gzip header or the file name', () => {
    const x = expandArchive(bytesSource('dmesg.txt.gz', gzipSync(strToU8('[ 1.0] hello\n'))))!;
    expect(x.container).toBe('gzip');
    expect(x.members.map((m) => [m.name, text(m)])).toEqual([['dmesg.txt.gz/dmesg.txt', '[ 1.0] hello\n']]);
    const named = expandArchive(bytesSource('upload.bin', gzipSync(strToU8('x'), { filename: 'perf.txt' })))!;
    expect(named.members.map((m) => m.name)).toEqual(['upload.bin/perf.txt']);
  });
});

describe('expandArchive: refusals', () => {
  it('refuses ../ and absolute paths and keeps the rest', () => {
    const tar = craftTar([
      { name: '../evil', data: 'x' },
      { name: 'ok/../../evil2', data: 'x' },
      { name: '/etc/cron.d/evil', data: 'x' },
      { name: 'C:\\evil', data: 'x' },
      { name: 'good.txt', data: 'kept' },
    ]);
    const x = expandArchive(bytesSource('e.tar.gz', gzipSync(tar)))!;
    expect(x.members.map((m) => m.name)).toEqual(['e.tar.gz/good.txt']);
    expect(codes(x)).toEqual(['archive/path-traversal', 'archive/path-traversal', 'archive/absolute-path', 'archive/absolute-path']);
    expect(x.warnings[0]).toEqual({ code: 'archive/path-traversal', offset: 0, message: '"../evil" (tar entry at byte 0) refused: path climbs out of the archive with ..' });
    expect(x.warnings[2].offset).toBe(2048);
  });

  it('refuses symlinks and hard links (even pointing out of the archive), devices and FIFOs', () => {
    const tar = craftTar([
      { name: 'link-out', type: '2', linkname: '/etc/shadow' },
      { name: 'hard', type: '1', linkname: '../../etc/passwd' },
      { name: 'dev', type: '3' },
      { name: 'fifo', type: '6' },
      { name: 'dir/', type: '5' },
      { name: 'dir/real.txt', data: 'ok' },
    ]);
    const x = expandArchive(bytesSource('l.tar', tar))!;
    expect(x.members.map((m) => m.name)).toEqual(['l.tar/dir/real.txt']);
    expect(x.warnings.map((w) => [w.code, w.message])).toEqual([
      ['archive/link', '"link-out" (tar entry at byte 0) refused: symbolic link to "/etc/shadow"'],
      ['archive/link', '"hard" (tar entry at byte 512) refused: hard link to "../../etc/passwd"'],
      ['archive/device', '"dev" (tar entry at byte 1024) refused: a device file'],
      ['archive/device', '"fifo" (tar entry at byte 1536) refused: a FIFO'],
    ]);
    const zip = zipSync({ 'link': [strToU8('/etc/shadow'), { os: 3, attrs: (0o120777 << 16) >>> 0 }], 'real.txt': strToU8('ok') });
    const z = expandArchive(bytesSource('l.zip', zip))!;
    expect(z.members.map((m) => m.name)).toEqual(['l.zip/real.txt']);
    expect(codes(z)).toEqual(['archive/link']);
  });

  it('refuses a member whose header claims 10 GB (base-256 size) before reading any of it, and a GNU sparse one', () => {
    const tenGB = 10 * 1024 ** 3;
    const huge = craftTar([{ name: 'small.txt', data: 'before' }, { name: 'huge.pcap', size: tenGB }], { end: false });
    const x = expandArchive(bytesSource('h.tar', huge))!;
    expect(x.members.map((m) => m.name)).toEqual(['h.tar/small.txt']);
    expect(x.warnings.map((w) => w.code)).toEqual(['archive/member-too-large', 'archive/truncated']);
    expect(x.warnings[0].message).toBe(`"huge.pcap" (tar entry at byte 1024) refused: ${tenGB} bytes is over the ${4 * 1024 ** 3}-byte member limit`);
    const sparse = craftTar([{ name: 'sparse.img', type: 'S', size: 512, data: new Uint8Array(512) }, { name: 'after.txt', data: 'a' }]);
    const s = expandArchive(bytesSource('s.tar', sparse))!;
    expect(s.members.map((m) => m.name)).toEqual(['s.tar/after.txt']);
    expect(codes(s)).toEqual(['archive/sparse']);
    // The cap is configurable.
    const capped = expandArchive(bytesSource('c.tar', craftTar([{ name: 'a', data: 'x'.repeat(100) }])), { maxMemberBytes: 99 })!;
    expect(capped.members).toEqual([]);
    expect(codes(capped)).toEqual(['archive/member-too-large']);
  });

  it('stops a gzip bomb at the expansion ratio, and a zip whose entry inflates past its declared size', () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = gzipSync(craftTar([{ name: 'zeros.bin', data: zeros }]), { level: 9 });
    expect(bomb.length).toBeLessThan(zeros.length / 200);
    const x = expandArchive(bytesSource('bomb.tar.gz', bomb), { ratioFloorBytes: 1024 * 1024 })!;
    expect(x.members).toEqual([]);
    expect(codes(x)).toEqual(['archive/ratio']);
    expect(x.warnings[0].message).toMatch(/over 200:1 \(a decompression bomb\?\)/);
    // Defaults leave a small highly compressible file alone (8 MiB is under the 64 MiB floor).
    expect(expandArchive(bytesSource('ok.tar.gz', bomb))!.members.map((m) => m.size)).toEqual([zeros.length]);

    // A zip whose headers say 10 bytes but whose deflate data gives 1 MiB: patch both size fields.
    const zip = zipSync({ 'liar.txt': new Uint8Array(1024 * 1024).fill(65) });
    const view = new DataView(zip.buffer);
    view.setUint32(22, 10, true); // local header uncompressed size
    const central = zip.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 10, true);
    const z = expandArchive(bytesSource('liar.zip', zip))!;
    expect(z.members).toEqual([]);
    expect(z.warnings.map((w) => w.code)).toEqual(['archive/size-mismatch']);
  });

  it('opens an archive inside the archive once, and lists (does not open) one nested deeper', () => {
    const innermost = craftTar([{ name: 'deep.txt', data: 'deep' }]);
    const inner = zipSync({ 'mid.txt': strToU8('mid'), 'innermost.tar': innermost });
    const outer = gzipSync(craftTar([{ name: 'top.txt', data: 'top' }, { name: 'inner.zip', data: inner }]));
    const x = expandArchive(bytesSource('outer.tgz', outer))!;
    expect(x.members.map((m) => m.name)).toEqual(['outer.tgz/top.txt', 'outer.tgz/inner.zip/mid.txt']);
    expect(x.nested).toEqual(['outer.tgz/inner.zip/innermost.tar']);
    expect(codes(x)).toEqual(['archive/nested']);
    const flat = expandArchive(bytesSource('outer.tgz', outer), { maxNestingDepth: 0 })!;
    expect(flat.members.map((m) => m.name)).toEqual(['outer.tgz/top.txt']);
    expect(flat.nested).toEqual(['outer.tgz/inner.zip']);
  });

  it('reports damage with an offset and keeps what came before: bad checksum, truncated gzip, garbage zip', () => {
    const tar = craftTar([{ name: 'a.txt', data: 'a' }, { name: 'b.txt', data: 'b' }]);
    const broken = tar.slice();
    broken[1024 + 10] ^= 0xff; // second header's name, checksum now wrong
    const x = expandArchive(bytesSource('b.tar', broken))!;
    expect(x.members.map((m) => m.name)).toEqual(['b.tar/a.txt']);
    expect(x.warnings).toEqual([{ code: 'archive/corrupt', offset: 1024, message: 'tar header at byte 1024 has a bad checksum: the rest of the archive is not read' }]);

    const gz = gzipSync(craftTar([{ name: 'big.txt', data: 'y'.repeat(300_000) }, { name: 'c.txt', data: 'c' }]));
    const cut = expandArchive(bytesSource('cut.tgz', gz.subarray(0, gz.length - 40)))!;
    expect(cut.members.map((m) => m.name)).toEqual(['cut.tgz/big.txt']);
    expect(codes(cut)).toEqual(['archive/truncated', 'archive/truncated']); // the gzip trailer, then the tar entry

    const junk = new Uint8Array(2000).fill(7);
    junk.set([0x50, 0x4b, 3, 4]);
    const z = expandArchive(bytesSource('junk.zip', junk))!;
    expect(z.members).toEqual([]);
    expect(codes(z)).toEqual(['archive/corrupt']);
  });

  it('never throws on random bytes behind an archive magic', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (const magic of [[0x1f, 0x8b, 8], [0x50, 0x4b, 3, 4]]) {
      for (let n = 0; n < 40; n++) {
        const bytes = Uint8Array.from({ length: 50 + Math.floor(next() * 3000) }, () => Math.floor(next() * 256));
        bytes.set(magic);
        expect(() => expandArchive(bytesSource('r', bytes))).not.toThrow();
      }
    }
    // Tar-magic headers with random fields.
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: 1536 }, () => Math.floor(next() * 256));
      bytes.set(new TextEncoder().encode('ustar'), 257);
      expect(expandArchive(bytesSource('r.tar', bytes))?.container).toBe('tar');
    }
  });
});
