import { describe, expect, it } from 'vitest';
import { stapFormat } from '../../shared/formats/stap.format';
import {
  crlfAnsi, emailQuoted, fixtureBytes, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith, warningLines,
} from './trace-test-kit';

const frame = (address: string, symbol: string, offset: number, module: string | null = null) => ({ address, symbol, offset, module });
const seed = 'cases/seed-centos7/stap-mydropwatch.txt';

describe('stap: seed-centos7 mydropwatch.stp (backtraces per drop, 5-second summaries)', () => {
  const { records, warnings, meta } = parseFixture(stapFormat, seed);

  it('yields 8 backtrace drops and 2 summaries in file order, without warnings', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.type])).toEqual([
      [7, 23, 'kfree_skb'], [24, 40, 'kfree_skb'], [41, 57, 'kfree_skb'], [58, 74, 'kfree_skb'],
      [77, 77, 'drop-summary'],
      [78, 94, 'kfree_skb'], [95, 111, 'kfree_skb'], [112, 128, 'kfree_skb'], [129, 145, 'kfree_skb'],
      [148, 148, 'drop-summary'],
    ]);
  });

  it('makes each backtrace without a printf line its own drop, located at the frame below kfree_skb', () => {
    const drop = records[0];
    expect(drop).toMatchObject({ name: 'stap:backtrace', time: null, skb: null, location: frame('0xffffffff8157d2b3', 'nf_hook_slow', 0xf3) });
    expect(drop.stack).toHaveLength(17);
    expect(drop.stack.slice(0, 3)).toEqual([
      frame('0xffffffff8155acc8', 'kfree_skb', 0x98),
      frame('0xffffffff8157d2b3', 'nf_hook_slow', 0xf3),
      frame('0xffffffff81586f8e', 'ip_local_deliver', 0x5e),
    ]);
    // `[kernel]` is vmlinux (module null); a real module keeps its name.
    expect(drop.stack[9]).toEqual(frame('0xffffffffa00d0515', 'virtnet_poll', 0x265, 'virtio_net'));
  });

  it('never gives a summary the frames printed after it; each summary counts the drops printed before its header', () => {
    const summaries = records.filter((r) => r.type === 'drop-summary');
    expect(summaries.map((r) => [r.count, r.time])).toEqual([
      [4, { clock: 'wall', value: Date.UTC(2026, 10, 24, 19, 22, 55) / 1000 }],
      [4, { clock: 'wall', value: Date.UTC(2026, 10, 24, 19, 23, 0) / 1000 }],
    ]);
    // The summary borrows the callchain of a drop at its address from its own interval (the 4 blocks before it).
    expect(summaries[0]).toMatchObject({ name: 'stap:summary', location: frame('0xffffffff8157d2b3', 'nf_hook_slow', 0xf3), args: { at: 'ffffffff8157d2b3 (nf_hook_slow)' } });
    expect(summaries[0].stack).toEqual(records[3].stack);
    expect(records.slice(0, 4).every((r) => r.type === 'kfree_skb')).toBe(true);
  });

  it('keeps stap passes and the script banners as meta', () => {
    expect(meta.pass5).toBe('run completed in 10usr/40sys/19726real ms.');
    expect(meta.pass1).toMatch(/^parsed user script and 474 library scripts/);
    expect(meta.banners).toBe('Monitoring for dropped packets | Stopping dropped packet monitor');
  });
});

