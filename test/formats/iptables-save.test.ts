import { describe, expect, it } from 'vitest';
import { iptablesSaveFormat } from '../../shared/formats/iptables-save.format';
import { parseRuleArgs, splitRuleWords } from '../../shared/formats/iptables-rule-args';
import type { IptablesRuleset, IptChain } from '../../shared/model/ruleset';
import {
  crlfAnsi, emailQuote, garbage, otherFormatsFiles, parseBytes, parseFile, parseText, probeFileWith, probeBytes, readText,
} from './text-format-harness';

const HIDDEN_AFTER = 'test/fixtures/cases/hidden-hook/iptables-save-after.txt';
const SYNACK_AFTER = 'test/fixtures/cases/output-synack/iptables-save-after.txt';
const SEED = 'test/fixtures/cases/seed-centos7/iptables-save-c.txt';
const SAMPLES = 'test/fixtures/samples/iptables-save';
const ALGO = `${SAMPLES}/algo-296-iptables-save-1.6.0-chain-counters.txt`;
const CENTOS6 = `${SAMPLES}/centos6-1.4.7-iptables-save-c-trailing-space.txt`;
const SHOREWALL = `${SAMPLES}/shorewall-generated-iptables-save-c-fragment.txt`;

function chain(ruleset: IptablesRuleset, table: string, name: string): IptChain {
  const found = ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
  if (!found) throw new Error(`no chain ${table}/${name}`);
  return found;
}

