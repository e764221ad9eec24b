import { describe, expect, it } from 'vitest';
import { nftRulesetFormat } from '../../shared/formats/nft-ruleset.format';
import { resolveNftPriority } from '../../shared/formats/nft-priority';
import type { NftChain, NftRuleset } from '../../shared/model/ruleset';
import {
  crlfAnsi, emailQuote, garbage, otherFormatsFiles, parseBytes, parseFile, parseText, probeBytes, probeFileWith, readText,
} from './text-format-harness';

const HIDDEN = 'test/fixtures/cases/hidden-hook/nft-ruleset.txt';
const EMPTY = 'test/fixtures/cases/output-synack/nft-ruleset.txt';
const SAMPLES = 'test/fixtures/samples/nft-ruleset';
const XLATE = `${SAMPLES}/iptables-nft-xlate-ct-status-list-ruleset.txt`;
const WIREGUARD = `${SAMPLES}/wireguard-chains-counter-fragment-es.txt`;

// `nft -a list ruleset` in the shape nftables 1.0.x prints (tabs, handles), exercising every statement kind read.
const FULL = `table inet filter { # handle 1
\tset blocked { # handle 3
\t\ttype ipv4_addr
\t\tflags interval,timeout
\t\telements = { 10.0.0.0/8 timeout 1h expires 59m58s, 192.168.1.1,
\t\t\t     192.168.1.2 }
\t}

\tmap portmap { # handle 4
\t\ttype inet_service : verdict
\t\telements = { 22 : accept, 80 : drop }
\t}

\tcounter hits { # handle 5
\t\tpackets 10 bytes 600
\t}

\tflowtable ft { # handle 6
\t\thook ingress priority filter
\t\tdevices = { eth0, eth1 }
\t}

\tchain input { # handle 7
\t\ttype filter hook input priority filter; policy drop;
\t\tcomment "main input"
\t\tct state established,related accept # handle 10
\t\tip saddr @blocked counter packets 3 bytes 180 drop comment "blocklist" # handle 11
\t\ttcp dport { 22, 443 } counter packets 0 bytes 0 accept # handle 12
\t\ttcp dport vmap @portmap # handle 13
\t\tip protocol icmp log prefix "drop icmp: " counter packets 1 bytes 84 reject with icmp type host-unreachable # handle 14
\t\tudp dport 53 jump dns # handle 15
\t\tmeta l4proto tcp queue num 1 bypass # handle 16
\t}

\tchain dns { # handle 8
\t\tip saddr 10.0.0.0/8 return # handle 17
\t\tgoto input_tail # handle 18
\t}
}
table ip nat { # handle 2
\tchain prerouting { # handle 1
\t\ttype nat hook prerouting priority dstnat - 5; policy accept;
\t\ttcp dport 8080 dnat to 10.0.0.2:80 # handle 2
\t\tct status dnat counter packets 0 bytes 0 # handle 3
\t}

\tchain postrouting { # handle 4
\t\ttype nat hook postrouting priority -150; policy accept;
\t\toifname "eth0" masquerade # handle 5
\t}
}
table bridge br {
\tchain fwd {
\t\ttype filter hook forward priority filter; policy accept;
\t}
}
table netdev ingress {
\tchain in_eth0 {
\t\ttype filter hook ingress device "eth0" priority -500; policy accept;
\t}
}
`;

function chain(ruleset: NftRuleset, family: string, table: string, name: string): NftChain {
  const found = ruleset.tables.find((t) => t.family === family && t.name === table)?.chains.find((c) => c.name === name);
  if (!found) throw new Error(`no chain ${family} ${table} ${name}`);
  return found;
}

describe('nft-ruleset: the hidden-hook case', () => {
  const { records, warnings } = parseFile(nftRulesetFormat, HIDDEN);
  const [ruleset] = records;

  it('has table inet resguard with chain net_hook_in_v4 hooked at input, priority filter + 10 = 10', () => {
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(ruleset.tables.map((t) => [t.family, t.name, t.line])).toEqual([['inet', 'resguard', 1]]);
    expect(chain(ruleset, 'inet', 'resguard', 'net_hook_in_v4')).toEqual({
      name: 'net_hook_in_v4',
      line: 7,
      type: 'filter',
      hook: 'input',
      priority: 10,
      priorityText: 'filter + 10',
      device: null,
      policy: 'accept',
      rules: [{
        line: 9,
        text: 'ip saddr @blacklist counter packets 8 bytes 528 drop',
        handle: null,
        counters: { packets: 8, bytes: 528 },
        verdict: 'drop',
        target: null,
        comment: null,
      }],
    });
    expect(nftRulesetFormat.count?.(ruleset)).toBe(1);
  });

  it('has the named set blacklist = { 10.0.2.8 }', () => {
    expect(ruleset.tables[0].sets).toEqual([{ name: 'blacklist', line: 2, type: 'ipv4_addr', flags: [], elements: ['10.0.2.8'] }]);
  });
});

