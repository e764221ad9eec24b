import { describe, expect, it } from 'vitest';
import { iptablesTraceFormat } from '../../shared/formats/iptables-trace.format';
import { dmesgFormat } from '../../shared/formats/dmesg.format';
import type { RuleTrace } from '../../shared/model/rule-trace';
import { detectedId, fixture, fixtureFiles, runFormat } from './run-text-format';

const read = (path: string) => runFormat(iptablesTraceFormat, fixture(path));
const text = (path: string) => new TextDecoder().decode(fixture(path));
/** `table:chain kind N|handle verdict` per step. */
const path = (t: RuleTrace) => t.steps.map((s) => `${s.table}:${s.chain} ${s.kind} ${s.ruleNumber ?? s.handle ?? '-'} ${s.verdict ?? '?'}`);

describe('iptables-trace: every sample and recording is detected and read', () => {
  const withToolError = 'iptables-trace/lab-6.18-xtables-monitor-trace-ip6tables-nft-tcp-match-error.txt';
  it.each([...fixtureFiles('samples/iptables-trace'), ...fixtureFiles('iptables-trace')])('%s', (file) => {
    const bytes = fixture(file);
    expect(detectedId(bytes)).toBe('iptables-trace');
    const { records, warnings } = runFormat(iptablesTraceFormat, bytes);
    if (file !== withToolError) expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('iptables-trace: legacy TRACE lines in dmesg (lab, kernel 6.18)', () => {
  const { records } = read('samples/iptables-trace/lab-6.18-legacy-dmesg-TRACE-filter-INPUT-drop.txt');

  it('47 lines make 22 packets; each keeps its kernel stamps', () => {
    expect(records).toHaveLength(22);
    expect(records.reduce((n, r) => n + r.steps.length, 0)).toBe(47);
    expect(records[0]).toMatchObject({ source: 'iptables-trace', traceId: null, line: 1, endLine: 2, time: { clock: 'boot', value: 635.768938 }, verdict: null });
    expect(records[0].steps[1].time).toEqual({ clock: 'boot', value: 635.768957 });
  });

  it('the dropped SYN: raw policy then filter INPUT rule 2, which decides; hooks from the built-in chains', () => {
    const syn = records[0];
    expect(path(syn)).toEqual(['raw:PREROUTING policy 3 ?', 'filter:INPUT rule 2 ?']);
    expect(syn.steps.map((s) => [s.family, s.hook])).toEqual([['ip', 'PRE_ROUTING'], ['ip', 'LOCAL_IN']]);
    expect(syn.decidingStep).toBe(1);
    expect(syn.packet).toMatchObject({
      tuple: { proto: 'tcp', src: '10.9.0.8', dst: '10.9.0.3', sport: 59535, dport: 20202 }, iif: 'eth0', oif: null,
      ipId: 40007, ipLen: 60, ttl: 64, tcpFlags: 0x02,
    });
    expect(syn.packet?.fields.SEQ).toBe('1990852955');
    // The retransmit (IP id 40008) is another packet.
    expect(records[1].packet?.ipId).toBe(40008);
  });

  it('a rule followed by a line in user chain SVC was a jump to it (read, not printed)', () => {
    const accepted = records[3];
    expect(path(accepted)).toEqual(['raw:PREROUTING policy 3 ?', 'filter:INPUT rule 3 jump SVC', 'filter:SVC rule 1 ?']);
    expect(accepted.steps[1].verdictInferred).toBe(true);
    expect(accepted.steps[2].hook).toBe('LOCAL_IN');
    expect(accepted.decidingStep).toBe(2);
  });

  it('SVC returns (`return:2`) and INPUT\'s policy (`policy:4`) decides', () => {
    const returned = records.find((r) => r.line === 22)!;
    expect(path(returned)).toEqual(['raw:PREROUTING policy 3 ?', 'filter:INPUT rule 3 jump SVC', 'filter:SVC return 2 ?', 'filter:INPUT policy 4 ?']);
    expect(returned.decidingStep).toBe(3);
  });

  it('output packets (UID= GID= once a socket is attached) start at raw OUTPUT', () => {
    const out = records.find((r) => r.line === 14)!;
    expect(path(out)).toEqual(['raw:OUTPUT policy 2 ?', 'filter:OUTPUT policy 1 ?']);
    expect(out.packet).toMatchObject({ oif: 'eth0', iif: null, tcpFlags: 0x18 });
    expect(out.packet?.fields.UID).toBe('0');
  });
});

describe('iptables-trace: public legacy outputs', () => {
  it('CentOS 7 forward with MASQUERADE: one packet over three hooks, TTL and OUT= changes kept as later views', () => {
    const [trace] = read('samples/iptables-trace/centos7-libvirt-notes-2019-dmesg-TRACE-forward-snat.txt').records;
    expect(path(trace)).toEqual([
      'raw:PREROUTING policy 3 ?', 'mangle:PREROUTING policy 1 ?', 'nat:PREROUTING policy 1 ?', 'mangle:FORWARD policy 1 ?',
      'filter:FORWARD rule 2 ?', 'mangle:POSTROUTING policy 4 ?', 'nat:POSTROUTING rule 3 ?',
    ]);
    expect(trace.steps.map((s) => s.hook)).toEqual(['PRE_ROUTING', 'PRE_ROUTING', 'PRE_ROUTING', 'FORWARD', 'FORWARD', 'POST_ROUTING', 'POST_ROUTING']);
    expect(trace.laterViews.map((v) => [v.line, v.iif, v.oif, v.ttl])).toEqual([[4, 'virbr0', 'bond0', 63], [6, null, 'bond0', 63]]);
    expect([trace.decidingStep, trace.time]).toEqual([6, { clock: 'boot', value: 5121056.357116 }]);
    expect(trace.packet?.fields.OPT).toBe('020405B40402080A10B629170000000001030307');
  });

  it('Ubuntu 14.04 syslog prefix: the kernel stamp is the time; only policy lines (the packet vanished)', () => {
    const [trace] = read('samples/iptables-trace/ubuntu1404-4.4-forum-2017-syslog-TRACE-policy-only.txt').records;
    expect(path(trace)).toEqual(['raw:PREROUTING policy 2 ?', 'mangle:PREROUTING policy 1 ?', 'nat:PREROUTING policy 1 ?']);
    expect(trace.time).toEqual({ clock: 'boot', value: 873912.017189 });
    expect(trace.packet).toMatchObject({ tuple: { proto: 'icmp', src: '192.0.2.154' }, icmpType: 8, iif: 'p1p1.172' });
    expect(trace.decidingStep).toBe(2);
  });
});

describe('iptables-trace: xtables-monitor --trace (iptables-nft)', () => {
  const { records } = read('samples/iptables-trace/lab-6.18-xtables-monitor-trace-nft-backend-drop.txt');

  it('PACKET lines repeated before each table belong to the same packet; the DROP rule decides', () => {
    expect(records).toHaveLength(21);
    const syn = records[0];
    expect([syn.traceId, syn.line, syn.endLine, syn.source]).toEqual(['78ccb1dc', 1, 5, 'xtables-monitor']);
    expect(path(syn)).toEqual(['raw:PREROUTING rule 2 continue', 'raw:PREROUTING policy - accept', 'filter:INPUT rule 4 drop']);
    expect(syn.steps[2]).toMatchObject({ family: 'ip', hook: 'LOCAL_IN', ruleText: '-4 -t filter -A INPUT -s 10.9.0.8/32 -j DROP' });
    expect([syn.verdict, syn.decidingStep]).toEqual(['drop', 2]);
    expect(syn.packet).toMatchObject({ tuple: { proto: 'tcp', sport: 51541, dport: 20202 }, ipId: 3799, tcpFlags: 0x02, iif: 'eth0' });
    // ether_ntoa drops leading zeros; the reader puts them back.
    expect(syn.packet?.fields.MACSRC).toBe('76:ef:50:8e:3e:07');
  });

  it('no protocol is printed: a ping has none; JUMP:SVC then ACCEPT in SVC', () => {
    expect(records[1].packet?.tuple).toEqual({ proto: null, src: '10.9.0.8', dst: '10.9.0.3', sport: null, dport: null });
    expect(path(records[2])).toEqual(['raw:PREROUTING rule 2 continue', 'raw:PREROUTING policy - accept', 'filter:INPUT rule 5 jump SVC', 'filter:SVC rule 6 accept']);
    expect(records[2].steps[3].hook).toBe('LOCAL_IN');
    expect(records.filter((r) => r.traceId === '857216cf').map((r) => r.packet?.ipId)).toEqual([31750, 31753]);
  });

  it('Docker host (kernel 6.2, 1.8.7): ids change between PREROUTING and FORWARD, fields glued to ID=', () => {
    const docker = read('samples/iptables-trace/ubuntu2204-docker-notes-xtables-monitor-trace-tcp-forward.txt').records;
    expect(docker).toHaveLength(17);
    const forwarded = docker[0];
    expect([forwarded.traceId, forwarded.otherTraceIds, forwarded.line, forwarded.endLine]).toEqual(['4b64b42c', ['8885cff6'], 1, 14]);
    expect(forwarded.steps).toHaveLength(12);
    expect(path(forwarded).slice(5)).toEqual([
      'filter:FORWARD rule 78 jump DOCKER-USER', 'filter:DOCKER-USER return - return', 'filter:FORWARD rule 75 jump DOCKER-ISOLATION-STAGE-1',
      'filter:DOCKER-ISOLATION-STAGE-1 rule 66 jump DOCKER-ISOLATION-STAGE-2', 'filter:DOCKER-ISOLATION-STAGE-2 return - return',
      'filter:DOCKER-ISOLATION-STAGE-1 return - return', 'filter:FORWARD rule 52 accept',
    ]);
    expect([forwarded.verdict, forwarded.decidingStep]).toEqual(['accept', 11]);
    expect(forwarded.laterViews.map((v) => [v.line, v.oif, v.ttl])).toEqual([[7, 'ens160', 63]]);
    expect(forwarded.packet?.fields.DF).toBe('');
    const synAck = docker.find((r) => r.traceId === 'bd07e2a9')!;
    expect(synAck.packet).toMatchObject({ ipId: 43007, tuple: { sport: 80, dport: 58366, proto: 'tcp' }, tcpFlags: 0x12 });
    expect(synAck.packet?.fields.MACDST).toBe('00:0c:29:0c:d6:d1');
  });
});

describe('iptables-trace: lab recordings (test/fixtures/iptables-trace)', () => {
  it('ip6tables-legacy: IPv6 LOG fields, addresses compressed; an IPv4 DNAT keeps one packet across the NAT', () => {
    const { records } = read('iptables-trace/lab-6.18-legacy-dmesg-TRACE-ip6tables-drop-ipv4-dnat.txt');
    expect(records).toHaveLength(6);
    const [syn6, ping6, dnat] = records;
    expect(syn6.packet).toMatchObject({ tuple: { proto: 'tcp', src: 'fd00::2:8', dst: 'fd00::3', dport: 20202 }, ipId: null, ipLen: 80, ttl: 64 });
    expect(syn6.steps.map((s) => `${s.family} ${s.table}:${s.chain}:${s.kind}:${s.ruleNumber}`)).toEqual(['ip6 raw:PREROUTING:policy:3', 'ip6 filter:INPUT:rule:1']);
    expect(ping6.packet).toMatchObject({ tuple: { proto: 'icmpv6' }, icmpType: 128, icmpCode: 0 });
    expect(path(dnat)).toEqual([
      'raw:PREROUTING policy 2 ?', 'mangle:PREROUTING rule 1 ?', 'mangle:PREROUTING policy 2 ?', 'nat:PREROUTING rule 1 ?',
      'mangle:INPUT policy 1 ?', 'nat:INPUT policy 1 ?',
    ]);
    expect(dnat.packet?.tuple.dport).toBe(8080);
    expect(dnat.laterViews.map((v) => [v.line, v.tuple.dport])).toEqual([[9, 20202]]);
    expect(dnat.steps.map((s) => s.hook)).toEqual(['PRE_ROUTING', 'PRE_ROUTING', 'PRE_ROUTING', 'PRE_ROUTING', 'LOCAL_IN', 'LOCAL_IN']);
  });

  it('ip6tables-nft under xtables-monitor: family 10 is ip6, SVC drops c2, c1 falls back to the INPUT policy', () => {
    const { records } = read('iptables-trace/lab-6.18-xtables-monitor-trace-ip6tables-nft-svc-drop.txt');
    expect(records).toHaveLength(5);
    expect(path(records[0])).toEqual(['raw:PREROUTING rule 2 continue', 'raw:PREROUTING policy - accept', 'filter:INPUT rule 3 jump SVC', 'filter:SVC rule 4 drop']);
    expect(records[0].steps.every((s) => s.family === 'ip6')).toBe(true);
    expect(records[0].packet).toMatchObject({ tuple: { src: 'fd00::2:8', proto: 'tcp', dport: 20202 }, ipLen: 60, ttl: 64, ipId: null });
    expect(records[0].packet?.fields.FLOWLBL).toBe('525052');
    expect(records.slice(1).map((r) => `${r.verdict} ${r.decidingStep}`)).toEqual(['accept 3', 'accept 3', 'accept 3', 'accept 3']);
  });

  it('xtables-monitor\'s own error: warnings with its words, the packet it printed is kept', () => {
    const { records, warnings } = read('iptables-trace/lab-6.18-xtables-monitor-trace-ip6tables-nft-tcp-match-error.txt');
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['iptables-trace/tool-error', 1], ['iptables-trace/tool-error', 2], ['iptables-trace/tool-error', 3]]);
    expect(warnings[0].message).toContain('unsupported layer 4 protocol value');
    expect(records).toHaveLength(1);
    expect(records[0].steps).toMatchObject([{ table: 'raw', chain: 'PREROUTING', handle: 2, verdict: 'continue', ruleText: '-6 -t raw' }]);
  });
});

describe('dmesg: TRACE lines inside a kernel log become rule traces, the rest stays log lines', () => {
  // A real kernel log where a LOG rule (`wl-before:`) and TRACE lines interleave (lab case nft-trace-drop).
  const { records, warnings } = runFormat(dmesgFormat, fixture('lab-cases/nft-trace-drop/dmesg.txt'));
  const traces = records.filter((r): r is RuleTrace => r.kind === 'rule-trace');

  it('10 log lines and 8 packets, no warning', () => {
    expect(warnings).toEqual([]);
    expect(records.filter((r) => r.kind === 'log-line').map((r) => r.line)).toEqual([1, 2, 4, 7, 10, 13, 16, 19, 23, 24]);
    expect(traces.map((t) => [t.line, t.endLine, t.packet?.ipId])).toEqual([
      [3, 5, 27771], [6, 8, 27772], [9, 11, 27773], [12, 14, 27774], [15, 17, 27775], [18, 20, 27776], [21, 21, 11186], [22, 22, 11319],
    ]);
  });

  it('the LOG rule (4) is passed, rule 6 decides', () => {
    expect(path(traces[0])).toEqual(['filter:INPUT rule 4 ?', 'filter:INPUT rule 6 ?']);
    expect([traces[0].decidingStep, traces[0].time]).toEqual([1, { clock: 'boot', value: 3749.951596 }]);
  });

  it('the same lines read as an iptables-trace file give the same traces', () => {
    const asTrace = runFormat(iptablesTraceFormat, fixture('lab-cases/nft-trace-drop/dmesg.txt'));
    expect(asTrace.records).toEqual(traces);
    expect(asTrace.warnings).toEqual([{ code: 'iptables-trace/kernel-log-line', line: 1, message: '10 kernel log line(s) that are not TRACE lines were not read here (open the file as a kernel log for them)' }]);
  });
});

describe('iptables-trace: bad input never throws; unused lines are warnings with their number', () => {
  const legacy = text('samples/iptables-trace/lab-6.18-legacy-dmesg-TRACE-filter-INPUT-drop.txt');
  const expected = runFormat(iptablesTraceFormat, legacy).records;

  it('empty input', () => {
    expect(runFormat(iptablesTraceFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
  });

  it('a TRACE line cut before its packet fields is named, the others are read', () => {
    const lines = legacy.split('\n');
    lines[1] = lines[1].slice(0, lines[1].indexOf(' IN='));
    const { records, warnings } = runFormat(iptablesTraceFormat, lines.join('\n'));
    expect(warnings).toEqual([{ code: 'iptables-trace/trace-line', line: 2, message: 'TRACE line not understood (cut?): "TRACE: filter:INPUT:rule:2"' }]);
    expect(records[0].steps).toHaveLength(1);
    expect(records.slice(1)).toEqual(expected.slice(1));
  });

  it('a cut xtables-monitor line is named', () => {
    const { warnings } = runFormat(iptablesTraceFormat, ' TRACE: 2 78ccb1dc filter:INPUT:rule:0x4\n');
    expect(warnings).toEqual([{ code: 'iptables-trace/trace-line', line: 1, message: 'xtables-monitor line not understood: "TRACE: 2 78ccb1dc filter:INPUT:rule:0x4"' }]);
  });

  it('garbage: 20 warnings listed, then a summary', () => {
    const { records, warnings } = runFormat(iptablesTraceFormat, Array.from({ length: 25 }, () => '\u0001\u00ff??').join('\n'));
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
  });

  it('email quotes, CRLF and 3-byte chunks read as the plain file', () => {
    const messy = legacy.split('\n').map((l) => (l ? `> ${l}` : l)).join('\r\n');
    const { records, warnings } = runFormat(iptablesTraceFormat, messy, 3);
    expect(warnings).toEqual([]);
    expect(records).toEqual(expected);
  });
});