describe('iptables-save: the hidden-hook case (v1.8.9, -c)', () => {
  const { records, warnings, meta } = parseFile(iptablesSaveFormat, HIDDEN_AFTER);
  const [ruleset] = records;

  it('is one ruleset of one table with the three built-in chains', () => {
    expect(records).toHaveLength(1);
    expect(warnings).toEqual([]);
    expect(ruleset).toMatchObject({ kind: 'iptables-ruleset', family: 'ipv4', version: '1.8.9', backend: null, legacyTablesPresent: false, line: 1 });
    expect(ruleset.generatedAt).toBe('Tue Nov 24 19:01:49 2026');
    expect(ruleset.tables.map((t) => t.name)).toEqual(['filter']);
    expect(ruleset.tables[0].chains.map((c) => [c.name, c.policy, c.counters])).toEqual([
      ['INPUT', 'ACCEPT', { packets: 0, bytes: 0 }],
      ['FORWARD', 'ACCEPT', { packets: 0, bytes: 0 }],
      ['OUTPUT', 'ACCEPT', { packets: 6, bytes: 360 }],
    ]);
    expect(meta).toMatchObject({ version: '1.8.9', generatedAt: 'Tue Nov 24 19:01:49 2026' });
  });

  it('counts 9 rules in filter INPUT, numbered 1…9', () => {
    const input = chain(ruleset, 'filter', 'INPUT');
    expect(input.rules).toHaveLength(9);
    expect(input.rules.map((r) => r.num)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(iptablesSaveFormat.count?.(ruleset)).toBe(9);
  });

  it('reads rule 6, the whitelist ACCEPT that let c2 in, with counters 6/360', () => {
    const rule = chain(ruleset, 'filter', 'INPUT').rules[5];
    expect(rule).toEqual({
      line: 11,
      text: '-A INPUT -s 10.0.2.8/32 -p tcp -m tcp --dport 20202 -j ACCEPT',
      chain: 'INPUT',
      num: 6,
      counters: { packets: 6, bytes: 360 },
      source: '10.0.2.8/32',
      destination: null,
      protocol: 'tcp',
      inInterface: null,
      outInterface: null,
      fragment: null,
      matches: [{ module: 'tcp', options: { '--dport': '20202' } }],
      target: 'ACCEPT',
      goto: false,
      targetOptions: {},
    });
  });

  it('keeps the LOG prefixes without their quotes, trailing space included', () => {
    const rules = chain(ruleset, 'filter', 'INPUT').rules;
    expect(rules[3]).toMatchObject({ num: 4, target: 'LOG', targetOptions: { '--log-prefix': 'wl-before: ' }, counters: { packets: 6, bytes: 360 } });
    expect(rules[6]).toMatchObject({ num: 7, target: 'LOG', targetOptions: { '--log-prefix': 'wl-after: ' }, counters: { packets: 0, bytes: 0 } });
    expect(rules[0].matches).toEqual([{ module: 'state', options: { '--state': 'RELATED,ESTABLISHED' } }]);
    expect(rules[2]).toMatchObject({ inInterface: 'lo', target: 'ACCEPT' });
    expect(rules[8]).toMatchObject({ target: 'REJECT', targetOptions: { '--reject-with': 'icmp-host-prohibited' } });
  });
});

describe('iptables-save: the output-synack case (a user chain)', () => {
  const [ruleset] = parseFile(iptablesSaveFormat, SYNACK_AFTER).records;

  it('has EGRESS_GUARD as a user chain (no policy) holding the DROP rule that counted 12/720', () => {
    const guard = chain(ruleset, 'filter', 'EGRESS_GUARD');
    expect(guard.policy).toBeNull();
    expect(guard.counters).toBeNull();
    expect(guard.rules).toHaveLength(2);
    expect(guard.rules[0]).toMatchObject({
      num: 1,
      text: '-A EGRESS_GUARD -d 10.0.2.8/32 -p tcp -m tcp --sport 20202 -j DROP',
      counters: { packets: 12, bytes: 720 },
      destination: '10.0.2.8/32',
      protocol: 'tcp',
      matches: [{ module: 'tcp', options: { '--sport': '20202' } }],
      target: 'DROP',
    });
    expect(guard.rules[1]).toMatchObject({ num: 2, target: 'RETURN', counters: { packets: 5, bytes: 276 } });
  });

  it('jumps there from OUTPUT', () => {
    expect(chain(ruleset, 'filter', 'OUTPUT').rules[0]).toMatchObject({ target: 'EGRESS_GUARD', goto: false, protocol: 'tcp', counters: { packets: 17, bytes: 996 } });
    expect(iptablesSaveFormat.count?.(ruleset)).toBe(12);
  });
});

describe('iptables-save: versions and backends', () => {
  it('takes v1.4.21 (the CentOS 7 seed) as legacy: there was no nft backend before 1.8', () => {
    const [ruleset] = parseFile(iptablesSaveFormat, SEED).records;
    expect(ruleset).toMatchObject({ version: '1.4.21', backend: 'legacy' });
    expect(chain(ruleset, 'filter', 'INPUT').rules[5].counters).toEqual({ packets: 6, bytes: 360 });
  });

  it('reads (nf_tables) and (legacy) header suffixes and the iptables-nft-save program name', () => {
    const dump = (header: string) => parseText(iptablesSaveFormat, `${header}\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n`).records[0];
    expect(dump('# Generated by iptables-save v1.8.7 (nf_tables) on Mon Jan  1 00:00:00 2024')).toMatchObject({ backend: 'nft', version: '1.8.7' });
    expect(dump('# Generated by iptables-save v1.8.7 (legacy) on Mon Jan  1 00:00:00 2024')).toMatchObject({ backend: 'legacy' });
    expect(dump('# Generated by iptables-nft-save v1.8.4 on Mon Jan  1 00:00:00 2024')).toMatchObject({ backend: 'nft' });
    expect(dump('# Generated by iptables-legacy-save v1.8.4 on Mon Jan  1 00:00:00 2024')).toMatchObject({ backend: 'legacy' });
    expect(dump('# Generated by iptables-save v1.8.9 on Mon Jan  1 00:00:00 2024')).toMatchObject({ backend: null });
  });

  it('splits concatenated dumps: legacy then nft with the legacy-tables warning, then ip6tables-save', () => {
    const text = [
      '# Generated by iptables-legacy-save v1.8.7 on Mon Jan  1 00:00:00 2024',
      '*filter',
      ':INPUT DROP [1:60]',
      '-A INPUT -s 10.0.0.1/32 -j ACCEPT',
      'COMMIT',
      '# Completed on Mon Jan  1 00:00:00 2024',
      '# Generated by iptables-nft-save v1.8.7 on Mon Jan  1 00:00:01 2024',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -p tcp -j ACCEPT',
      '-A INPUT -p udp -j ACCEPT',
      'COMMIT',
      '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them',
      '# Completed on Mon Jan  1 00:00:01 2024',
      '# Generated by ip6tables-save v1.8.7 on Mon Jan  1 00:00:02 2024',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -p ipv6-icmp -j ACCEPT',
      'COMMIT',
    ].join('\n');
    const { records, warnings, meta } = parseText(iptablesSaveFormat, text);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.family, r.backend, r.legacyTablesPresent, iptablesSaveFormat.count?.(r)])).toEqual([
      [1, 'ipv4', 'legacy', false, 1],
      [7, 'ipv4', 'nft', true, 2],
      [15, 'ipv6', null, false, 1],
    ]);
    expect(meta.dumps).toBe('3');
  });

  it('keeps one dump when old iptables-save prints a header before every table (1.6.0 sample)', () => {
    const { records, warnings } = parseFile(iptablesSaveFormat, ALGO);
    expect(records).toHaveLength(1);
    const [ruleset] = records;
    expect(ruleset).toMatchObject({ version: '1.6.0', backend: 'legacy', family: 'ipv4' });
    expect(ruleset.tables.map((t) => [t.name, t.line, t.chains.length])).toEqual([['nat', 2, 4], ['mangle', 11, 5], ['filter', 20, 3]]);
    expect(chain(ruleset, 'filter', 'INPUT')).toMatchObject({ policy: 'DROP', counters: { packets: 3, bytes: 120 } });
    expect(chain(ruleset, 'filter', 'INPUT').rules).toHaveLength(10);
    expect(chain(ruleset, 'filter', 'INPUT').rules[4].matches).toEqual([
      { module: 'icmp', options: { '--icmp-type': '8' } },
      { module: 'hashlimit', options: { '--hashlimit-upto': '5/sec', '--hashlimit-burst': '5', '--hashlimit-mode': 'srcip', '--hashlimit-name': 'icmp-echo-drop' } },
    ]);
    expect(chain(ruleset, 'nat', 'POSTROUTING').rules[0]).toMatchObject({ source: '10.19.48.0/24', target: 'MASQUERADE', counters: null });
    // The excerpt stops after the first FORWARD rule: the filter table never gets its COMMIT.
    expect(warnings).toEqual([{ code: 'iptables-save/missing-commit', message: expect.stringContaining('filter'), line: 20 }]);
  });

  it('applies a legacy-tables warning printed right after the header to the dump that follows', () => {
    const text = '# Generated by iptables-save v1.8.7 on Mon Jan  1 00:00:00 2024\n# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n';
    expect(parseText(iptablesSaveFormat, text).records[0]).toMatchObject({ legacyTablesPresent: true, backend: 'nft', line: 1 });
  });

  it('leaves ebtables-save output to no one, and warns when asked to read it anyway', () => {
    const text = '# Generated by ebtables-save v1.8.7 (nf_tables) on Mon Jan  1 00:00:00 2024\n*filter\n:INPUT ACCEPT\n-A INPUT -p IPv4 -j ACCEPT\n';
    expect(probeBytes(iptablesSaveFormat, new TextEncoder().encode(text))).toBe(0);
    expect(parseText(iptablesSaveFormat, text).warnings[0]).toMatchObject({ code: 'iptables-save/other-family', line: 1 });
  });

  it('finds IPv6 from the addresses when the header does not say', () => {
    const [ruleset] = parseText(iptablesSaveFormat, '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::1/128 -j DROP\nCOMMIT\n').records;
    expect(ruleset.family).toBe('ipv6');
  });
});

