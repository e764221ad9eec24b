import { describe, expect, it } from 'vitest';
import { iptablesListFormat } from '../../shared/formats/iptables-list.format';
import type { IptablesRuleset } from '../../shared/model/ruleset';
import {
  crlfAnsi, emailQuote, garbage, otherFormatsFiles, parseBytes, parseFile, parseText, probeBytes, probeFileWith,
} from './text-format-harness';

const SAMPLES = 'test/fixtures/samples/iptables-list';
const LIMA = `${SAMPLES}/lima-nft-backend-nvL-nat-warning.txt`;
const SHOREWALL = `${SAMPLES}/shorewall-nvL-warning-debian.txt`;

// `iptables -L -n -v --line-numbers` as iptables 1.8 prints it (column widths from print_firewall), with K/M/G
// counters, a rule without target, a fragment rule, negations and a -g rule.
const VERBOSE = [
  '[root@srv ~]# iptables -L -n -v --line-numbers',
  'Chain INPUT (policy DROP 1234K packets, 2G bytes)',
  'num   pkts bytes target     prot opt in     out     source               destination         ',
  '1     120K   15M ACCEPT     all  --  lo     *       0.0.0.0/0            0.0.0.0/0           ',
  '2        6   360 ACCEPT     tcp  --  *      *       10.0.2.8             0.0.0.0/0            tcp dpt:20202',
  '3        0     0            tcp  --  eth0   *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22',
  '4        0     0 DROP       all  -f  *      *      !10.0.0.0/8           0.0.0.0/0           ',
  '5        1    60 GUARD      tcp  --  *      !eth1   0.0.0.0/0            0.0.0.0/0           [goto]  tcp spt:20202',
  '',
  'Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)',
  'num   pkts bytes target     prot opt in     out     source               destination         ',
  '',
  'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)',
  'num   pkts bytes target     prot opt in     out     source               destination         ',
  '',
  'Chain GUARD (1 references)',
  'num   pkts bytes target     prot opt in     out     source               destination         ',
  '1       12   720 DROP       tcp  --  *      *       0.0.0.0/0            10.0.2.8             tcp spt:20202',
  '',
].join('\n');

function chain(ruleset: IptablesRuleset, name: string) {
  const found = ruleset.tables[0].chains.find((c) => c.name === name);
  if (!found) throw new Error(`no chain ${name}`);
  return found;
}

describe('iptables-list: real samples', () => {
  it('reads the Lima nat listing: table from `-t nat`, nft backend from the legacy-tables warning', () => {
    const { records, warnings, meta } = parseFile(iptablesListFormat, LIMA);
    expect(warnings).toEqual([]);
    expect(meta.command).toBe('sudo iptables -t nat -nv -L PREROUTING');
    expect(records).toHaveLength(1);
    const [ruleset] = records;
    expect(ruleset).toMatchObject({ kind: 'iptables-ruleset', family: 'ipv4', backend: 'nft', legacyTablesPresent: true, version: null, line: 3 });
    expect(ruleset.tables.map((t) => t.name)).toEqual(['nat']);
    const pre = chain(ruleset, 'PREROUTING');
    expect(pre).toMatchObject({ policy: 'ACCEPT', counters: { packets: 0, bytes: 0 }, line: 3 });
    expect(pre.rules[0]).toEqual({
      line: 5,
      text: 'DNAT udp -- * * 0.0.0.0/0 192.168.5.3 udp dpt:53 to:192.168.5.2:62883',
      chain: 'PREROUTING',
      num: 1,
      counters: { packets: 0, bytes: 0 },
      source: null,
      destination: '192.168.5.3',
      protocol: 'udp',
      inInterface: null,
      outInterface: null,
      fragment: null,
      matches: [{ module: '', options: { text: 'udp dpt:53 to:192.168.5.2:62883' } }],
      target: 'DNAT',
      goto: false,
      targetOptions: {},
    });
    expect(pre.rules[1]).toMatchObject({ num: 2, protocol: 'tcp', matches: [{ module: '', options: { text: 'tcp dpt:53 to:192.168.5.2:57612' } }] });
    expect(iptablesListFormat.count?.(ruleset)).toBe(2);
  });

  it('reads the Shorewall user chain and says the table is a guess', () => {
    const { records, warnings, meta } = parseFile(iptablesListFormat, SHOREWALL);
    expect(meta).toMatchObject({ shorewall: '5.2.3.4', host: 'vmd89862.contaboserver.net', countersReset: 'Fri 11 Mar 2022 09:08:02 PM CET' });
    const [ruleset] = records;
    expect(ruleset).toMatchObject({ backend: 'nft', legacyTablesPresent: true });
    expect(ruleset.tables[0].name).toBe('filter');
    expect(warnings).toEqual([{ code: 'iptables-list/table-guessed', message: expect.stringContaining('a guess'), line: 6 }]);
    const dynamic = chain(ruleset, 'dynamic');
    expect(dynamic).toMatchObject({ policy: null, counters: null });
    expect(dynamic.rules.map((r) => [r.num, r.counters, r.target, r.source, r.destination, r.protocol, r.text])).toEqual([
      [1, { packets: 29, bytes: 1740 }, 'DROP', '218.92.0.205', null, null, 'DROP all -- * * 218.92.0.205 0.0.0.0/0'],
      [2, { packets: 5, bytes: 300 }, 'DROP', '62.157.225.138', null, null, 'DROP all -- * * 62.157.225.138 0.0.0.0/0'],
    ]);
  });
});

