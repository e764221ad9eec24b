import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ipLinkFormat } from '../../shared/formats/ip-link.format';
import type { CounterFact } from '../../shared/model/log-line';
import { manifest } from '../fixtures/format-manifest';
import { detectedId, fixture, fixtureFiles, probeInput, runFormat } from './run-text-format';

/** `scope name` → value, e.g. `eth0 rx_packets` → 50. */
const table = (records: CounterFact[]) => Object.fromEntries(records.map((r) => [`${r.scope} ${r.name}`, r.value]));

describe('ip-link: ip -s link of the cases', () => {
  it('hidden-hook: eth0 (printed eth0@if8) received 50 packets, 3963 bytes, dropped none', () => {
    const { records, warnings } = runFormat(ipLinkFormat, fixture('cases/hidden-hook/ip-link-stats.txt'));
    expect(warnings).toEqual([]);
    expect(table(records)).toEqual({
      'eth0 rx_bytes': 3963, 'eth0 rx_packets': 50, 'eth0 rx_errors': 0, 'eth0 rx_dropped': 0, 'eth0 rx_missed_errors': 0, 'eth0 multicast': 0,
      'eth0 tx_bytes': 1226, 'eth0 tx_packets': 17, 'eth0 tx_errors': 0, 'eth0 tx_dropped': 0, 'eth0 tx_carrier_errors': 0, 'eth0 collisions': 0,
    });
    expect(records[1]).toEqual({ kind: 'counter', line: 4, scope: 'eth0', name: 'rx_packets', value: 50 });
  });

  it('output-synack: eth0 rx_packets 51, tx_packets 20', () => {
    const t = table(runFormat(ipLinkFormat, fixture('cases/output-synack/ip-link-stats.txt')).records);
    expect([t['eth0 rx_packets'], t['eth0 tx_packets']]).toEqual([51, 20]);
  });
});

describe('ip-link: lab outputs (test/fixtures/ip-link)', () => {
  it.each(fixtureFiles('ip-link'))('%s is detected as ip-link', (path) => {
    expect(detectedId(fixture(path))).toBe('ip-link');
  });

  it('ip -s -s link: four interfaces, the RX errors / TX errors rows included', () => {
    const { records, warnings } = runFormat(ipLinkFormat, fixture('ip-link/lab-6.18-ip-s-s-link-iproute2-6.1.txt'));
    expect(warnings).toEqual([]);
    expect(new Set(records.map((r) => r.scope))).toEqual(new Set(['lo', 'ifb0', 'ifb1', 'eth0']));
    expect(records).toHaveLength(4 * 22);
    const t = table(records);
    expect([t['lo rx_packets'], t['eth0 rx_bytes'], t['eth0 rx_over_errors'], t['eth0 tx_heartbeat_errors'], t['eth0 carrier_changes']]).toEqual([158, 626517556, 0, 0, 2]);
  });

  it('ip -s -h link: rounded values, scaled, with a warning that they are rounded', () => {
    const { records, warnings } = runFormat(ipLinkFormat, fixture('ip-link/lab-6.18-ip-s-h-link-human-readable.txt'));
    const t = table(records);
    expect([t['eth0 rx_bytes'], t['eth0 rx_packets'], t['eth0 tx_bytes'], t['eth0 tx_packets']]).toEqual([627e6, 21900, 1.6e6, 11900]);
    expect(warnings).toEqual([{ code: 'ip-link/rounded-values', message: 'values printed with -h are rounded to 3 digits (k, M, G…)', line: 4 }]);
  });

  // The left-aligned layout of iproute2 before 5.13, as the netdev mail that replaced it quotes it ("ip: dynamically
  // size columns when printing stats", 2021-05-01); interface header and attribute line added. `overrun` sits in the
  // RX row and `missed` in the RX errors row; long values run into the next column's place.
  it('the old left-aligned layout: same counter names whatever column words iproute2 used', () => {
    const old = [
      '3: enp1s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '    RX: bytes  packets  errors  dropped overrun mcast',
      '    126570234447969 15016149200 0       0       0       0',
      '    RX errors: length   crc     frame   fifo    missed',
      '               0        0       0       0       0',
      '    TX: bytes  packets  errors  dropped carrier collsns',
      '    126570234447969 15016149200 0       0       0       0',
      '    TX errors: aborted  fifo   window heartbeat transns',
      '               0        0       0       0       10',
    ].join('\n');
    const { records, warnings } = runFormat(ipLinkFormat, old);
    expect(warnings).toEqual([]);
    const t = table(records);
    expect([t['enp1s0 rx_bytes'], t['enp1s0 rx_packets'], t['enp1s0 rx_over_errors'], t['enp1s0 rx_missed_errors'], t['enp1s0 tx_heartbeat_errors'], t['enp1s0 carrier_changes']]).toEqual([
      126570234447969, 15016149200, 0, 0, 0, 10,
    ]);
  });

  it('ip -s addr: address lines inside the block are skipped silently', () => {
    const text = new TextDecoder().decode(fixture('ip-link/lab-6.18-ip-s-link-show-dev-eth0.txt')).replace(
      /(link\/ether [^\n]*\n)/,
      '$1    altname enp0s3\n    inet 10.0.0.3/24 brd 10.0.0.255 scope global eth0\n       valid_lft forever preferred_lft forever\n',
    );
    const { records, warnings } = runFormat(ipLinkFormat, text);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(12);
  });
});