describe('iptables-save: real samples', () => {
  it('reads the CentOS 6 (1.4.7) dump whose rules end in a space, after a shell prompt', () => {
    const { records, warnings, meta } = parseFile(iptablesSaveFormat, CENTOS6);
    expect(warnings).toEqual([]);
    expect(meta.command).toBe('iptables-save -c');
    const input = chain(records[0], 'filter', 'INPUT');
    expect(input.rules).toHaveLength(12);
    expect(input.rules[3]).toMatchObject({
      line: 10,
      text: '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
      counters: { packets: 25507, bytes: 14503741 },
    });
    expect(input.rules[7]).toMatchObject({ target: 'REJECT', targetOptions: { '--reject-with': 'icmp-host-prohibited' } });
    expect(iptablesSaveFormat.count?.(records[0])).toBe(13);
  });

  it('reads the Shorewall fragment cut before its *filter line as a guessed filter table', () => {
    const { records, warnings } = parseFile(iptablesSaveFormat, SHOREWALL);
    const [ruleset] = records;
    expect(ruleset.tables).toHaveLength(1);
    expect(ruleset.tables[0].name).toBe('filter');
    expect(warnings).toEqual([{ code: 'iptables-save/no-table-line', message: expect.stringContaining('filter, a guess'), line: 1 }]);
    expect(chain(ruleset, 'filter', 'net-fw')).toMatchObject({ policy: null, line: 1, rules: [] });
    const input = chain(ruleset, 'filter', 'INPUT');
    expect(input.rules).toHaveLength(11);
    expect(input.rules[9]).toMatchObject({ target: 'LOG', targetOptions: { '--log-prefix': 'INPUT DROP ', '--log-level': '6' } });
    expect(input.rules[6].matches).toEqual([{ module: 'addrtype', options: { '--dst-type': 'BROADCAST' } }]);
    expect(iptablesSaveFormat.count?.(ruleset)).toBe(29);
  });

  it('reads `iptables -S` output (-P / -N / -A)', () => {
    const [ruleset] = parseText(iptablesSaveFormat, '-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N GUARD\n-A INPUT -j GUARD\n-A GUARD -s 10.0.0.8/32 -j DROP\n').records;
    expect(ruleset.tables[0].name).toBe('filter');
    expect(ruleset.tables[0].chains.map((c) => [c.name, c.policy, c.rules.length])).toEqual([
      ['INPUT', 'DROP', 1], ['FORWARD', 'ACCEPT', 0], ['OUTPUT', 'ACCEPT', 0], ['GUARD', null, 1],
    ]);
  });
});

