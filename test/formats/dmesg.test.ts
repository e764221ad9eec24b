import { describe, expect, it } from 'vitest';
import { dmesgFormat } from '../../shared/formats/dmesg.format';
import { manifest } from '../fixtures/format-manifest';
import { readFileSync } from 'node:fs';
import { bytesOf, detectedId, fixture, fixtureFiles, probeInput, runFormat as runAnyFormat } from './run-text-format';
import type { LogLine } from '../../shared/model/log-line';

/** The dmesg reader on kernel logs without TRACE lines: every record is a LogLine (TRACE lines: iptables-trace.test.ts). */
function runFormat(format: typeof dmesgFormat, input: Uint8Array | string, chunkSize?: number) {
  const result = runAnyFormat(format, input, chunkSize);
  const records = result.records.filter((r): r is LogLine => r.kind === 'log-line');
  if (records.length !== result.records.length) throw new Error('rule traces in a kernel log without TRACE lines');
  return { ...result, records };
}

const text = (path: string) => new TextDecoder().decode(fixture(path));

describe('dmesg: the hidden-hook kernel log (since-boot stamps)', () => {
  const { records, warnings } = runFormat(dmesgFormat, fixture('cases/hidden-hook/dmesg.txt'));

  it('yields every message, with no warning', () => {
    expect(records).toHaveLength(10);
    expect(warnings).toEqual([]);
  });

  it('decodes the six wl-before LOG lines: IP ID 4667…4672, SPT 43482, DPT 20202, SYN', () => {
    const packets = records.filter((r) => r.packet).map((r) => r.packet!);
    expect(packets.map((p) => p.prefix)).toEqual(Array(6).fill('wl-before: '));
    expect(packets.map((p) => p.id)).toEqual([4667, 4668, 4669, 4670, 4671, 4672]);
    expect(new Set(packets.map((p) => `${p.proto} ${p.src}:${p.sport} > ${p.dst}:${p.dport} ${p.flags.join(',')}`))).toEqual(
      new Set(['TCP 10.0.2.8:43482 > 10.0.0.3:20202 SYN']),
    );
  });

  it('reads the first LOG line completely', () => {
    expect(records[2]).toEqual({
      kind: 'log-line',
      line: 3,
      time: { clock: 'boot', value: 5058.679046 },
      text: 'wl-before: IN=eth0 OUT= MAC=52:54:00:00:00:03:52:54:00:00:02:08:08:00 SRC=10.0.2.8 DST=10.0.0.3 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4667 DF PROTO=TCP SPT=43482 DPT=20202 WINDOW=64240 RES=0x00 SYN URGP=0',
      host: null,
      drop: null,
      packet: {
        prefix: 'wl-before: ',
        in: 'eth0',
        out: null,
        mac: '52:54:00:00:00:03:52:54:00:00:02:08:08:00',
        src: '10.0.2.8',
        dst: '10.0.0.3',
        len: 60,
        ttl: 64,
        id: 4667,
        proto: 'TCP',
        sport: 43482,
        dport: 20202,
        flags: ['SYN'],
        icmpType: null,
        icmpCode: null,
        fields: {
          IN: 'eth0', OUT: '', MAC: '52:54:00:00:00:03:52:54:00:00:02:08:08:00', SRC: '10.0.2.8', DST: '10.0.0.3', LEN: '60',
          TOS: '0x00', PREC: '0x00', TTL: '64', ID: '4667', DF: '', PROTO: 'TCP', SPT: '43482', DPT: '20202', WINDOW: '64240',
          RES: '0x00', URGP: '0',
        },
      },
    });
  });

  it('keeps plain kernel messages as log lines without packet or drop', () => {
    expect(records[0]).toMatchObject({ line: 1, time: { clock: 'boot', value: 5055.700743 }, text: 'eth0: entered promiscuous mode', packet: null, drop: null });
  });
});