describe('iptables-list: -v --line-numbers listing', () => {
  const { records, warnings } = parseText(iptablesListFormat, VERBOSE);
  const [ruleset] = records;

  it('reads the filter table named by the command, every chain, K/M/G counters as ×1000', () => {
    expect(warnings).toEqual([]);
    expect(ruleset.tables.map((t) => t.name)).toEqual(['filter']);
    expect(ruleset.tables[0].chains.map((c) => [c.name, c.policy, c.counters, c.rules.length])).toEqual([
      ['INPUT', 'DROP', { packets: 1_234_000, bytes: 2_000_000_000 }, 5],
      ['FORWARD', 'ACCEPT', { packets: 0, bytes: 0 }, 0],
      ['OUTPUT', 'ACCEPT', { packets: 0, bytes: 0 }, 0],
      ['GUARD', null, null, 1],
    ]);
    expect(chain(ruleset, 'INPUT').rules[0]).toMatchObject({ num: 1, counters: { packets: 120_000, bytes: 15_000_000 }, inInterface: 'lo', protocol: null, matches: [] });
    expect(iptablesListFormat.count?.(ruleset)).toBe(6);
  });

  it('reads an empty target column, a fragment rule, negations and [goto]', () => {
    const rules = chain(ruleset, 'INPUT').rules;
    expect(rules[2]).toMatchObject({ num: 3, target: null, protocol: 'tcp', inInterface: 'eth0', text: 'tcp -- eth0 * 0.0.0.0/0 0.0.0.0/0 tcp dpt:22' });
    expect(rules[3]).toMatchObject({ num: 4, target: 'DROP', fragment: true, source: '!10.0.0.0/8' });
    expect(rules[4]).toMatchObject({ num: 5, target: 'GUARD', goto: true, outInterface: '!eth1', matches: [{ module: '', options: { text: 'tcp spt:20202' } }] });
    expect(chain(ruleset, 'GUARD').rules[0]).toMatchObject({ target: 'DROP', destination: '10.0.2.8', counters: { packets: 12, bytes: 720 } });
  });

  it('reads the listing without -v (no counters, no in/out), with names instead of numbers', () => {
    const plain = 'Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \nACCEPT     all  --  anywhere             anywhere             state RELATED,ESTABLISHED\nREJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited\n';
    const { records: [listing], warnings: w } = parseText(iptablesListFormat, plain);
    expect(w).toEqual([{ code: 'iptables-list/table-guessed', message: expect.any(String), line: 1 }]);
    expect(chain(listing, 'INPUT').rules.map((r) => [r.target, r.counters, r.source, r.matches[0]?.options.text])).toEqual([
      ['ACCEPT', null, null, 'state RELATED,ESTABLISHED'],
      ['REJECT', null, null, 'reject-with icmp-host-prohibited'],
    ]);
  });

  it('starts a new ruleset when the same chain is listed again, and reads ip6tables as IPv6', () => {
    const twice = `${VERBOSE}\n${VERBOSE.replace('iptables -L', 'ip6tables -L')}`;
    const { records: both } = parseText(iptablesListFormat, twice);
    expect(both.map((r) => [r.family, r.line, iptablesListFormat.count?.(r)])).toEqual([['ipv4', 2, 6], ['ipv6', 21, 6]]);
  });

  it('infers nat from DNAT targets when no command names the table', () => {
    const nat = 'Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n pkts bytes target     prot opt in     out     source               destination\n    0     0 DNAT       tcp  --  *      *       0.0.0.0/0            10.0.0.1             tcp dpt:80 to:10.0.0.2:8080\n';
    const { records: [listing], warnings: w } = parseText(iptablesListFormat, nat);
    expect(listing.tables[0].name).toBe('nat');
    expect(w).toEqual([]);
  });
});