describe('iptables rule words', () => {
  it('splits with shell quoting and iptables-save escapes', () => {
    expect(splitRuleWords('-m comment --comment "a \\"quoted\\" word" -j LOG --log-prefix \'x: \'').words.map((w) => w.text)).toEqual([
      '-m', 'comment', '--comment', 'a "quoted" word', '-j', 'LOG', '--log-prefix', 'x: ',
    ]);
    expect(splitRuleWords('--log-prefix "cut').unterminated).toBe(true);
  });

  it('keeps negation in both the new (! -s x) and the old (-s ! x) spelling', () => {
    expect(parseRuleArgs('-A INPUT ! -s 10.0.0.1/32 ! -i lo -j DROP')).toMatchObject({ source: '!10.0.0.1/32', inInterface: '!lo' });
    expect(parseRuleArgs('-A INPUT -s ! 10.0.0.1 -p ! tcp -j DROP')).toMatchObject({ source: '!10.0.0.1', protocol: '!tcp' });
    expect(parseRuleArgs('-A INPUT -m conntrack ! --ctstatus expected,assured -j DROP').matches).toEqual([
      { module: 'conntrack', options: { '!--ctstatus': 'expected,assured' } },
    ]);
    expect(parseRuleArgs('-A INPUT -p tcp -m tcp --dport ! 22 -j DROP').matches).toEqual([{ module: 'tcp', options: { '!--dport': '22' } }]);
    expect(parseRuleArgs('-A INPUT -f -j DROP').fragment).toBe(true);
    expect(parseRuleArgs('-A INPUT ! -f -j DROP').fragment).toBe(false);
  });

  it('reads goto, multi-word options, an implicit protocol match, in-rule counters and unknown words', () => {
    expect(parseRuleArgs('-A FORWARD -g DOCKER')).toMatchObject({ target: 'DOCKER', goto: true });
    expect(parseRuleArgs('-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP').matches).toEqual([
      { module: 'tcp', options: { '--tcp-flags': 'FIN,SYN,RST,ACK SYN' } },
    ]);
    expect(parseRuleArgs('-A INPUT -p tcp --dport 22 -j ACCEPT').matches).toEqual([{ module: 'tcp', options: { '--dport': '22' } }]);
    expect(parseRuleArgs('-A INPUT -j ACCEPT -c 10 600').counters).toEqual({ packets: 10, bytes: 600 });
    expect(parseRuleArgs('-4 -t filter -A INPUT -s 10.9.0.8/32 -j DROP')).toMatchObject({ table: 'filter', chain: 'INPUT', source: '10.9.0.8/32', unknown: [] });
    expect(parseRuleArgs('-A INPUT bogus -j DROP').unknown).toEqual(['bogus']);
  });
});

