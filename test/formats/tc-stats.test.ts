import { describe, expect, it } from 'vitest';
import { tcStatsFormat } from '../../shared/formats/tc-stats.format';
import type { CounterFact } from '../../shared/model/log-line';
import type { QdiscFact } from '../../shared/model/qdisc';
import { detectedId, fixture, fixtureFiles, runFormat } from './run-text-format';

const read = (path: string) => runFormat(tcStatsFormat, fixture(path));
const text = (path: string) => new TextDecoder().decode(fixture(path));
const facts = (records: Array<CounterFact | QdiscFact>) => records.filter((r): r is QdiscFact => r.kind === 'qdisc');
/** scope → name → value. */
function counters(records: Array<CounterFact | QdiscFact>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of records) if (r.kind === 'counter') (out[r.scope] ??= {})[r.name] = r.value;
  return out;
}

describe('tc-stats: every sample and recording is detected and read without a warning', () => {
  it.each([...fixtureFiles('samples/tc-stats'), ...fixtureFiles('tc-stats')])('%s', (file) => {
    const bytes = fixture(file);
    expect(detectedId(bytes)).toBe('tc-stats');
    const { records, warnings } = runFormat(tcStatsFormat, bytes);
    expect(warnings).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('tc -s qdisc', () => {
  it('tbf that dropped: one QdiscFact and its counters, scope = handle when no device is printed', () => {
    const { records } = read('samples/tc-stats/lab-6.18-tc-s-qdisc-tbf-drops.txt');
    expect(facts(records)).toEqual([{ kind: 'qdisc', line: 1, object: 'qdisc', type: 'tbf', device: null, handle: '1:', parent: 'root', scope: '1:', params: 'refcnt 3 rate 256Kbit burst 1600b lat 43.8ms' }]);
    expect(counters(records)).toEqual({ '1:': { sent_bytes: 1089982, sent_packets: 767, dropped: 1426, overlimits: 3671, requeues: 0, backlog_bytes: 0, backlog_packets: 0 } });
  });

  it('htb root, pfifo leaf and ingress: the leaf and ingress drops are told apart', () => {
    const { records } = read('samples/tc-stats/lab-6.18-tc-s-qdisc-htb-pfifo-ingress-drops.txt');
    expect(facts(records).map((f) => [f.type, f.handle, f.parent])).toEqual([['htb', '1:', 'root'], ['pfifo', '10:', '1:10'], ['ingress', 'ffff:', 'ffff:fff1']]);
    const c = counters(records);
    expect([c['1:'].dropped, c['10:'].dropped, c['10:'].overlimits, c['ffff:'].dropped, c['ffff:'].sent_packets]).toEqual([193, 193, 0, 5, 767]);
  });

  it('lab recording without `dev`: every line names its device (`eth0:1:`, `lo:0:`)', () => {
    const { records } = read('tc-stats/lab-6.18-tc-s-qdisc-show-all-devices-tbf.txt');
    expect(facts(records).map((f) => [f.type, f.device, f.scope])).toEqual([['noqueue', 'lo', 'lo:0:'], ['tbf', 'eth0', 'eth0:1:']]);
    expect(counters(records)['eth0:1:']).toMatchObject({ sent_packets: 303, dropped: 566, overlimits: 1466 });
  });

  it('public mq with fq_codel leaves: the device from the prompt, leaves told apart by parent, xstats read', () => {
    const { records } = read('tc-stats/public-blog-2016-ath10k-tc-s-qdisc-show-dev-mq-fq_codel.txt');
    expect(facts(records).map((f) => f.scope)).toEqual(['wlp4s0:0:', 'wlp4s0:0: parent :1', 'wlp4s0:0: parent :2', 'wlp4s0:0: parent :3', 'wlp4s0:0: parent :4']);
    expect(counters(records)['wlp4s0:0: parent :3']).toEqual({
      sent_bytes: 8340546509, sent_packets: 6163431, dropped: 0, overlimits: 0, requeues: 0, backlog_bytes: 0, backlog_packets: 0,
      maxpacket: 68130, drop_overlimit: 0, new_flow_count: 120050, ecn_mark: 0, new_flows_len: 1, old_flows_len: 3,
    });
  });

  it('public Cilium node: clsact drops on the lxc devices', () => {
    const c = counters(read('tc-stats/public-cilium-node-tc-s-qdisc-show-clsact-fq_codel.txt').records);
    const dropping = Object.entries(c).filter(([, v]) => v.dropped > 0).map(([scope, v]) => [scope, v.dropped]);
    expect(dropping).toEqual([['lxcf57d951d1bb3:ffff:', 16], ['lxc5ca0daa43914:ffff:', 14], ['lxcf9e134da9662:ffff:', 13]]);
    expect(c['ens18:0:'].new_flow_count).toBe(15914);
  });
});

describe('tc -s class and tc -s filter', () => {
  it('htb class: lended / borrowed / giants and negative tokens', () => {
    const { records } = read('samples/tc-stats/lab-6.18-tc-s-class-htb.txt');
    expect(facts(records)).toEqual([{ kind: 'qdisc', line: 1, object: 'class', type: 'htb', device: null, handle: '1:10', parent: 'root', scope: '1:10', params: 'leaf 10: prio 0 rate 512Kbit ceil 512Kbit burst 1600b cburst 1600b' }]);
    expect(counters(records)['1:10']).toMatchObject({ dropped: 193, overlimits: 505, lended: 1010, borrowed: 0, giants: 0, tokens: -350880, ctokens: -350880 });
  });

  it('u32 filter with a mirred action: the action\'s statistics under its own scope', () => {
    const { records } = read('samples/tc-stats/lab-6.18-tc-s-filter-ingress-u32-mirred-overlimits.txt');
    expect(facts(records)).toEqual([{
      kind: 'qdisc', line: 5, object: 'filter-action', type: 'mirred', device: null, handle: 'ffff: pref 10 fh 800::800 action 1', parent: null,
      scope: 'ffff: pref 10 fh 800::800 action 1', params: '(Egress Redirect to device tr-ifb0) stolen',
    }]);
    expect(counters(records)).toEqual({ 'ffff: pref 10 fh 800::800 action 1': { sent_bytes: 420, sent_packets: 5, dropped: 0, overlimits: 5, requeues: 0, backlog_bytes: 0, backlog_packets: 0 } });
  });

  it('a pasted command line names the device when tc does not', () => {
    const { records } = runFormat(tcStatsFormat, `# tc -s qdisc show dev eth0\n${text('samples/tc-stats/lab-6.18-tc-s-qdisc-tbf-drops.txt')}`);
    expect(facts(records)[0]).toMatchObject({ device: 'eth0', scope: 'eth0:1:' });
  });
});

describe('ethtool -S', () => {
  it('counters by their driver names; without the command line the scope is empty and meta says why', () => {
    const { records, meta } = read('samples/tc-stats/lab-6.18-ethtool-S-veth.txt');
    expect(records).toHaveLength(10);
    expect(records[0]).toEqual({ kind: 'counter', line: 2, scope: '', name: 'peer_ifindex', value: 2 });
    expect((records as CounterFact[]).find((r) => r.name === 'rx_queue_0_drops')?.value).toBe(0);
    expect(meta.device).toContain('not printed');
  });

  it('with `ethtool -S tr-ifb0` kept above, the device is the scope', () => {
    const { records, meta } = runFormat(tcStatsFormat, `$ ethtool -S tr-ifb0\n${text('samples/tc-stats/lab-6.18-ethtool-S-ifb.txt')}`);
    expect(meta).toEqual({});
    expect((records as CounterFact[]).map((r) => `${r.scope} ${r.name}`)).toEqual(['tr-ifb0 rx_queue_0_packets', 'tr-ifb0 rx_queue_0_bytes', 'tr-ifb0 tx_queue_0_packets', 'tr-ifb0 tx_queue_0_bytes']);
  });
});

describe('tc-stats: bad input never throws; unused lines are warnings with their number', () => {
  it('empty input', () => {
    expect(runFormat(tcStatsFormat, '')).toEqual({ records: [], warnings: [], meta: {} });
  });

  it('a stats line nothing reads is named; backlog sizes in Kb are scaled', () => {
    const { records, warnings } = runFormat(tcStatsFormat, 'qdisc pfifo 10: parent 1:10 limit 5p\n Sent 10 bytes 1 pkt (dropped 0, overlimits 0 requeues 0)\n backlog 32Kb 22p requeues 0\n ???\n');
    expect(counters(records)['10:']).toMatchObject({ backlog_bytes: 32768, backlog_packets: 22 });
    expect(warnings).toEqual([{ code: 'tc-stats/stats-line', line: 4, message: 'statistics line not read: "???"' }]);
  });

  it('garbage: 20 warnings then a summary; CRLF and 2-byte chunks read as the plain file', () => {
    expect(runFormat(tcStatsFormat, Array.from({ length: 30 }, () => '@@ ##').join('\n')).warnings).toHaveLength(21);
    const plain = text('samples/tc-stats/lab-6.18-tc-s-qdisc-htb-pfifo-ingress-drops.txt');
    expect(runFormat(tcStatsFormat, plain.split('\n').join('\r\n'), 2)).toEqual(runFormat(tcStatsFormat, plain));
  });
});
