import { describe, expect, it } from 'vitest';
import { nftTraceFormat } from '../../shared/formats/nft-trace.format';
import type { RuleTrace } from '../../shared/model/rule-trace';
import { detectedId, fixture, fixtureFiles, runFormat } from './run-text-format';

const read = (path: string) => runFormat(nftTraceFormat, fixture(path));
const text = (path: string) => new TextDecoder().decode(fixture(path));
/** A trace's path as `chain kind verdict` words, for one-line comparisons. */
const path = (t: RuleTrace) => t.steps.map((s) => `${s.chain} ${s.kind} ${s.verdict}`);

describe('nft-trace: every sample and recording is detected and read without a warning', () => {
  it.each([...fixtureFiles('samples/nft-trace'), ...fixtureFiles('nft-trace')])('%s', (file) => {
    const bytes = fixture(file);
    expect(detectedId(bytes)).toBe('nft-trace');
    const { records, warnings } = runFormat(nftTraceFormat, bytes);
    expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.kind === 'rule-trace' && r.source === 'nft-trace')).toBe(true);
  });
});

describe('nft-trace: lab, blacklist set, jump, policy (nft 1.0.6, kernel 6.18)', () => {
  const { records } = read('samples/nft-trace/lab-6.18-nft-monitor-trace-set-drop-jump-policy.txt');

  it('one record per packet, in the order of their first line; reused ids make separate packets', () => {
    expect(records).toHaveLength(18);
    expect(records.map((r) => r.line)).toEqual([1, 6, 11, 16, 21, 27, 30, 35, 38, 43, 46, 51, 54, 59, 62, 67, 70, 75]);
    // 89de585f: the SYN (ip id 2586) and, 25 lines later, the client's FIN (ip id 2589).
    const reused = records.filter((r) => r.traceId === '89de585f');
    expect(reused.map((r) => [r.line, r.endLine, r.packet?.ipId, r.packet?.tcpFlags])).toEqual([[21, 26, 2586, 0x02], [46, 50, 2589, 0x11]]);
    expect(records.filter((r) => r.traceId === '21ea1630').map((r) => r.packet?.fields['icmp sequence'])).toEqual(['1', '2']);
  });

  it('the blacklisted SYN: packet, path across two base chains, deciding rule', () => {
    const syn = records[0];
    expect(syn.packet).toMatchObject({
      line: 1, tuple: { proto: 'tcp', src: '10.9.0.8', dst: '10.9.0.3', sport: 43979, dport: 20202 }, iif: 'eth0', oif: null,
      ipId: 51783, ipLen: 60, ttl: 64, tcpFlags: 0x02, icmpType: null,
    });
    expect(syn.packet?.fields['ether saddr']).toBe('76:ef:50:8e:3e:07');
    expect(path(syn)).toEqual(['trace_chain rule continue', 'trace_chain policy accept', 'input rule drop']);
    expect([syn.verdict, syn.decidingStep]).toEqual(['drop', 2]);
    expect(syn.steps[2]).toEqual({
      line: 5, time: null, family: 'inet', table: 'filter', chain: 'input', hook: null, kind: 'rule',
      ruleText: 'ip saddr @blacklist counter packets 0 bytes 0 drop', ruleNumber: null, handle: null, verdict: 'drop',
    });
  });

  it('ICMP echo: type and code by name, the raw @th bytes kept', () => {
    const ping = records[2];
    expect(ping.packet).toMatchObject({ tuple: { proto: 'icmp', sport: null, dport: null }, icmpType: 8, icmpCode: 0, tcpFlags: null });
    expect(ping.packet?.fields['@th,64,96']).toBe('0xf120066b000000007bcd0300');
  });

  it('jump to svc and accept there; the server\'s SYN-ACK (0x12) in output', () => {
    expect(path(records[4])).toEqual(['trace_chain rule continue', 'trace_chain policy accept', 'input rule jump svc', 'svc rule accept']);
    expect([records[4].verdict, records[4].decidingStep]).toEqual(['accept', 3]);
    expect(records[5].packet).toMatchObject({ oif: 'eth0', iif: null, tcpFlags: 0x12, tuple: { src: '10.9.0.3', sport: 20202 } });
  });

  it('a packet no rule took ends in the input policy', () => {
    const closed = records[16];
    expect(closed.packet?.tuple.dport).toBe(20203);
    expect(path(closed)).toEqual(['trace_chain rule continue', 'trace_chain policy accept', 'input policy accept']);
    expect([closed.verdict, closed.decidingStep]).toEqual(['accept', 2]);
  });
});