describe('iptables-save: bad input gives warnings with line numbers, never an exception', () => {
  const clean = readText(HIDDEN_AFTER);

  it('empty and 1-byte input', () => {
    expect(parseText(iptablesSaveFormat, '')).toEqual({ records: [], warnings: [{ code: 'iptables-save/empty', message: expect.any(String) }], meta: {} });
    const one = parseText(iptablesSaveFormat, '*');
    expect(one.records).toEqual([]);
    expect(one.warnings[0]).toMatchObject({ code: 'iptables-save/unparsed-line', line: 1 });
  });

  it('garbage: every line warned with its line number, 20 listed then a summary', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `garbage line ${i}`).join('\n');
    const { records, warnings } = parseText(iptablesSaveFormat, lines);
    expect(records).toEqual([]);
    const unparsed = warnings.filter((w) => w.code === 'iptables-save/unparsed-line');
    expect(unparsed).toHaveLength(21);
    expect(unparsed.slice(0, 20).map((w) => w.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(unparsed[20].message).toMatch(/10 more lines/);
    expect(() => parseBytes(iptablesSaveFormat, garbage(5000))).not.toThrow();
  });

  it('a truncated copy keeps the rules before the cut, warns the cut line and says the table was not committed', () => {
    const cut = clean.slice(0, clean.indexOf('-A INPUT -s 10.0.2.7'));
    const { records, warnings } = parseText(iptablesSaveFormat, cut);
    expect(chain(records[0], 'filter', 'INPUT').rules).toHaveLength(4);
    expect(warnings).toEqual([
      { code: 'iptables-save/unparsed-line', message: 'not an iptables-save line: [1:60]', line: 10 },
      { code: 'iptables-save/missing-commit', message: 'table filter has no COMMIT line (truncated dump?)', line: 2 },
    ]);
  });

  it('a rule cut inside its quoted prefix is kept, with a warning', () => {
    const { records, warnings } = parseText(iptablesSaveFormat, '*filter\n[1:2] -A INPUT -j LOG --log-prefix "wl-bef');
    expect(chain(records[0], 'filter', 'INPUT').rules[0].targetOptions).toEqual({ '--log-prefix': 'wl-bef' });
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['iptables-save/unterminated-quote', 2], ['iptables-save/missing-commit', 1]]);
  });

  it('one huge line', () => {
    // Large chunks, as the file source reads them: the line reader joins small chunks of one line quadratically.
    const { records, warnings } = parseText(iptablesSaveFormat, `*filter\n${'x'.repeat(2_000_000)}\nCOMMIT\n`, 1 << 22);
    expect(records).toHaveLength(1);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['iptables-save/line-too-long', 2]]);
    expect(warnings[0].message.length).toBeLessThan(200);
  });

  it('CRLF line ends with ANSI colour, and an email-quoted copy, read like the original', () => {
    const original = parseText(iptablesSaveFormat, clean).records;
    expect(parseText(iptablesSaveFormat, crlfAnsi(clean)).records).toEqual(original);
    expect(parseText(iptablesSaveFormat, emailQuote(clean)).records).toEqual(original);
    expect(parseText(iptablesSaveFormat, clean, 5).records).toEqual(original);
  });
});

describe('iptables-save: probe', () => {
  it('claims every iptables-save fixture and sample', () => {
    for (const path of [HIDDEN_AFTER, SYNACK_AFTER, SEED, ALGO, CENTOS6, SHOREWALL]) expect(probeFileWith(iptablesSaveFormat, path), path).toBeGreaterThanOrEqual(0.7);
  });

  it('claims no file of another format', () => {
    const claimed = otherFormatsFiles('iptables-save').filter((p) => probeFileWith(iptablesSaveFormat, p) >= 0.3);
    expect(claimed).toEqual([]);
  });

  it('answers 0 for empty, 1-byte and random input', () => {
    expect(probeBytes(iptablesSaveFormat, new Uint8Array(0))).toBe(0);
    expect(probeBytes(iptablesSaveFormat, new Uint8Array([0x2a]))).toBe(0);
    expect(probeBytes(iptablesSaveFormat, garbage(4096))).toBe(0);
  });
});