describe('iptables-list: bad input gives warnings with line numbers, never an exception', () => {
  it('empty, 1 byte, garbage', () => {
    expect(parseText(iptablesListFormat, '')).toEqual({ records: [], warnings: [{ code: 'iptables-list/empty', message: expect.any(String) }], meta: {} });
    expect(parseText(iptablesListFormat, 'C').warnings.map((w) => [w.code, w.line])).toEqual([['iptables-list/unparsed-line', 1], ['iptables-list/no-chains', undefined]]);
    expect(() => parseBytes(iptablesListFormat, garbage(5000))).not.toThrow();
  });

  it('a truncated copy keeps the rows before the cut and warns the cut row', () => {
    const cut = VERBOSE.slice(0, VERBOSE.indexOf('tcp dpt:20202') - 30);
    const { records, warnings } = parseText(iptablesListFormat, cut);
    expect(chain(records[0], 'INPUT').rules).toHaveLength(1);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['iptables-list/unparsed-line', 5]]);
  });

  it('one huge line', () => {
    const { warnings } = parseText(iptablesListFormat, `Chain X (1 references)\n${'y '.repeat(1_000_000)}\n`, 1 << 22);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['iptables-list/line-too-long', 2], ['iptables-list/table-guessed', 1]]);
  });

  it('CRLF + ANSI colour and an email-quoted copy read like the original', () => {
    const original = parseText(iptablesListFormat, VERBOSE).records;
    expect(parseText(iptablesListFormat, crlfAnsi(VERBOSE)).records).toEqual(original);
    expect(parseText(iptablesListFormat, emailQuote(VERBOSE)).records).toEqual(original);
    expect(parseText(iptablesListFormat, VERBOSE, 3).records).toEqual(original);
  });
});

describe('iptables-list: probe', () => {
  it('claims its samples and the synthetic listing', () => {
    expect(probeFileWith(iptablesListFormat, LIMA)).toBeGreaterThanOrEqual(0.8);
    expect(probeFileWith(iptablesListFormat, SHOREWALL)).toBeGreaterThanOrEqual(0.8);
    expect(probeBytes(iptablesListFormat, new TextEncoder().encode(VERBOSE))).toBeGreaterThanOrEqual(0.8);
  });

  it('claims no file of another format', () => {
    expect(otherFormatsFiles('iptables-list').filter((p) => probeFileWith(iptablesListFormat, p) >= 0.3)).toEqual([]);
  });

  it('answers 0 for empty, 1-byte and random input', () => {
    expect(probeBytes(iptablesListFormat, new Uint8Array(0))).toBe(0);
    expect(probeBytes(iptablesListFormat, new Uint8Array([0x43]))).toBe(0);
    expect(probeBytes(iptablesListFormat, garbage(4096))).toBe(0);
  });
});