describe('nft-trace: lab with handles (nft -a), reject and ct invalid', () => {
  const { records } = read('samples/nft-trace/lab-6.18-nft-a-monitor-trace-handles-reject-invalid.txt');

  it('jump to svc, no match there, input policy accept (no return line from nft 1.0.6)', () => {
    expect(path(records[0])).toEqual(['trace_chain rule continue', 'trace_chain policy accept', 'input rule jump svc', 'input policy accept']);
    expect(records[0].steps[2].handle).toBe(10);
    expect([records[0].verdict, records[0].decidingStep]).toEqual(['accept', 3]);
  });

  it('reject: the SYN\'s lines surround its RST\'s output trace; the SYN keeps its own lines', () => {
    const syn = records.find((r) => r.traceId === 'fe565ad1')!;
    const rst = records.find((r) => r.traceId === '95eb715c')!;
    expect([syn.line, syn.endLine, rst.line, rst.endLine]).toEqual([34, 41, 37, 39]);
    expect(records.indexOf(syn)).toBeLessThan(records.indexOf(rst));
    expect(syn.steps[syn.decidingStep!]).toMatchObject({ line: 41, handle: 13, verdict: 'drop', ruleText: 'tcp dport 20204 counter packets 0 bytes 0 reject with tcp reset' });
    expect(rst.packet?.tcpFlags).toBe(0x14);
  });

  it('the out-of-state ACK is dropped by `ct state invalid` (handle 8)', () => {
    const ack = records[records.length - 1];
    expect(ack.packet).toMatchObject({ tuple: { sport: 40000, dport: 20202 }, tcpFlags: 0x10 });
    expect(ack.steps[ack.decidingStep!]).toMatchObject({ handle: 8, verdict: 'drop', ruleText: 'ct state invalid counter packets 0 bytes 0 drop' });
  });
});

describe('nft-trace: public outputs', () => {
  it('nftables wiki (older nft): `verdict continue` at the end of a base chain is a return step; no `ip protocol`', () => {
    const [trace] = read('samples/nft-trace/nftables-wiki-ruleset-debug-tracing-ip-filter-icmp-accept.txt').records;
    expect(path(trace)).toEqual(['trace_chain rule continue', 'trace_chain return continue', 'trace_chain policy accept', 'input rule accept']);
    expect(trace.packet).toMatchObject({ tuple: { proto: 'icmp', src: '8.8.8.8' }, icmpType: 0, ttl: 115, iif: 'enp0s25' });
    expect(trace.packet?.fields['@th,64,96']).toBe('24106705117628271805883024640');
    expect([trace.verdict, trace.decidingStep]).toEqual(['accept', 3]);
  });

  it('Fedora Magazine: DNAT changes the packet between hooks; `..` elisions are skipped', () => {
    const [dnat, retransmit] = read('samples/nft-trace/fedoramagazine-2020-nat-part1-inet-dnat-jump-allowed_dnats-drop.txt').records;
    expect(dnat.packet?.tuple).toEqual({ proto: 'tcp', src: '10.2.1.2', dst: '10.1.2.3', sport: null, dport: 1222 });
    expect(dnat.laterViews.map((v) => [v.line, v.tuple.dst, v.tuple.dport, v.oif])).toEqual([[7, '192.168.70.10', 22, 'veth21']]);
    expect(dnat.steps.map((s) => s.chain)).toEqual(['trace_pre', 'trace_pre', 'trace_pre', 'prerouting', 'forward', 'allowed_dnats']);
    expect(dnat.steps[4].verdict).toBe('jump allowed_dnats');
    expect([dnat.verdict, dnat.decidingStep, dnat.steps[5].ruleText]).toEqual(['drop', 5, 'drop']);
    expect([retransmit.traceId, retransmit.steps, retransmit.verdict]).toEqual(['20a4ef', [], null]);
  });

  it('Talos node without packet lines: several tables on one hook, the drop decides', () => {
    const [trace] = read('samples/nft-trace/walzen-group-kuport-talos-prerouting-xt-match-verdict-drop.txt').records;
    expect(trace.packet).toBeNull();
    expect(trace.steps.map((s) => `${s.family} ${s.table} ${s.chain} ${s.verdict}`)).toEqual([
      'ip raw PREROUTING jump CILIUM_PRE_raw', 'ip netbird netbird-raw-pre accept', 'ip mangle PREROUTING accept',
      'ip netbird netbird-mangle-prerouting accept', 'inet kuport kup-mangle accept', 'inet talos prerouting drop',
    ]);
    expect(trace.steps[0].ruleText).toBe('xt match "comment" counter packets 2920253 bytes 4124198906 jump CILIUM_PRE_raw');
    expect([trace.verdict, trace.decidingStep]).toEqual(['drop', 5]);
  });
});

