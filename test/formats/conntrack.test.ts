import { describe, expect, it } from 'vitest';
import { conntrackFormat } from '../../shared/formats/conntrack.format';
import type { ConntrackEntry, ConntrackEvent, ConntrackStats } from '../../shared/model/conntrack';
import { detectedId, fixture, fixtureFiles, runFormat } from './run-text-format';

const read = (path: string) => runFormat(conntrackFormat, fixture(path));
const entries = (path: string) => read(path).records as ConntrackEntry[];

describe('conntrack: every sample and recording is detected and read without a warning', () => {
  it.each([...fixtureFiles('samples/conntrack'), ...fixtureFiles('conntrack')])('%s', (file) => {
    const bytes = fixture(file);
    expect(detectedId(bytes)).toBe('conntrack');
    const { records, warnings } = runFormat(conntrackFormat, bytes);
    expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('conntrack -L and /proc/net/nf_conntrack', () => {
  it('client with accounting: the dropped SYN is SYN_SENT [UNREPLIED] with nothing back', () => {
    const { records, meta } = read('samples/conntrack/lab-6.18-conntrack-L-client-acct-timestamp.txt');
    expect(meta).toEqual({ entriesShown: '7' });
    expect(records).toHaveLength(7);
    const syn = (records as ConntrackEntry[]).find((e) => e.state === 'SYN_SENT')!;
    expect(syn).toEqual({
      kind: 'conntrack-entry', line: 7, l3: 'ipv4', l4: 'tcp', l4num: 6, timeout: 116, state: 'SYN_SENT',
      original: { src: '10.9.0.8', dst: '10.9.0.3', sport: 50529, dport: 20202, icmpType: null, icmpCode: null, icmpId: null, packets: 1, bytes: 60, extra: {} },
      reply: { src: '10.9.0.3', dst: '10.9.0.8', sport: 20202, dport: 50529, icmpType: null, icmpCode: null, icmpId: null, packets: 0, bytes: 0, extra: {} },
      flags: ['UNREPLIED'], mark: 0, zone: null, secctx: null, use: 1, id: null, deltaTime: 3, extra: {},
    });
  });

  it('ICMP tuples: type, code and the echo id (not the conntrack id)', () => {
    const ping = entries('samples/conntrack/lab-6.18-conntrack-L-o-extended-timestamp-id-client.txt').find((e) => e.original.src === '10.9.0.8' && e.l4 === 'icmp')!;
    expect(ping.original).toMatchObject({ icmpType: 8, icmpCode: 0, icmpId: 10773, packets: 2, bytes: 168 });
    expect(ping.reply).toMatchObject({ icmpType: 0, icmpId: 10773, packets: 0 });
    expect([ping.flags, ping.id, ping.l3]).toEqual([['UNREPLIED'], 3006052524, 'ipv4']);
  });

  it('the loose-picked-up ACK is ESTABLISHED but [UNREPLIED]; the held connections are [ASSURED]', () => {
    const all = entries('samples/conntrack/lab-6.18-conntrack-L-client-acct-timestamp.txt');
    expect(all.filter((e) => e.state === 'ESTABLISHED').map((e) => [e.original.sport, e.flags, e.timeout])).toEqual([
      [40001, ['UNREPLIED'], 297], [42819, ['ASSURED'], 431994], [38917, ['ASSURED'], 431994],
    ]);
  });

  it('/proc adds zone= and counts its own use; `cat -n` numbers and SELinux secctx are read', () => {
    expect(entries('samples/conntrack/lab-6.18-proc-net-nf_conntrack-server.txt').map((e) => [e.zone, e.use])).toEqual(Array(6).fill([0, 2]));
    const [selinux] = entries('samples/conntrack/amrelhusseiny-draft-2022-proc-net-nf_conntrack-cat-n-secctx.txt');
    expect(selinux).toMatchObject({ line: 2, state: 'ESTABLISHED', timeout: 299, secctx: 'system_u:object_r:unlabeled_t:s0', zone: 0, use: 2, mark: 0, flags: ['ASSURED'] });
    expect(selinux.reply).toMatchObject({ src: '192.168.1.139', dst: '154.186.196.59', sport: 22 });
  });

  it('conntrack 1.4.5 without mark=, blank lines between entries, the summary last', () => {
    const { records, meta } = read('samples/conntrack/french-nat-lab-2023-conntrack-L-v1.4.5-no-mark-blank-lines.txt');
    expect(meta).toEqual({ entriesShown: '2' });
    expect((records as ConntrackEntry[]).map((e) => [e.line, e.l4, e.state, e.mark, e.reply?.src])).toEqual([[2, 'udp', null, null, '192.168.100.1'], [4, 'tcp', 'TIME_WAIT', null, '192.168.100.2']]);
  });

  it('lab recording: DNAT shows as an original dport 8080 answered from 20202; both families by default; ipv6 -o extended', () => {
    const [v6, dnat] = entries('conntrack/lab-6.18-conntrack-L-dnat-acct.txt');
    expect([v6.l3, v6.original.src, v6.state]).toEqual(['ipv6', 'fd00::2:7', 'TIME_WAIT']);
    expect([dnat.original.dport, dnat.reply?.sport, dnat.reply?.src, dnat.deltaTime]).toEqual([8080, 20202, '10.0.0.3', 3]);
    const [extended] = entries('conntrack/lab-6.18-conntrack-L-f-ipv6-o-extended.txt');
    expect([extended.l3, extended.l4, extended.l4num, extended.original.packets, extended.reply?.bytes]).toEqual(['ipv6', 'tcp', 6, 4, 304]);
  });
});

describe('conntrack -E', () => {
  it('server events: right-aligned [NEW] / [UPDATE], no stamps', () => {
    const { records, meta } = read('samples/conntrack/lab-6.18-conntrack-E-server.txt');
    const events = records as ConntrackEvent[];
    expect(meta).toEqual({ eventsShown: '15' });
    expect(events.map((e) => e.event).join(' ')).toBe('NEW UPDATE UPDATE NEW UPDATE UPDATE NEW UPDATE NEW UPDATE UPDATE UPDATE UPDATE UPDATE UPDATE');
    expect(events[2]).toMatchObject({ kind: 'conntrack-event', line: 3, time: null, state: 'ESTABLISHED', timeout: 432000, flags: ['ASSURED'] });
  });

  it('-o timestamp: wall-clock stamps; the rejected SYN\'s DESTROY carries its counters and delta-time', () => {
    const events = read('samples/conntrack/lab-6.18-conntrack-E-o-timestamp-client.txt').records as ConntrackEvent[];
    expect(events).toHaveLength(20);
    expect(events[0].time).toEqual({ clock: 'wall', value: 1795563818.604386 });
    const destroy = events.find((e) => e.event === 'DESTROY')!;
    expect(destroy).toMatchObject({ line: 12, state: 'CLOSE', flags: ['UNREPLIED'], deltaTime: 0, original: { dport: 20204, packets: 1, bytes: 60 }, reply: { packets: 1, bytes: 40 } });
    expect(destroy.time?.value).toBe(1795563822.095995);
  });

  it('-o extended,timestamp,id (lab recording): family prefixes and conntrack ids on events', () => {
    const events = read('conntrack/lab-6.18-conntrack-E-o-extended-timestamp-id-dnat-ipv6.txt').records as ConntrackEvent[];
    expect(events).toHaveLength(12);
    expect(events.map((e) => e.l3)).toEqual([...Array(6).fill('ipv4'), ...Array(6).fill('ipv6')]);
    // `id=` right after a TCP reply tuple is the conntrack id, not an ICMP id.
    expect([...new Set(events.map((e) => e.id))]).toEqual([2787383908, 3493034228]);
    expect(events[0].reply?.icmpId).toBeNull();
    expect(events[0]).toMatchObject({ event: 'NEW', state: 'SYN_SENT', flags: ['UNREPLIED'], original: { dport: 8080 }, reply: { sport: 20202 } });
  });
});

describe('conntrack -S and /proc/net/stat/nf_conntrack', () => {
  it('kernel 6.18: clash_resolve and chaintoolong, invalid=1 on each CPU', () => {
    const stats = read('samples/conntrack/lab-6.18-conntrack-S-invalid.txt').records as ConntrackStats[];
    expect(stats.map((s) => [s.cpu, s.counters.invalid, s.counters.clash_resolve, s.counters.chaintoolong])).toEqual([[0, 1, 0, 0], [1, 1, 0, 0]]);
    expect(Object.keys(stats[0].counters)).toEqual(['found', 'invalid', 'insert', 'insert_failed', 'drop', 'early_drop', 'error', 'search_restart', 'clash_resolve', 'chaintoolong']);
  });

  it('the SNAT race: insert_failed equals drop on every CPU, `ignore` from an older kernel; the [...] elision is skipped', () => {
    const stats = read('samples/conntrack/maxlaverse-snat-race-conn-test-conntrack-S-insert_failed-drop.txt').records as ConntrackStats[];
    expect(stats).toHaveLength(11);
    expect(stats.every((s) => s.counters.insert_failed === s.counters.drop && s.source === 'conntrack -S')).toBe(true);
    expect(stats.reduce((sum, s) => sum + s.counters.insert_failed, 0)).toBe(1735);
    expect(stats[9]).toMatchObject({ line: 11, cpu: 9, counters: { found: 12412, invalid: 6959, ignore: 0, insert_failed: 249, search_restart: 306 } });
  });

  it('/proc/net/stat/nf_conntrack: hex values named by the header, one row per CPU', () => {
    const stats = read('samples/conntrack/lab-6.18-proc-net-stat-nf_conntrack.txt').records as ConntrackStats[];
    expect(stats.map((s) => [s.line, s.cpu, s.source, s.counters.entries, s.counters.invalid, s.counters.search_restart])).toEqual([
      [2, 0, '/proc/net/stat/nf_conntrack', 6, 1, 0], [3, 1, '/proc/net/stat/nf_conntrack', 6, 1, 0],
    ]);
    expect(Object.keys(stats[0].counters)).toHaveLength(17);
  });
});

describe('conntrack: bad input never throws; unused lines are warnings with their number', () => {
  it('empty input', () => {
    expect(runFormat(conntrackFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
  });

  it('an entry cut before its reply tuple is still an entry; one cut before dst= is a warning', () => {
    const { records, warnings } = runFormat(conntrackFormat, 'tcp      6 116 SYN_SENT src=10.9.0.8 dst=10.9.0.3 sport=50529 dport=20202 packets=1 bytes=60 [UNREPLIED] src=10.9.0.3\ntcp      6 116 SYN_SENT src=10.9.0.8 dst=\n');
    expect((records as ConntrackEntry[]).map((e) => [e.line, e.flags, e.reply?.src, e.reply?.dst])).toEqual([[1, ['UNREPLIED'], '10.9.0.3', null]]);
    expect(warnings).toEqual([{ code: 'conntrack/unrecognised-line', line: 2, message: 'line not understood: "tcp      6 116 SYN_SENT src=10.9.0.8 dst="' }]);
  });

  it('words no version prints are named; a /proc/net/stat row without its header is named', () => {
    const { warnings } = runFormat(conntrackFormat, 'udp      17 26 src=1.2.3.4 dst=5.6.7.8 sport=1 dport=2 bogus src=5.6.7.8 dst=1.2.3.4 sport=2 dport=1 use=1\n00000006  00000000 00000000 00000000 00000001\n');
    expect(warnings).toEqual([
      { code: 'conntrack/flow-field', line: 1, message: 'words not read: "bogus"' },
      { code: 'conntrack/stat-row-without-header', line: 2, message: '/proc/net/stat/nf_conntrack row without its header line: names unknown' },
    ]);
  });

  it('garbage: 20 warnings then a summary; CRLF, quotes and 4-byte chunks read as the plain file', () => {
    expect(runFormat(conntrackFormat, Array.from({ length: 22 }, () => '#!%').join('\n')).warnings).toHaveLength(21);
    const plain = new TextDecoder().decode(fixture('samples/conntrack/lab-6.18-conntrack-E-o-timestamp-client.txt'));
    const messy = plain.split('\n').map((l) => (l ? `> ${l}` : l)).join('\r\n');
    expect(runFormat(conntrackFormat, messy, 4)).toEqual(runFormat(conntrackFormat, plain));
  });
});