describe('stap: printf lines and the backtraces they own', () => {
  it('gives a backtrace to the printf line right before it, with the facts the line prints', () => {
    const text = [
      '12:00:01.000100 drop skb=0xffff88003ebb2100 10.0.2.8:43482 -> 10.0.0.3:20202',
      ' 0xffffffff8155acc8 : kfree_skb+0x98/0xa0 [kernel]',
      ' 0xffffffff8157d2b3 : nf_hook_slow+0xf3/0x190 [kernel]',
      '12:00:02.000100 hook returned 0 for skb=0xffff88003ebb2e00',
      '',
      '2 packets dropped at location 0xffffffff8157d2b3',
    ].join('\n');
    const { records, warnings } = parseWith(stapFormat, text);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.type, r.skb])).toEqual([
      [1, 3, 'kfree_skb', '0xffff88003ebb2100'],
      [4, 4, 'probe', '0xffff88003ebb2e00'],
      [6, 6, 'drop-summary', null],
    ]);
    expect(records[0]).toMatchObject({
      name: 'stap:printf',
      time: { clock: 'time-of-day', value: 43201.0001 },
      tuple: { proto: null, src: '10.0.2.8', sport: 43482, dst: '10.0.0.3', dport: 20202 },
      location: frame('0xffffffff8157d2b3', 'nf_hook_slow', 0xf3),
    });
  });
});

describe('stap: the public samples', () => {
  it('CentOS 7 print_backtrace without a leading space: one probe hit located at its leaf', () => {
    const { records, warnings } = parseFixture(stapFormat, 'samples/stap/centos7-3.10-print_backtrace-nf_hook_slow-ixgbe.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: 'probe', line: 1, endLine: 18, location: frame('0xffffffff815a6a0b', 'nf_hook_slow', 0xeb) });
    expect(records[0].stack[10]).toEqual(frame('0xffffffffa0164df6', 'ixgbe_clean_rx_irq', 0x466, 'ixgbe'));
  });

  it('the Beginners Guide dropwatch.stp: `at location %p` summaries without time', () => {
    const { records, warnings } = parseFixture(stapFormat, 'samples/stap/dropwatch-stp-beginners-guide.txt');
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.count, r.location?.address])).toEqual([
      [51, '0xffffffff8024cd0f'], [2, '0xffffffff8044b472'], [51, '0xffffffff8024cd0f'],
      [1, '0xffffffff8044b472'], [97, '0xffffffff8024cd0f'], [1, '0xffffffff8044b472'],
    ]);
    expect(records.every((r) => r.type === 'drop-summary' && r.time === null)).toBe(true);
  });

  it('RHEL5 i686 print_stack: empty `[]` modules, a bare unresolved frame, the Exec line owning its frames', () => {
    const { records, warnings } = parseFixture(stapFormat, 'samples/stap/rhel5-i686-print_stack-empty-module-brackets.txt');
    expect(records.map((r) => [r.line, r.endLine, r.type, r.args.Exec])).toEqual([
      [12, 17, 'probe', 'crond'],
      [20, 35, 'probe', 'httpd'],
    ]);
    expect(records[0].stack[0]).toEqual(frame('0xc045d717', 'kmem_cache_alloc', 0x2));
    expect(records[0].stack[1]).toEqual(frame('0xf890da44', 'ext3_readdir', 0x9c, 'ext3'));
    expect(records[1].stack[14]).toEqual({ address: '0x0000000c', symbol: null, offset: null, module: null });
    // This script counts slab allocations per process: its tally lines carry no packet fact and are reported.
    expect(warningLines(warnings)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((line) => ({ line, code: 'stap/unrecognised-line' })));
  });
});

describe('stap: pasted copies read like the original', () => {
  const original = parseFixture(stapFormat, seed);
  const text = fixtureText(seed);

  it('reads an e-mail quoted copy to the same records', () => {
    expect(parseWith(stapFormat, emailQuoted(text)).records).toEqual(original.records);
  });

  it('reads a CRLF copy with ANSI colour to the same records, chunk size 7', () => {
    expect(parseWith(stapFormat, crlfAnsi(text), 7).records).toEqual(original.records);
  });
});

describe('stap: probe', () => {
  it('claims its own files', () => {
    expect(probeWith(stapFormat, fixtureBytes(seed))).toBeGreaterThanOrEqual(0.85);
  });

  it.each(otherFormatFixtures('stap'))('does not claim %s', (path) => {
    expect(probeWith(stapFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('stap: bad input', () => {
  itSurvivesBadInput(stapFormat, seed);
});