describe('nft-trace: lab recording with DNAT, mark, policy drop and IPv6 (test/fixtures/nft-trace)', () => {
  const { records } = read('nft-trace/lab-6.18-nft-monitor-trace-dnat-mark-policy-drop-ipv6.txt');

  it('DNAT 8080 → 20202: one packet across trace_pre, nat_pre and input, with the changed view', () => {
    const syn = records[0];
    expect(syn.packet?.tuple).toMatchObject({ src: '10.0.2.7', dport: 8080 });
    expect(syn.laterViews.map((v) => [v.line, v.tuple.dport])).toEqual([[6, 20202]]);
    expect(path(syn)).toEqual(['trace_pre rule continue', 'trace_pre policy accept', 'nat_pre rule accept', 'input rule continue', 'input rule accept']);
    expect(syn.steps[3].ruleText).toBe('meta mark set 0x0000002a');
    expect([syn.verdict, syn.decidingStep]).toEqual(['accept', 4]);
  });

  it('c2 ends in `policy drop` with the mark it got printed after it', () => {
    const drop = records.find((r) => r.packet?.tuple.src === '10.0.2.8')!;
    expect(drop.steps[drop.decidingStep!]).toMatchObject({ kind: 'policy', chain: 'input', verdict: 'drop', mark: '0x0000002a' });
  });

  it('IPv6: no IP id, payload length + 40, ICMPv6 echo by name, `ipv6-icmp` read as icmpv6', () => {
    const v6 = records.find((r) => r.packet?.tuple.src === 'fd00::2:7')!;
    expect(v6.packet).toMatchObject({ ipId: null, ipLen: 80, ttl: 64, tcpFlags: 0x02, tuple: { proto: 'tcp', dst: 'fd00::3', dport: 20202 } });
    const ping = records[records.length - 1];
    expect(ping.packet).toMatchObject({ tuple: { proto: 'icmpv6', src: 'fd00::2:8' }, icmpType: 128, icmpCode: 0, ipLen: 104 });
    expect(ping.verdict).toBe('drop');
  });

  it('an id reused by output packets without IP id (IPv6) still splits on length and flags', () => {
    expect(records.filter((r) => r.traceId === 'b565301a').map((r) => [r.packet?.ipLen, r.packet?.tcpFlags])).toEqual([[80, 0x18], [72, 0x11]]);
    expect(records.filter((r) => r.traceId === 'c98b8428').map((r) => r.packet?.ipId)).toEqual([32292, 32293]);
  });
});

describe('nft-trace: bad input never throws; unused lines are warnings with their number', () => {
  const sample = text('samples/nft-trace/lab-6.18-nft-monitor-trace-set-drop-jump-policy.txt');
  const expected = runFormat(nftTraceFormat, sample).records;

  it('empty input and a lone newline', () => {
    expect(runFormat(nftTraceFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
    expect(runFormat(nftTraceFormat, '\n').records).toEqual([]);
  });

  it('a copy cut inside a rule line: the cut line is a warning, the packets before it are whole', () => {
    const cut = sample.slice(0, sample.indexOf('(verdict drop)', sample.indexOf('trace id 9a22a552 inet filter input rule')));
    const { records, warnings } = runFormat(nftTraceFormat, cut);
    expect(warnings).toEqual([{ code: 'nft-trace/trace-line', line: 15, message: 'trace line of an unknown kind: "rule ip saddr @blacklist counter packets 0 bytes 0 drop"' }]);
    expect(records.slice(0, 2)).toEqual(expected.slice(0, 2));
    expect(records[2].steps.map((s) => s.line)).toEqual([12, 13]);
  });

  it('garbage lines: 20 listed, then one summary', () => {
    const { records, warnings } = runFormat(nftTraceFormat, Array.from({ length: 30 }, (_, i) => `%%% junk ${i}`).join('\n'));
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toMatchObject({ code: 'nft-trace/unrecognised-line', line: 1 });
  });

  it('a huge line is skipped with a warning, the rest is read as before', () => {
    const { records, warnings } = runFormat(nftTraceFormat, `${'x'.repeat(100000)}\n${sample}`);
    expect(warnings).toEqual([{ code: 'nft-trace/line-too-long', line: 1, message: 'line of 100000 characters skipped' }]);
    expect(records.map((r) => r.line - 1)).toEqual(expected.map((r) => r.line));
  });

  it('email quotes, CRLF, ANSI colour, a prompt line and 5-byte chunks read as the plain file', () => {
    const messy = `$ sudo nft monitor trace\r\n${sample.split('\n').map((l) => (l ? `> \u001b[32m${l}\u001b[0m` : l)).join('\r\n')}`;
    const { records, warnings } = runFormat(nftTraceFormat, messy, 5);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(expected.length);
    expect(records.map((r) => [r.traceId, r.verdict, r.line - 1])).toEqual(expected.map((r) => [r.traceId, r.verdict, r.line]));
  });

  it('unknown packet words are kept out of the fields and named in a warning', () => {
    const { records, warnings } = runFormat(nftTraceFormat, 'trace id 0000abcd ip filter input packet: iif "lo" ip saddr 127.0.0.1 zzz\ntrace id 0000abcd ip filter input policy drop \n');
    expect(warnings).toEqual([{ code: 'nft-trace/packet-field', line: 1, message: 'packet words not read: "zzz"' }]);
    expect(records[0].packet?.tuple.src).toBe('127.0.0.1');
    expect(records[0].verdict).toBe('drop');
  });
});
