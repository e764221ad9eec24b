import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kallsymsFormat } from '../../shared/formats/kallsyms.format';
import type { ModuleFact, SymbolFact } from '../../shared/model/hook-entry';
import { manifest } from '../fixtures/format-manifest';
import { bytesOf, detectedId, fixture, fixtureFiles, memorySource, probeInput, runFormat } from './run-text-format';

const symbols = (records: Array<SymbolFact | ModuleFact>) => records.filter((r): r is SymbolFact => r.kind === 'symbol');
const modules = (records: Array<SymbolFact | ModuleFact>) => records.filter((r): r is ModuleFact => r.kind === 'module');

describe('kallsyms: /proc/kallsyms and System.map (lab 6.18)', () => {
  it.each(fixtureFiles('kallsyms'))('%s is detected as kallsyms', (path) => {
    expect(detectedId(fixture(path))).toBe('kallsyms');
  });

  it('yields one SymbolFact per line: 0x address, type letter, name, module column', () => {
    const { records, warnings, meta } = runFormat(kallsymsFormat, fixture('kallsyms/lab-6.18-proc-kallsyms-excerpt.txt'));
    expect(warnings).toEqual([]);
    expect(meta).toEqual({});
    expect(records).toHaveLength(86);
    const found = symbols(records);
    expect(found.find((s) => s.name === 'nf_hook_slow')).toEqual({ kind: 'symbol', line: 37, address: '0xffffffff81f81c50', type: 'T', name: 'nf_hook_slow', module: null, source: null });
    expect(found.find((s) => s.name === 'nft_do_chain_inet')).toMatchObject({ address: '0xffffffff81fd9f40', type: 't' });
    expect(found.at(-1)).toEqual({ kind: 'symbol', line: 86, address: '0xffffffffc0201000', type: 't', name: 'ftrace_trampoline', module: '__builtin__ftrace', source: null });
    expect(new Set(found.map((s) => s.type))).toEqual(new Set(['T', 't', 'W', 'D', 'R', 'B']));
  });

  it('System.map lines read the same, without modules', () => {
    const map = symbols(runFormat(kallsymsFormat, fixture('kallsyms/lab-6.18-system-map-style-excerpt.txt')).records);
    const kallsyms = symbols(runFormat(kallsymsFormat, fixture('kallsyms/lab-6.18-proc-kallsyms-excerpt.txt')).records);
    expect(map).toEqual(kallsyms.filter((s) => s.module === null));
  });

  it('kptr_restrict: zero addresses are kept as printed, with one warning and a meta flag', () => {
    const { records, warnings, meta } = runFormat(kallsymsFormat, fixture('kallsyms/lab-6.18-proc-kallsyms-kptr-restricted-excerpt.txt'));
    expect(records).toHaveLength(86);
    expect(symbols(records).every((s) => s.address === '0x0000000000000000')).toBe(true);
    expect(warnings).toEqual([{ code: 'kallsyms/addresses-hidden', message: expect.stringContaining('kptr_restrict'), line: 1 }]);
    expect(meta).toEqual({ addressesHidden: 'true' });
  });
});

describe('kallsyms: modules (seed-centos7, hand-written)', () => {
  it('a grep of /proc/kallsyms for the module: the hook function belongs to resguard_linux', () => {
    const { records, warnings } = runFormat(kallsymsFormat, fixture('kallsyms/handwritten-centos7-proc-kallsyms-grep-resguard.txt'));
    expect(warnings).toEqual([]);
    expect(symbols(records).find((s) => s.name === 'net_hook_in_v4')).toEqual({
      kind: 'symbol', line: 4, address: '0xffffffffa05f0330', type: 't', name: 'net_hook_in_v4', module: 'resguard_linux', source: null,
    });
  });

  it('/proc/modules: size, base address and taint flags', () => {
    const { records, warnings } = runFormat(kallsymsFormat, fixture('kallsyms/handwritten-centos7-proc-modules.txt'));
    expect(warnings).toEqual([]);
    expect(modules(records)).toHaveLength(10);
    expect(records[0]).toEqual({ kind: 'module', line: 1, name: 'resguard_linux', size: 59811, address: '0xffffffffa05ee000', taint: 'OE' });
    expect(records[1]).toMatchObject({ name: 'iptable_filter', size: 12810, taint: null });
  });

  it('lsmod: name and size; it prints no address and no taint', () => {
    const { records, warnings } = runFormat(kallsymsFormat, fixture('kallsyms/handwritten-centos7-lsmod.txt'));
    expect(warnings).toEqual([]);
    expect(records.map((r) => (r.kind === 'module' ? [r.name, r.size, r.address, r.taint] : null))).toEqual([
      ['resguard_linux', 59811, null, null], ['iptable_filter', 12810, null, null], ['nf_nat_ipv4', 14115, null, null], ['iptable_nat', 12875, null, null],
      ['nf_nat', 26583, null, null], ['nf_conntrack_ipv4', 15053, null, null], ['nf_defrag_ipv4', 12729, null, null], ['nf_conntrack', 139264, null, null],
      ['ip_tables', 27126, null, null], ['virtio_net', 28063, null, null],
    ]);
  });

  it('crash `sym` output: type in parentheses, module, source file and line', () => {
    const { records } = runFormat(kallsymsFormat, [
      'ffffffffa05f0330 (t) net_hook_in_v4 [resguard_linux]',
      'ffffffff8157d1c0 (T) nf_hook_slow /usr/src/debug/kernel-3.10.0-1160.el7/linux-3.10.0-1160.el7.x86_64/net/netfilter/core.c: 170',
    ].join('\n'));
    expect(records).toEqual([
      { kind: 'symbol', line: 1, address: '0xffffffffa05f0330', type: 't', name: 'net_hook_in_v4', module: 'resguard_linux', source: null },
      { kind: 'symbol', line: 2, address: '0xffffffff8157d1c0', type: 'T', name: 'nf_hook_slow', module: null, source: '/usr/src/debug/kernel-3.10.0-1160.el7/linux-3.10.0-1160.el7.x86_64/net/netfilter/core.c:170' },
    ]);
  });

  it('/proc/modules of a restricted reader: zero base addresses become null', () => {
    const { records, warnings } = runFormat(kallsymsFormat, 'resguard_linux 59811 0 - Live 0x0000000000000000 (OE)\n');
    expect(records).toEqual([{ kind: 'module', line: 1, name: 'resguard_linux', size: 59811, address: null, taint: 'OE' }]);
    expect(warnings.map((w) => w.code)).toEqual(['kallsyms/addresses-hidden']);
  });
});