describe('dmesg: the other cases', () => {
  it('seed-centos7: six LOG lines of 10.0.2.8:43510, IDs 24562…24567, from 6334.129398 s after boot', () => {
    const { records, warnings } = runFormat(dmesgFormat, fixture('cases/seed-centos7/dmesg.txt'));
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.packet?.id)).toEqual([24562, 24563, 24564, 24565, 24566, 24567]);
    expect(records.map((r) => r.time?.value)).toEqual([6334.129398, 6335.159375, 6336.183392, 6337.207364, 6338.231361, 6339.255386]);
    expect(records.every((r) => r.packet?.sport === 43510 && r.packet.dport === 20202 && r.packet.prefix === 'wl-before: ')).toBe(true);
  });

  it('output-synack: one LOG line (ID 42011) among promiscuous-mode messages', () => {
    const { records, warnings } = runFormat(dmesgFormat, fixture('cases/output-synack/dmesg.txt'));
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(5);
    expect(records.filter((r) => r.packet).map((r) => [r.line, r.packet!.id, r.packet!.sport])).toEqual([[3, 42011, 51440]]);
  });
});

describe('dmesg: public samples (samples/dmesg)', () => {
  it.each(fixtureFiles('samples/dmesg'))('%s is detected as dmesg and read without a warning', (path) => {
    const bytes = fixture(path);
    expect(detectedId(bytes)).toBe('dmesg');
    const { records, warnings } = runFormat(dmesgFormat, bytes);
    expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('names both conntrack "table full" forms (EL8 doubled prefix, EL6 trailing period) from /var/log/messages', () => {
    const { records, meta } = runFormat(dmesgFormat, fixture('samples/dmesg/centos8-vs-centos6-conntrack-table-full.txt'));
    expect(records.map((r) => [r.line, r.host, r.drop, r.time])).toEqual([
      [3, 'centos8', 'conntrack-table-full', { clock: 'time-of-day', value: 10 * 3600 + 3 * 60 + 53 }],
      [5, 'centos6', 'conntrack-table-full', { clock: 'time-of-day', value: 9 * 3600 + 51 * 60 + 16 }],
    ]);
    expect(meta).toEqual({ syslogDate: 'Jul 8 10:03:53' });
  });

  it('reads a UDP LOG line: the second LEN is the UDP length', () => {
    const { records } = runFormat(dmesgFormat, fixture('samples/dmesg/kubuntu-2008-dmesg-LOG-udp-inbound-prefix.txt'));
    expect(records[0].packet).toMatchObject({ prefix: 'Inbound ', proto: 'UDP', len: 116, sport: 3479, dport: 5061, flags: [] });
    expect(records[0].packet!.fields['UDP.LEN']).toBe('96');
  });

  it('reads a kern.log LOG line whose prefix is glued to IN=, keeping both clocks', () => {
    const { records, meta } = runFormat(dmesgFormat, fixture('samples/dmesg/ubuntu-kernlog-LOG-prefix-no-space-cwr-ece-syn.txt'));
    expect(records[0]).toMatchObject({
      line: 2,
      host: 'ubuntu',
      time: { clock: 'boot', value: 1662.5051 },
      syslogTime: { clock: 'time-of-day', value: 15 * 3600 + 15 * 60 + 31 },
      packet: { prefix: '[sammyne]', in: 'ens33', flags: ['CWR', 'ECE', 'SYN'], dport: 22 },
    });
    expect(records[1].packet!.flags).toEqual(['ACK']);
    expect(meta.syslogDate).toBe('Jan  9 15:15:31');
  });

  it('marks [UFW BLOCK] as a drop, reads the email-quoted syslog line cut to "kernel:"', () => {
    const { records } = runFormat(dmesgFormat, fixture('samples/dmesg/ufw-block-and-audit-syslog.txt'));
    expect(records.map((r) => [r.host, r.time, r.drop, r.packet?.prefix])).toEqual([
      ['proxy', { clock: 'boot', value: 852160.927134 }, 'ufw-block', '[UFW BLOCK] '],
      [null, { clock: 'boot', value: 274773.427931 }, null, '[UFW AUDIT] '],
    ]);
    expect(records[1].packet!.dst).toBe('10.x.x.x');
  });
});

describe('dmesg: every print style of the same lab log (test/fixtures/dmesg)', () => {
  const plain = runFormat(dmesgFormat, fixture('dmesg/lab-6.18-dmesg-LOG-tcp-udp-icmp-ipv6.txt')).records;
  const tcpAt = Date.UTC(2026, 10, 25, 1, 21, 30) / 1000;

  it.each([
    ['dmesg/lab-6.18-dmesg-LOG-tcp-udp-icmp-ipv6.txt', { clock: 'boot', value: 835.287827 }, {}],
    ['dmesg/lab-6.18-dmesg-d-delta.txt', { clock: 'boot', value: 835.287827 }, {}],
    ['dmesg/lab-6.18-dmesg-r-raw-priority.txt', { clock: 'boot', value: 835.287827 }, {}],
    ['dmesg/lab-6.18-dmesg-x-facility-level.txt', { clock: 'boot', value: 835.287827 }, {}],
    ['dmesg/lab-6.18-dmesg-T-human-time.txt', { clock: 'wall', value: tcpAt }, { timezoneAssumed: 'UTC' }],
    ['dmesg/lab-6.18-dmesg-time-format-iso.txt', { clock: 'wall', value: tcpAt + 0.287827 }, {}],
    ['dmesg/lab-6.18-dmesg-time-format-reltime.txt', null, {}],
  ])('%s: the same 8 messages, the TCP LOG line stamped %j', (path, time, meta) => {
    const result = runFormat(dmesgFormat, fixture(path));
    expect(result.warnings).toEqual([]);
    expect(result.meta).toEqual(meta);
    expect(result.records.map((r) => r.text)).toEqual(plain.map((r) => r.text));
    expect(result.records.map((r) => r.packet)).toEqual(plain.map((r) => r.packet));
    const tcp = result.records[3];
    if (time === null) expect(tcp.time).toBeNull();
    else {
      expect(tcp.time!.clock).toBe(time.clock);
      expect(tcp.time!.value).toBeCloseTo(time.value, 6);
    }
  });

  it('/dev/kmsg: µs since boot, dictionary lines skipped', () => {
    const { records, warnings } = runFormat(dmesgFormat, fixture('dmesg/lab-6.18-dev-kmsg.txt'));
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(11);
    expect(records[0]).toMatchObject({ line: 1, time: { clock: 'boot', value: 0.246828 }, text: 'acpi PNP0A08:00: _OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]' });
    expect(records.slice(3).map((r) => r.text)).toEqual(plain.map((r) => r.text));
    expect(records[6].time).toEqual({ clock: 'boot', value: 835.287827 });
  });

  it('TCP with --log-tcp-sequence/options: SEQ, ACK number and OPT are fields, only SYN is a flag', () => {
    const tcp = plain[3].packet!;
    expect(tcp).toMatchObject({ prefix: 'hl-tcp: ', id: 21311, sport: 47500, dport: 20202, flags: ['SYN'], mac: '00:00:00:00:00:00:00:00:00:00:00:00:08:00' });
    expect([tcp.fields.SEQ, tcp.fields.ACK, tcp.fields.OPT]).toEqual(['2806600894', '0', '0204FFD70402080A2721D028000000000103030A']);
  });

  it('UDP with a prefix glued to IN=', () => {
    expect(plain[4].packet).toMatchObject({ prefix: 'hl-udp:', proto: 'UDP', len: 36, id: 38060, sport: 42082, dport: 20203 });
    expect(plain[4].packet!.fields['UDP.LEN']).toBe('16');
  });

  it('ICMP port unreachable: type and code, the quoted UDP header under INNER.', () => {
    const icmp = plain[5].packet!;
    expect(icmp).toMatchObject({ prefix: '[HL UNREACH] ', proto: 'ICMP', icmpType: 3, icmpCode: 3, id: 32661, sport: null, dport: null });
    expect(icmp.fields).toMatchObject({ 'INNER.SRC': '127.0.0.1', 'INNER.ID': '38060', 'INNER.PROTO': 'UDP', 'INNER.DPT': '20203', 'INNER.LEN': '36', 'INNER.UDP.LEN': '16', 'INNER.DF': '' });
  });

  it('IPv6: addresses in RFC 5952 form (as captures print them), HOPLIMIT as ttl, no IP ID', () => {
    const v6 = plain[6].packet!;
    expect(v6).toMatchObject({ src: '::1', dst: '::1', ttl: 64, id: null, len: 80, proto: 'TCP', dport: 20204, flags: ['SYN'] });
    expect(v6.fields.SRC).toBe('0000:0000:0000:0000:0000:0000:0000:0001');
  });

  it('ICMP echo: the IP ID is the id, the echo ID (a second ID) is ICMP.ID', () => {
    const ping = plain[7].packet!;
    expect(ping).toMatchObject({ proto: 'ICMP', icmpType: 8, icmpCode: 0, id: 32667 });
    expect([ping.fields['ICMP.ID'], ping.fields.SEQ]).toEqual(['4660', '1']);
  });
});

describe('dmesg: journalctl and syslog shapes', () => {
  const LOG = 'wl-before: IN=eth0 OUT= MAC=52:54:00:00:00:03:52:54:00:00:02:08:08:00 SRC=10.0.2.8 DST=10.0.0.3 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4667 DF PROTO=TCP SPT=43482 DPT=20202 WINDOW=64240 RES=0x00 SYN URGP=0 ';
  const at = Date.UTC(2026, 10, 24, 19, 1, 36) / 1000;

  it.each([
    ['short-iso (systemd < 249)', `2026-11-24T19:01:36+0000 srv kernel: ${LOG}`, { clock: 'wall', value: at }],
    ['short-iso (+01:00)', `2026-11-24T20:01:36+01:00 srv kernel: ${LOG}`, { clock: 'wall', value: at }],
    ['short-iso-precise', `2026-11-24T19:01:36.123456+00:00 srv kernel: ${LOG}`, { clock: 'wall', value: at + 0.123456 }],
    ['short-full', `Tue 2026-11-24 19:01:36 UTC srv kernel: ${LOG}`, { clock: 'wall', value: at }],
    ['short-unix', `${at}.123456 srv kernel: ${LOG}`, { clock: 'wall', value: at + 0.123456 }],
    ['short / syslog', `Nov 24 19:01:36 srv kernel: ${LOG}`, { clock: 'time-of-day', value: 68496 }],
    ['short-precise', `Nov 24 19:01:36.250000 srv kernel: ${LOG}`, { clock: 'time-of-day', value: 68496.25 }],
    ['short-monotonic', `[ 5058.679046] srv kernel: ${LOG}`, { clock: 'boot', value: 5058.679046 }],
  ])('%s', (_name, line, time) => {
    const { records, warnings } = runFormat(dmesgFormat, `-- Logs begin at Tue 2026-11-24 18:00:01 UTC, end at Tue 2026-11-24 19:30:00 UTC. --\n${line}\n`);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0].host).toBe('srv');
    expect(records[0].time!.clock).toBe(time.clock);
    expect(records[0].time!.value).toBeCloseTo(time.value, 6);
    expect(records[0].packet?.id).toBe(4667);
  });

  it('rsyslog RFC 3339 stamp with the kernel uptime: boot time, the wall time kept as syslogTime', () => {
    const { records } = runFormat(dmesgFormat, `2026-11-24T19:01:36.123456+00:00 srv kernel: [ 5058.679046] ${LOG}\n`);
    expect(records[0].time).toEqual({ clock: 'boot', value: 5058.679046 });
    expect(records[0].syslogTime!.value).toBeCloseTo(at + 0.123456, 6);
  });

  it('keeps other programs\' lines of /var/log/messages with their tag, never as drops or packets of the kernel', () => {
    const { records } = runFormat(dmesgFormat, 'Nov 24 19:01:37 srv sshd[812]: Accepted publickey for root from 10.0.2.7 port 40022\n');
    expect(records[0]).toMatchObject({ host: 'srv', text: 'sshd[812]: Accepted publickey for root from 10.0.2.7 port 40022', packet: null, drop: null });
  });

  it('strips the printk caller id (CONFIG_PRINTK_CALLER)', () => {
    const { records } = runFormat(dmesgFormat, `[ 5058.679046] [  T123] ${LOG}\n[    5.123456][    T1] Run /init as init process\n`);
    expect(records.map((r) => r.text)).toEqual([LOG.trim(), 'Run /init as init process']);
  });

  it('reads dmesg -t (no stamps): LOG lines with no time', () => {
    const { records, warnings } = runFormat(dmesgFormat, `${LOG}\n${LOG}\n`);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.time, r.packet?.id])).toEqual([[null, 4667], [null, 4667]]);
  });

  it('names other drop messages: SYN flood without cookies, neighbour table overflow, martians', () => {
    const { records } = runFormat(dmesgFormat, [
      '[ 100.000001] TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:80. Dropping request.  Check SNMP counters.',
      '[ 100.000002] TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:80. Sending cookies.  Check SNMP counters.',
      '[ 100.000003] neighbour: arp_cache: neighbor table overflow!',
      '[ 100.000004] IPv4: martian source 10.0.0.3 from 127.0.0.1, on dev eth0',
      '[ 100.000005] IPv4: martian destination 0.0.0.0 from 10.0.2.8, dev eth0',
    ].join('\n'));
    expect(records.map((r) => r.drop)).toEqual(['syn-flood', null, 'neighbour-table-overflow', 'martian-source', 'martian-destination']);
  });
});