describe('ip-link: bad input never throws; unused lines are warnings with their number', () => {
  const text = new TextDecoder().decode(fixture('cases/hidden-hook/ip-link-stats.txt'));
  const expected = runFormat(ipLinkFormat, text).records;

  it('empty and one byte', () => {
    expect(runFormat(ipLinkFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
    expect(runFormat(ipLinkFormat, '2').warnings).toEqual([
      { code: 'ip-link/values-without-names', message: 'a row of numbers with no RX/TX column names above it', line: 1 },
    ]);
  });

  it('garbage: warnings with line numbers, at most 20 listed', () => {
    const { records, warnings } = runFormat(ipLinkFormat, Array.from({ length: 30 }, (_, i) => `#%& garbage ${i} \u0007`).join('\n'));
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toMatchObject({ code: 'ip-link/not-a-stats-line', line: 1 });
  });

  it('a truncated copy: the RX counters, and a note on the values row cut short', () => {
    const cut = text.slice(0, text.indexOf('1226') + 4);
    const { records, warnings } = runFormat(ipLinkFormat, cut);
    expect(records.slice(0, 6)).toEqual(expected.slice(0, 6));
    expect(records.slice(6)).toEqual([{ kind: 'counter', line: 6, scope: 'eth0', name: 'tx_bytes', value: 1226 }]);
    expect(warnings).toEqual([{ code: 'ip-link/column-mismatch', message: '1 values under 6 column names (line 5)', line: 6 }]);
  });

  it('a block without its interface header: counters with an empty scope, one warning', () => {
    const { records, warnings } = runFormat(ipLinkFormat, text.split('\n').slice(2).join('\n'));
    expect(records.map((r) => r.scope)).toEqual(Array(12).fill(''));
    expect(warnings).toEqual([{ code: 'ip-link/no-interface', message: 'counters before any interface header: scope left empty', line: 2 }]);
  });

  it('one huge line', () => {
    const { records, warnings } = runFormat(ipLinkFormat, `${'Z'.repeat(100000)}\n${text}`);
    expect(records).toEqual(expected.map((r) => ({ ...r, line: r.line + 1 })));
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['ip-link/not-a-stats-line', 1]]);
  });

  it('CRLF, ANSI colour (ip -c) and email quotes with the command line read as the plain file', () => {
    const messy = `> # ip -s link show dev eth0\n${text.replace('eth0@if8', '\u001b[1;36meth0\u001b[0m@if8').split('\n').map((l) => (l ? `> ${l}` : l)).join('\r\n')}`;
    const { records, warnings } = runFormat(ipLinkFormat, messy, 3);
    expect(warnings).toEqual([]);
    expect(records).toEqual(expected.map((r) => ({ ...r, line: r.line + 1 })));
  });
});

describe('ip-link probe', () => {
  it('does not claim any other format\'s fixture or sample', () => {
    const others = [...manifest().filter((e) => e.format !== 'ip-link').map((e) => e.path)];
    for (const folder of ['dmesg', 'nstat', 'kallsyms']) others.push(...fixtureFiles(folder).map((p) => new URL(`../fixtures/${p}`, import.meta.url).pathname));
    expect(others.filter((path) => ipLinkFormat.probe(probeInput(new Uint8Array(readFileSync(path)))) >= 0.3)).toEqual([]);
  });
});