describe('kallsyms: a full-size file streams', () => {
  it('150 000 lines in 4 KiB chunks: every symbol, in order, none kept by the parser', () => {
    const lines: string[] = [];
    for (let i = 0; i < 150000; i++) lines.push(`${(0xffffffff81000000 + i * 16).toString(16)} ${i % 2 ? 't' : 'T'} symbol_${i}${i % 1000 === 0 ? `\t[mod_${i}]` : ''}`);
    const bytes = bytesOf(lines.join('\n'));
    let count = 0;
    let last: SymbolFact | ModuleFact | null = null;
    for (const record of kallsymsFormat.parse(memorySource(bytes, 4096), { warn: () => undefined, meta: () => undefined })) {
      count++;
      last = record;
    }
    expect(count).toBe(150000);
    expect(last).toMatchObject({ line: 150000, name: 'symbol_149999', address: `0x${(0xffffffff81000000 + 149999 * 16).toString(16)}` });
  });
});

describe('kallsyms: bad input never throws; unused lines are warnings with their number', () => {
  const text = new TextDecoder().decode(fixture('kallsyms/lab-6.18-proc-kallsyms-excerpt.txt'));
  const expected = runFormat(kallsymsFormat, text).records;

  it('empty and one byte', () => {
    expect(runFormat(kallsymsFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
    expect(runFormat(kallsymsFormat, 'f').warnings).toEqual([
      { code: 'kallsyms/not-a-symbol-line', message: 'not a kallsyms, System.map, lsmod or /proc/modules line: "f"', line: 1 },
    ]);
  });

  it('garbage: warnings with line numbers, at most 20 listed', () => {
    const { records, warnings } = runFormat(kallsymsFormat, Array.from({ length: 25 }, () => 'zz\u0001 ?? !!').join('\n'));
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
    expect(warnings[19]).toMatchObject({ line: 20 });
  });

  it('a copy cut inside an address: the whole lines before it, the cut one warned', () => {
    // (A cut inside a name leaves a shorter name, which no reader can tell from a real one.)
    const cut = text.slice(0, text.indexOf('ffffffff81f81c50') + 6);
    const { records, warnings } = runFormat(kallsymsFormat, cut);
    expect(records).toEqual(expected.slice(0, 36));
    expect(warnings).toEqual([{ code: 'kallsyms/not-a-symbol-line', message: 'not a kallsyms, System.map, lsmod or /proc/modules line: "ffffff"', line: 37 }]);
  });

  it('one huge line', () => {
    const { records, warnings } = runFormat(kallsymsFormat, `${'f'.repeat(100000)}\n${text}`);
    expect(records).toHaveLength(86);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['kallsyms/not-a-symbol-line', 1]]);
  });

  it('CRLF, ANSI colour and email quotes with the command line read as the plain file', () => {
    const messy = `> # cat /proc/kallsyms\n${text.split('\n').map((l) => (l ? `> \u001b[33m${l}\u001b[0m` : l)).join('\r\n')}`;
    const { records, warnings } = runFormat(kallsymsFormat, messy, 9);
    expect(warnings).toEqual([]);
    expect(records).toEqual(expected.map((r) => ({ ...r, line: r.line + 1 })));
  });
});

describe('kallsyms probe', () => {
  it('does not claim any other format\'s fixture or sample (crash `sym` lines inside a crash session included)', () => {
    const others = [...manifest().filter((e) => e.format !== 'kallsyms').map((e) => e.path)];
    for (const folder of ['dmesg', 'nstat', 'ip-link']) others.push(...fixtureFiles(folder).map((p) => new URL(`../fixtures/${p}`, import.meta.url).pathname));
    expect(others.filter((path) => kallsymsFormat.probe(probeInput(new Uint8Array(readFileSync(path)))) >= 0.3)).toEqual([]);
  });
});