describe('nft-ruleset: output-synack has an EMPTY ruleset file', () => {
  it('is not claimed by the probe (ingest reports it as empty), and parsing it says so without a record', () => {
    expect(probeFileWith(nftRulesetFormat, EMPTY)).toBe(0);
    expect(parseFile(nftRulesetFormat, EMPTY)).toEqual({ records: [], warnings: [{ code: 'nft-ruleset/empty', message: expect.any(String) }], meta: {} });
  });
});

describe('nft-ruleset: a full -a listing', () => {
  const { records, warnings } = parseText(nftRulesetFormat, FULL);
  const [ruleset] = records;

  it('reads four tables; skips the flowtable silently and the named counter with a warning', () => {
    expect(records).toHaveLength(1);
    expect(ruleset.tables.map((t) => `${t.family} ${t.name}`)).toEqual(['inet filter', 'ip nat', 'bridge br', 'netdev ingress']);
    expect(warnings).toEqual([{ code: 'nft-ruleset/object-skipped', message: expect.stringContaining('counter hits'), line: 14 }]);
    expect(nftRulesetFormat.count?.(ruleset)).toBe(12);
  });

  it('reads sets and maps, elements spread over lines, element options dropped', () => {
    expect(ruleset.tables[0].sets).toEqual([
      { name: 'blocked', line: 2, type: 'ipv4_addr', flags: ['interval', 'timeout'], elements: ['10.0.0.0/8', '192.168.1.1', '192.168.1.2'] },
      { name: 'portmap', line: 9, type: 'inet_service : verdict', flags: [], elements: ['22 : accept', '80 : drop'] },
    ]);
  });

  it('reads verdicts, jump/goto targets, counters, comments and handles; the chain comment is not a rule', () => {
    const input = chain(ruleset, 'inet', 'filter', 'input');
    expect(input).toMatchObject({ type: 'filter', hook: 'input', priority: 0, priorityText: 'filter', policy: 'drop', line: 23 });
    expect(input.rules.map((r) => [r.handle, r.verdict, r.target, r.counters, r.comment])).toEqual([
      [10, 'accept', null, null, null],
      [11, 'drop', null, { packets: 3, bytes: 180 }, 'blocklist'],
      [12, 'accept', null, { packets: 0, bytes: 0 }, null],
      [13, null, null, null, null],
      [14, 'reject', null, { packets: 1, bytes: 84 }, null],
      [15, 'jump', 'dns', null, null],
      [16, 'queue', null, null, null],
    ]);
    expect(input.rules[1].text).toBe('ip saddr @blocked counter packets 3 bytes 180 drop comment "blocklist"');
    expect(chain(ruleset, 'inet', 'filter', 'dns').rules.map((r) => [r.verdict, r.target])).toEqual([['return', null], ['goto', 'input_tail']]);
  });

  it('resolves named priorities per family, reads devices, and takes NAT statements as terminal', () => {
    const pre = chain(ruleset, 'ip', 'nat', 'prerouting');
    expect(pre).toMatchObject({ type: 'nat', hook: 'prerouting', priority: -105, priorityText: 'dstnat - 5' });
    expect(pre.rules.map((r) => [r.verdict, r.counters])).toEqual([['accept', null], [null, { packets: 0, bytes: 0 }]]);
    expect(chain(ruleset, 'ip', 'nat', 'postrouting')).toMatchObject({ priority: -150, priorityText: '-150', rules: [{ verdict: 'accept' }] });
    expect(chain(ruleset, 'bridge', 'br', 'fwd')).toMatchObject({ priority: -200, priorityText: 'filter' });
    expect(chain(ruleset, 'netdev', 'ingress', 'in_eth0')).toMatchObject({ hook: 'ingress', device: 'eth0', priority: -500 });
  });

  it('reads a paste re-indented with spaces exactly like the tab original', () => {
    expect(parseText(nftRulesetFormat, FULL.replace(/\t/g, '    ')).records).toEqual(records);
  });

  it('starts a second ruleset at a second `nft list ruleset` prompt', () => {
    const twice = `# nft list ruleset\n${readText(HIDDEN)}# nft list ruleset\n${readText(HIDDEN)}`;
    const { records: both, meta } = parseText(nftRulesetFormat, twice);
    expect(both.map((r) => [r.line, r.tables.length])).toEqual([[2, 1], [14, 1]]);
    expect(meta.command).toBe('nft list ruleset');
  });
});

