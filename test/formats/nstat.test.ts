import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nstatFormat } from '../../shared/formats/nstat.format';
import { manifest } from '../fixtures/format-manifest';
import { detectedId, fixture, fixtureFiles, probeInput, runFormat } from './run-text-format';

const byName = (records: Array<{ name: string; value: number }>) => new Map(records.map((r) => [r.name, r.value]));

describe('nstat: nstat -az of the cases', () => {
  const hidden = runFormat(nstatFormat, fixture('cases/hidden-hook/nstat.txt'));
  const synack = runFormat(nstatFormat, fixture('cases/output-synack/nstat.txt'));

  it('yields one host-wide counter per line after #kernel, without a warning', () => {
    expect(hidden.warnings).toEqual([]);
    expect(hidden.records).toHaveLength(395);
    expect(hidden.records[0]).toEqual({ kind: 'counter', line: 2, scope: '', name: 'IpInReceives', value: 15 });
    expect(hidden.records.every((r) => r.scope === '')).toBe(true);
  });

  it('reads the values that tell the two cases apart', () => {
    const a = byName(hidden.records);
    const b = byName(synack.records);
    expect([a.get('IpInReceives'), a.get('IpInDelivers'), a.get('TcpExtTCPTimeouts'), a.get('IpExtOutOctets')]).toEqual([15, 6, 0, 360]);
    expect([b.get('IpInReceives'), b.get('IpInDelivers'), b.get('TcpExtTCPTimeouts'), b.get('IpExtOutOctets')]).toEqual([15, 14, 6, 528]);
    expect(a.get('MPTcpExtWinProbe')).toBe(0);
  });
});

describe('nstat: lab and public outputs (test/fixtures/nstat)', () => {
  it.each(fixtureFiles('nstat'))('%s is detected as nstat and read without a warning', (path) => {
    const bytes = fixture(path);
    expect(detectedId(bytes)).toBe('nstat');
    const { records, warnings } = runFormat(nstatFormat, bytes);
    expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('nstat -as (zeros left out)', () => {
    const { records } = runFormat(nstatFormat, fixture('nstat/lab-6.18-nstat-as-nonzero.txt'));
    expect(records).toHaveLength(76);
    expect(records.every((r) => r.value > 0)).toBe(true);
  });

  it('/proc/net/snmp: header line and value line make pairs, MaxConn -1 included', () => {
    const { records } = runFormat(nstatFormat, fixture('nstat/lab-6.18-proc-net-snmp.txt'));
    const counters = byName(records);
    expect([counters.get('IpForwarding'), counters.get('IpDefaultTTL'), counters.get('IpInReceives'), counters.get('TcpMaxConn'), counters.get('UdpLiteInDatagrams')]).toEqual([2, 64, 22033, -1, 0]);
    expect(records.find((r) => r.name === 'IpInReceives')!.line).toBe(2);
  });

  it('netstat -s (net-tools 2.10): every sentence gets the name nstat gives the same counter (nstat skips the gauges)', () => {
    const netstat = runFormat(nstatFormat, fixture('nstat/lab-6.18-netstat-s-net-tools-2.10.txt')).records;
    const nstatNames = new Set(runFormat(nstatFormat, fixture('nstat/lab-6.18-nstat-asz.txt')).records.map((r) => r.name));
    expect(netstat).toHaveLength(67);
    expect(netstat.filter((r) => !nstatNames.has(r.name)).map((r) => r.name)).toEqual(['IpForwarding', 'TcpCurrEstab']);
    expect(netstat.slice(0, 3)).toEqual([
      { kind: 'counter', line: 2, scope: '', name: 'IpForwarding', value: 2 },
      { kind: 'counter', line: 3, scope: '', name: 'IpInReceives', value: 22033 },
      { kind: 'counter', line: 4, scope: '', name: 'IpForwDatagrams', value: 0 },
    ]);
  });

  it('netstat -s (net-tools 1.60, RHEL): old wording, trailing periods, ICMP histograms, raw Name: value lines', () => {
    const counters = byName(runFormat(nstatFormat, fixture('nstat/rhel-net-tools-1.60-netstat-s-insights-core.txt')).records);
    expect(Object.fromEntries(['IpInReceives', 'IpOutDiscards', 'IpFragOKs', 'IcmpInErrors', 'IcmpInDestUnreachs', 'IcmpOutDestUnreachs', 'IcmpOutEchos', 'IcmpMsgOutType3',
      'TcpActiveOpens', 'TcpOutSegs', 'TcpRetransSegs', 'TcpInErrs', 'UdpNoPorts', 'TcpExtDelayedACKLost', 'TcpExtTCPHPHitsToUser', 'TcpExtTCPTimeouts',
      'TcpExtTCPDeferAcceptDrop', 'IpExtInNoRoutes'].map((n) => [n, counters.get(n)]))).toEqual({
      IpInReceives: 3405107, IpOutDiscards: 456, IpFragOKs: 4, IcmpInErrors: 0, IcmpInDestUnreachs: 107, IcmpOutDestUnreachs: 254, IcmpOutEchos: 3,
      IcmpMsgOutType3: 254, TcpActiveOpens: 1648, TcpOutSegs: 2890303, TcpRetransSegs: 428, TcpInErrs: 0, UdpNoPorts: 107, TcpExtDelayedACKLost: 9,
      TcpExtTCPHPHitsToUser: 339500, TcpExtTCPTimeouts: 54, TcpExtTCPDeferAcceptDrop: 537, IpExtInNoRoutes: 9,
    });
  });

  it('a netstat sentence net-tools\' table does not know keeps its words under its section', () => {
    const { records, warnings } = runFormat(nstatFormat, 'TcpExt:\n    7 SYNs to LISTEN sockets silently ignored\n    Detected 3 odd things\n');
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.name, r.value])).toEqual([['TcpExt: SYNs to LISTEN sockets silently ignored', 7], ['TcpExt: Detected N odd things', 3]]);
  });

  it('/proc/net/snmp6 lines (name value, no rate)', () => {
    const { records } = runFormat(nstatFormat, 'Ip6InReceives                   \t5\nIcmp6OutMsgs                    \t2\n');
    expect(records.map((r) => [r.name, r.value])).toEqual([['Ip6InReceives', 5], ['Icmp6OutMsgs', 2]]);
  });
});

