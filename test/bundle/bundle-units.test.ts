import { describe, expect, it } from 'vitest';
import { bundleOf, roleOf } from '../../shared/bundle/bundle-layout';
import { bundleFacts, parseDate, parseUptime } from '../../shared/bundle/bundle-clock';
import { splitSections } from '../../shared/bundle/supportconfig-sections';
import { bytesSource } from '../../shared/archive/chunk-source';
import { artifactCommand } from '../../shared/bundle/bundle-commands';

describe('bundle layout', () => {
  it('recognises sos and supportconfig roots from one path', () => {
    expect(bundleOf('sosreport-srv-2024-01-01-abcdef/')).toEqual({ kind: 'sosreport', root: 'sosreport-srv-2024-01-01-abcdef' });
    expect(bundleOf('renamed/sos_commands/kernel/dmesg')).toEqual({ kind: 'sosreport', root: 'renamed' });
    expect(bundleOf('sos_commands/kernel/dmesg')).toEqual({ kind: 'sosreport', root: '' });
    expect(bundleOf('scc_srv_240101_1200/network.txt')).toEqual({ kind: 'supportconfig', root: 'scc_srv_240101_1200' });
    expect(bundleOf('x/basic-environment.txt')).toEqual({ kind: 'supportconfig', root: 'x' });
    expect(bundleOf('capture.pcap')).toBeNull();
    expect(bundleOf('hookline-srv-1/MANIFEST')).toBeNull();
    // A file merely named like a sos folder is not one.
    expect(bundleOf('sosreport-srv.tar.xz')).toBeNull();
  });

  it('maps sos file names back to the commands of the plugin sources (sos ≤ 4.2 and ≥ 4.3 names)', () => {
    const sos = { kind: 'sosreport' as const, root: '' };
    expect(roleOf(sos, 'sos_commands/firewall_tables/iptables_-t_filter_-nvL')).toMatchObject({ role: 'artifact', command: 'iptables -t filter -nvL', format: 'iptables-list' });
    expect(roleOf(sos, 'sos_commands/networking/iptables_-t_mangle_-nvL')).toMatchObject({ format: 'iptables-list' });
    expect(roleOf(sos, 'sos_commands/conntrack/conntrack_-L_-o_extended')).toMatchObject({ format: 'conntrack' });
    expect(roleOf(sos, 'sos_commands/conntrack/ip_netns_exec_srv_conntrack_-S')).toMatchObject({ format: 'conntrack', namespace: 'srv' });
    expect(roleOf(sos, 'sos_commands/networking/namespaces/srv/ip_netns_exec_srv_iptables-save')).toMatchObject({ format: 'iptables-save', namespace: 'srv' });
    expect(roleOf(sos, 'sos_commands/networking/nstat_-zas')).toMatchObject({ format: 'nstat' });
    expect(roleOf(sos, 'sos_commands/networking/ethtool_-S_eth0')).toMatchObject({ format: 'tc-stats' });
    expect(roleOf(sos, 'sos_commands/date/date_--utc')).toEqual({ role: 'fact', fact: 'date-utc', command: 'date --utc' });
    expect(roleOf(sos, 'sos_commands/networking/ethtool_-i_eth0')).toBeNull();
    expect(roleOf(sos, 'sos_commands/networking/netstat_-W_-neopa')).toBeNull();
    expect(roleOf(sos, 'etc/sysconfig/iptables')).toBeNull();
    expect(roleOf(sos, 'proc/net/nf_conntrack')).toMatchObject({ format: 'conntrack' });
  });

  it('reads supportconfig commands with their full binary path', () => {
    expect(artifactCommand('/usr/sbin/iptables -t nat -nvL')?.format).toBe('iptables-list');
    expect(artifactCommand('/usr/sbin/iptables-save -t filter')?.format).toBe('iptables-save');
    expect(artifactCommand('/usr/sbin/iptables -t filter -F')).toBeNull();
  });
});

describe('supportconfig sections', () => {
  it('splits on #==[ … ]== headers with the label line, keeps line numbers, ignores text before the first', () => {
    const text = 'preamble\n#==[ Command ]=====#\n# /usr/bin/uptime\n 10:00:00 up 1 day,  2:03,  1 user,  load average: 0.00\n\n#==[ Configuration File ]==#\n# /etc/hosts\n127.0.0.1 localhost\n#==[ Note ]==#\n';
    const s = splitSections(bytesSource('network.txt', new TextEncoder().encode(text)));
    expect(s.map((x) => [x.kind, x.label, x.line])).toEqual([['Command', '/usr/bin/uptime', 4], ['Configuration File', '/etc/hosts', 8], ['Note', '', 10]]);
    expect(new TextDecoder().decode(s[0].body)).toBe(' 10:00:00 up 1 day,  2:03,  1 user,  load average: 0.00\n\n');
    expect(splitSections(bytesSource('empty.txt', new Uint8Array(0)))).toEqual([]);
    expect(splitSections(bytesSource('junk.txt', new Uint8Array([0x23, 0x3d, 0x3d, 0x5b, 0xff, 0x00])))).toEqual([]);
  });
});

describe('bundle clock', () => {
  it('parses date and uptime as the C locale prints them', () => {
    expect(parseDate('Wed Nov 25 03:40:04 UTC 2026')).toEqual({ epoch: Date.UTC(2026, 10, 25, 3, 40, 4) / 1000, tod: 3 * 3600 + 40 * 60 + 4, zone: 'UTC' });
    expect(parseDate('Wed Nov 25 04:40:04 CET 2026')?.epoch).toBeNull();
    expect(parseDate('25.11.2026 04:40')).toBeNull();
    expect(parseUptime(' 03:40:05 up  2:32,  0 user,  load average: 3.91, 2.21, 1.81')).toEqual({ tod: 13205, up: 9120 });
    expect(parseUptime(' 10:00:00 up 3 days, 17 min,  2 users,  load average: 0.1')).toEqual({ tod: 36000, up: 3 * 86400 + 17 * 60 });
    expect(parseUptime('garbage')).toBeNull();
  });

  it('anchors wall and uptime, using date (local) against date --utc for uptime\'s local time of day', () => {
    const f = bundleFacts({ date: 'Wed Nov 25 04:40:04 CET 2026\n', dateUtc: 'Wed Nov 25 03:40:04 UTC 2026\n', uptime: ' 04:40:10 up  2:32,  1 user,  load average: 0', hostname: 'srv\n' }, 'test');
    expect(f.host).toBe('srv');
    expect(f.anchors).toHaveLength(1);
    expect(f.anchors[0].wall).toBe(Date.UTC(2026, 10, 25, 3, 40, 10) / 1000);
    expect(f.anchors[0].boot).toBe(9120);
    expect(f.anchors[0].uncertainty).toBe(61);
    const local = bundleFacts({ date: 'Wed Nov 25 04:40:04 CET 2026', uptime: ' 04:40:10 up  2:32,  1 user,  load average: 0' }, 'test');
    expect(local.anchors).toEqual([]);
    expect(local.anchorProblem).toMatch(/local time \(CET\)/);
  });
});