describe('dmesg: bad input never throws; every unused line is a warning with its number', () => {
  const hiddenHook = text('cases/hidden-hook/dmesg.txt');
  const expected = runFormat(dmesgFormat, hiddenHook).records;

  it('empty input: nothing, silently', () => {
    expect(runFormat(dmesgFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
  });

  it('one byte', () => {
    expect(runFormat(dmesgFormat, '\n')).toEqual({ records: [], warnings: [], meta: {} });
    const one = runFormat(dmesgFormat, 'x');
    expect(one.records).toEqual([]);
    expect(one.warnings).toEqual([{ code: 'dmesg/not-a-log-line', message: 'no kernel log time stamp or syslog prefix: "x"', line: 1 }]);
  });

  it('garbage: warnings with line numbers, listed up to 20 then summed up', () => {
    const garbage = Array.from({ length: 50 }, (_, i) => `\u0001\u00ff garbage ${i} ###`).join('\n');
    const { records, warnings } = runFormat(dmesgFormat, garbage);
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(21);
    expect(warnings.slice(0, 20).map((w) => w.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(warnings[20].message).toMatch(/^30 more lines/);
  });

  it('a copy cut inside a LOG line: the lines before are intact, the cut one is kept and flagged', () => {
    const cut = hiddenHook.slice(0, hiddenHook.indexOf('ID=4669') + 'ID=4669'.length);
    const { records, warnings } = runFormat(dmesgFormat, cut);
    expect(records.slice(0, 4)).toEqual(expected.slice(0, 4));
    expect(records[4]).toMatchObject({ line: 5, packet: { id: 4669, proto: null } });
    expect(warnings).toEqual([{ code: 'dmesg/cut-log-line', message: expect.stringContaining('LOG line ends before its protocol fields'), line: 5 }]);
  });

  it('one huge line', () => {
    const { records, warnings } = runFormat(dmesgFormat, `${'A'.repeat(200000)}\n${hiddenHook}`);
    expect(records).toHaveLength(10);
    expect(records[0].line).toBe(2);
    expect(warnings).toEqual([{ code: 'dmesg/line-too-long', message: 'line of 200000 characters: not a kernel log line', line: 1 }]);
  });

  it('CRLF line ends and dmesg --color ANSI codes read as the plain file', () => {
    const coloured = hiddenHook.split('\n').map((l) => l.replace(/^(\[[^\]]+\])/, '\u001b[32m$1\u001b[0m')).join('\r\n');
    const { records, warnings } = runFormat(dmesgFormat, coloured, 7);
    expect(warnings).toEqual([]);
    expect(records).toEqual(expected);
  });

  it('an email-quoted copy with the command line reads as the plain file', () => {
    const quoted = `> # dmesg | tail\n${hiddenHook.split('\n').map((l) => (l ? `> ${l}` : l)).join('\n')}`;
    const { records, warnings } = runFormat(dmesgFormat, quoted);
    expect(warnings).toEqual([]);
    expect(records.map((r) => ({ ...r, line: r.line - 1 }))).toEqual(expected);
  });

  it('LOG lines hard-wrapped at 72 columns are joined back', () => {
    const wrapped = hiddenHook.split('\n').flatMap((l) => {
      const out: string[] = [];
      let rest = l.trimEnd();
      while (rest.length > 72) {
        const cutAt = rest.lastIndexOf(' ', 72);
        out.push(rest.slice(0, cutAt));
        rest = rest.slice(cutAt + 1);
      }
      out.push(rest);
      return out;
    });
    const { records, warnings } = runFormat(dmesgFormat, wrapped.join('\n'));
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.packet, r.text, r.time])).toEqual(expected.map((r) => [r.packet, r.text, r.time]));
  });

  it('shell prompts and elisions are skipped silently, prose is not', () => {
    const { records, warnings } = runFormat(dmesgFormat, `[root@srv ~]# dmesg\n[...]\n${hiddenHook.split('\n')[2]}\nthen it stopped working\n`);
    expect(records).toHaveLength(1);
    expect(warnings).toEqual([{ code: 'dmesg/not-a-log-line', message: 'no kernel log time stamp or syslog prefix: "then it stopped working"', line: 4 }]);
  });
});