describe('nstat: bad input never throws; unused lines are warnings with their number', () => {
  const text = new TextDecoder().decode(fixture('cases/hidden-hook/nstat.txt'));
  const expected = runFormat(nstatFormat, text).records;

  it('empty and one byte', () => {
    expect(runFormat(nstatFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
    expect(runFormat(nstatFormat, '#')).toEqual({ records: [], warnings: [], meta: {} });
    expect(runFormat(nstatFormat, 'x').warnings).toEqual([{ code: 'nstat/not-a-counter', message: 'not an nstat / netstat -s counter line: "x"', line: 1 }]);
  });

  it('garbage: at most 20 warnings listed, then a summary', () => {
    const { records, warnings } = runFormat(nstatFormat, Array.from({ length: 40 }, () => '\u0002\u00fe%%% ???').join('\n'));
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toMatchObject({ code: 'nstat/not-a-counter', line: 1 });
  });

  it('a truncated copy: every whole line before the cut', () => {
    const cut = text.slice(0, text.indexOf('IcmpInMsgs') + 5);
    const { records, warnings } = runFormat(nstatFormat, cut);
    expect(records).toEqual(expected.slice(0, 18));
    expect(warnings).toEqual([{ code: 'nstat/not-a-counter', message: 'not an nstat / netstat -s counter line: "IcmpI"', line: 20 }]);
  });

  it('one huge line', () => {
    const { records, warnings } = runFormat(nstatFormat, `${'9'.repeat(100000)} x\n${text}`);
    expect(records).toEqual(expected.map((r) => ({ ...r, line: r.line + 1 })));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].line).toBe(1);
  });

  it('CRLF, ANSI colour and email quotes with the command line read as the plain file', () => {
    const messy = `> $ nstat -az\n${text.split('\n').map((l) => (l ? `> \u001b[1m${l}\u001b[0m` : l)).join('\r\n')}`;
    const { records, warnings } = runFormat(nstatFormat, messy, 5);
    expect(warnings).toEqual([]);
    expect(records).toEqual(expected.map((r) => ({ ...r, line: r.line + 1 })));
  });
});

describe('nstat probe', () => {
  it('does not claim any other format\'s fixture or sample', () => {
    const others = [...manifest().filter((e) => e.format !== 'nstat').map((e) => e.path)];
    for (const folder of ['dmesg', 'ip-link', 'kallsyms']) others.push(...fixtureFiles(folder).map((p) => new URL(`../fixtures/${p}`, import.meta.url).pathname));
    const claimed = others.filter((path) => nstatFormat.probe(probeInput(new Uint8Array(readFileSync(path)))) >= 0.3);
    expect(claimed).toEqual([]);
  });
});