describe('nft-ruleset: real pasted fragments', () => {
  it('keeps a lone rule pasted between `...` markers under a nameless table and chain, with warnings', () => {
    const { records, warnings, meta } = parseFile(nftRulesetFormat, XLATE);
    expect(meta.command).toBe('nft list ruleset');
    expect(records[0].tables).toEqual([{
      family: '', name: '', line: 4, sets: [],
      chains: [{
        name: '', line: 4, type: null, hook: null, priority: null, priorityText: null, device: null, policy: null,
        rules: [{
          line: 4,
          text: 'meta l4proto tcp ip daddr 127.0.0.1 ct status != expected,assured counter packets 0 bytes 0 drop',
          handle: null, counters: { packets: 0, bytes: 0 }, verdict: 'drop', target: null, comment: null,
        }],
      }],
    }]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['nft-ruleset/elided', 3], ['nft-ruleset/no-table', 4], ['nft-ruleset/no-chain', 4], ['nft-ruleset/elided', 5],
    ]);
  });

  it('reads the WireGuard chains pasted without their table, 4-space indented', () => {
    const { records, warnings } = parseFile(nftRulesetFormat, WIREGUARD);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-ruleset/no-table', 1]]);
    const [ruleset] = records;
    expect(ruleset.tables[0].chains.map((c) => [c.name, c.line, c.rules.length])).toEqual([['wg0-ens37', 1, 4], ['ens37-wg0', 8, 3]]);
    expect(chain(ruleset, '', '', 'wg0-ens37').rules[1]).toMatchObject({ line: 3, counters: { packets: 253, bytes: 21252 }, verdict: 'accept' });
    expect(chain(ruleset, '', '', 'wg0-ens37').rules[0]).toMatchObject({ counters: { packets: 0, bytes: 0 }, verdict: 'drop' });
    expect(nftRulesetFormat.count?.(ruleset)).toBe(7);
  });
});

describe('nft priorities', () => {
  it('resolves numbers, standard names and name ± N, with the bridge table for bridge chains', () => {
    expect(resolveNftPriority('filter + 10', 'inet')).toBe(10);
    expect(resolveNftPriority('dstnat - 5', 'ip')).toBe(-105);
    expect(resolveNftPriority('mangle', 'ip6')).toBe(-150);
    expect(resolveNftPriority('srcnat', 'ip')).toBe(100);
    expect(resolveNftPriority('security', 'ip')).toBe(50);
    expect(resolveNftPriority('raw', 'ip')).toBe(-300);
    expect(resolveNftPriority('-150', 'ip')).toBe(-150);
    expect(resolveNftPriority('out', 'bridge')).toBe(100);
    expect(resolveNftPriority('dstnat', 'bridge')).toBe(-300);
    expect(resolveNftPriority('nonsense', 'ip')).toBeNull();
  });
});

describe('nft-ruleset: bad input gives warnings with line numbers, never an exception', () => {
  const clean = readText(HIDDEN);

  it('1 byte and garbage', () => {
    expect(parseText(nftRulesetFormat, '{').warnings.map((w) => [w.code, w.line])).toEqual([['nft-ruleset/unparsed-block', 1], ['nft-ruleset/truncated', 1]]);
    expect(() => parseBytes(nftRulesetFormat, garbage(5000))).not.toThrow();
  });

  it('a truncated copy keeps what came before and says the blocks were left open', () => {
    const cut = clean.slice(0, clean.indexOf('counter packets') + 10);
    const { records, warnings } = parseText(nftRulesetFormat, cut);
    expect(chain(records[0], 'inet', 'resguard', 'net_hook_in_v4').rules.map((r) => r.text)).toEqual(['ip saddr @blacklist counter pa']);
    expect(warnings).toEqual([{ code: 'nft-ruleset/truncated', message: expect.stringContaining('2 open block'), line: 9 }]);
  });

  it('one huge line (an anonymous set of 100 000 addresses)', () => {
    const elements = Array.from({ length: 100_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join(', ');
    const text = `table ip t {\n\tchain c {\n\t\tip saddr { ${elements} } counter packets 1 bytes 2 drop\n\t}\n}\n`;
    const { records, warnings } = parseText(nftRulesetFormat, text, 1 << 22);
    expect(warnings).toEqual([]);
    expect(chain(records[0], 'ip', 't', 'c').rules[0]).toMatchObject({ verdict: 'drop', counters: { packets: 1, bytes: 2 } });
  });

  it('CRLF + ANSI colour and an email-quoted copy read like the original', () => {
    const original = parseText(nftRulesetFormat, FULL).records;
    expect(parseText(nftRulesetFormat, crlfAnsi(FULL)).records).toEqual(original);
    expect(parseText(nftRulesetFormat, emailQuote(FULL)).records).toEqual(original);
    expect(parseText(nftRulesetFormat, FULL, 3).records).toEqual(original);
  });
});

describe('nft-ruleset: probe', () => {
  it('claims its fixture and samples', () => {
    for (const path of [HIDDEN, XLATE, WIREGUARD]) expect(probeFileWith(nftRulesetFormat, path), path).toBeGreaterThanOrEqual(0.7);
  });

  it('claims no file of another format (nft monitor trace lines quote rules too)', () => {
    expect(otherFormatsFiles('nft-ruleset').filter((p) => probeFileWith(nftRulesetFormat, p) >= 0.3)).toEqual([]);
  });

  it('answers 0 for empty, 1-byte and random input', () => {
    expect(probeBytes(nftRulesetFormat, new Uint8Array(0))).toBe(0);
    expect(probeBytes(nftRulesetFormat, new Uint8Array([0x7b]))).toBe(0);
    expect(probeBytes(nftRulesetFormat, garbage(4096))).toBe(0);
  });
});