describe('dmesg probe', () => {
  it('does not claim any other format\'s fixture or sample', () => {
    const claimed = manifest()
      .filter((e) => e.format !== 'dmesg')
      .filter((e) => dmesgFormat.probe(probeInput(new Uint8Array(readFileSync(e.path)))) >= 0.3)
      .map((e) => e.path);
    expect(claimed).toEqual([]);
  });

  it('leaves kernel-log TRACE files to iptables-trace, nettrace to nettrace', () => {
    for (const path of ['samples/iptables-trace/lab-6.18-legacy-dmesg-TRACE-filter-INPUT-drop.txt', 'samples/iptables-trace/ubuntu1404-4.4-forum-2017-syslog-TRACE-policy-only.txt']) {
      expect(dmesgFormat.probe(probeInput(fixture(path)))).toBe(0.2);
    }
    expect(dmesgFormat.probe(probeInput(fixture('samples/nettrace/monitor-mode-nft-netfilter-drop.txt')))).toBeLessThan(0.1);
  });

  it('scores 0 for empty, one byte and binary input', () => {
    expect(dmesgFormat.probe(probeInput(new Uint8Array(0)))).toBe(0);
    expect(dmesgFormat.probe(probeInput(bytesOf('[')))).toBe(0);
    expect(dmesgFormat.probe(probeInput(new Uint8Array([0, 1, 2, 0xff])))).toBe(0);
  });
});
