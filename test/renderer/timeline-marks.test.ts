// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import type { IngestRequest } from '../../renderer/src/engine/engine-api';
import { createEngineSession } from '../../renderer/src/engine/engine-session';
import { maxLineChars, maxTextPage } from '../../renderer/src/engine/text-pages';
import { markKind } from '../../renderer/src/engine/timeline-data';
import { wallMicros } from '../../renderer/src/engine/timeline-marks';
import { isoToMicros, microsToIso } from '../../renderer/src/text/iso-micros';
import { hiddenHookFiles, perfScriptText } from './hidden-hook-files';
import { memoryFile, memoryHost } from './memory-engine';

function request(files: File[]): IngestRequest {
  return { batch: 1, files, names: files.map((f) => f.name), cancel: new Int32Array(files.length + 1) };
}

async function hiddenHookSession() {
  const session = createEngineSession(memoryHost());
  await session.ingest(request(hiddenHookFiles()), () => {});
  return session;
}

describe('iso ↔ µs', () => {
  test('keeps the microseconds Date.parse drops, both ways', () => {
    expect(isoToMicros('2026-11-24T19:01:36.065443Z')).toBe(Date.UTC(2026, 10, 24, 19, 1, 36) * 1000 + 65443);
    expect(microsToIso(isoToMicros('2026-11-24T19:01:36.065443Z')!)).toBe('2026-11-24T19:01:36.065443Z');
    expect(isoToMicros('2026-11-24T19:01:36Z')).toBe(Date.UTC(2026, 10, 24, 19, 1, 36) * 1000);
    expect([isoToMicros(null), isoToMicros('yesterday'), isoToMicros('2026-11-24 19:01:36')]).toEqual([null, null, null]);
  });
});

describe('wallMicros', () => {
  const offset = { artifact: 'perf.txt', offset: 1000, uncertainty: 0.001, method: 'test' };
  test('wall times as they are, since-boot ones plus the offset, unplaceable ones null', () => {
    expect(wallMicros({ clock: 'wall', value: 12.5 }, undefined, null)).toBe(12_500_000);
    expect(wallMicros({ clock: 'boot', value: 5.000001 }, offset, null)).toBe(1_005_000_001);
    expect(wallMicros({ clock: 'boot', value: 5 }, undefined, null)).toBeNull();
    expect(wallMicros(null, offset, null)).toBeNull();
  });
  test('a time of day just after midnight belongs to the day after a capture that started the evening before', () => {
    const midnight = { artifact: 'bt.txt', offset: 86400 * 10, uncertainty: 0.05, method: 'test' };
    expect(wallMicros({ clock: 'time-of-day', value: 60 }, midnight, 86400 * 10 + 86000)).toBe((86400 * 11 + 60) * 1e6);
    expect(wallMicros({ clock: 'time-of-day', value: 60 }, midnight, 86400 * 10 + 30)).toBe((86400 * 10 + 60) * 1e6);
  });
});

describe('the timeline of the hidden-hook case', () => {
  test('one lane per timed artifact, grouped by host: c2 on its own, the kernel host with its capture first', async () => {
    const session = await hiddenHookSession();
    const verdict = session.verdict();
    const data = session.timeline();
    expect(data.groups.map((g) => [g.label, g.lanes.map((l) => l.artifact)])).toEqual([
      ['host 10.0.2.8', ['c2-eth0.pcapng']],
      ['kernel host 10.0.0.3', ['srv-eth0.pcap', 'perf-script-kfree_skb.txt', 'bpftrace-kfree_skb.txt', 'dmesg.txt', 'iptables-save-after.txt']],
    ]);
    // The before-dump has no counter step in any finding, the nft ruleset no time: both are listed off the timeline.
    expect(data.offTimeline.map((o) => o.artifact)).toEqual(['iptables-save-before.txt', 'nft-ruleset.txt']);
    const lanes = new Map(data.groups.flatMap((g) => g.lanes).map((l) => [l.artifact, l]));
    const srv = lanes.get('srv-eth0.pcap')!;
    expect(srv.refKind).toBe('packet');
    expect(srv.times.length).toBe(verdict.artifacts.find((a) => a.name === 'srv-eth0.pcap')!.records);
    // Every lane is sorted by time, and the extent covers every mark.
    for (const lane of lanes.values()) {
      for (let i = 1; i < lane.times.length; i++) expect(lane.times[i]).toBeGreaterThanOrEqual(lane.times[i - 1]);
      expect(lane.times[0]).toBeGreaterThanOrEqual(data.extent![0]);
      expect(lane.times[lane.times.length - 1]).toBeLessThanOrEqual(data.extent![1]);
    }
    expect(lanes.get('perf-script-kfree_skb.txt')!.clock).toBe('boot');
    expect(lanes.get('iptables-save-after.txt')!.clock).toBe('finding');
  });

  test("each of c2's timeline steps has a mark at the verdict's time, with the verdict's ref", async () => {
    const session = await hiddenHookSession();
    const verdict = session.verdict();
    const lanes = new Map(session.timeline().groups.flatMap((g) => g.lanes).map((l) => [l.artifact, l]));
    const c2 = verdict.findings.find((f) => f.flow.src === '10.0.2.8' && f.flow.dport === 20202)!;
    expect(c2.timeline.length).toBeGreaterThan(5);
    for (const entry of c2.timeline) {
      const lane = lanes.get(entry.artifact)!;
      const ref = Number(entry.ref.split(' ')[1]);
      const t = isoToMicros(entry.t)!;
      const at = [...lane.refs].findIndex((r, i) => r === ref && Math.abs(lane.times[i] - t) <= 1);
      expect(at, `${entry.artifact} ${entry.ref} at ${entry.t}`).toBeGreaterThanOrEqual(0);
    }
    // The drops perf saw are drop marks; the dmesg LOG lines are packet-logging marks.
    const perf = lanes.get('perf-script-kfree_skb.txt')!;
    const drop = [...perf.refs].indexOf(1649);
    expect(perf.kinds[drop]).toBe(markKind.drop);
    const dmesg = lanes.get('dmesg.txt')!;
    expect(dmesg.kinds[[...dmesg.refs].indexOf(3)]).toBe(markKind.logPacket);
    const srv = lanes.get('srv-eth0.pcap')!;
    expect(srv.kinds[[...srv.refs].indexOf(32)]).toBe(markKind.syn);
  });
});

describe('text pages', () => {
  test('serve the lines the parsers number, in pages, cleaned, and nothing for a binary capture', async () => {
    const session = await hiddenHookSession();
    const lines = perfScriptText.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const page = session.text('perf-script-kfree_skb.txt', 1426, 3);
    expect(page).toEqual({ artifact: 'perf-script-kfree_skb.txt', from: 1426, lines: lines.slice(1425, 1428), totalLines: lines.length, binary: false });
    expect(page.lines[0]).toContain('skb:kfree_skb');
    expect(session.text('perf-script-kfree_skb.txt', 1, 1e9).lines.length).toBe(Math.min(maxTextPage, lines.length));
    expect(session.text('perf-script-kfree_skb.txt', lines.length - 1, 10).lines).toEqual(lines.slice(-2));
    expect(session.text('srv-eth0.pcap', 1, 10)).toMatchObject({ lines: [], totalLines: 0, binary: true });
    expect(session.text('nope.txt', 1, 10)).toEqual({ artifact: 'nope.txt', from: 1, lines: [], totalLines: 0, binary: false });
  });

  test('CRLF, ANSI colours, a missing final newline and an over-long line', async () => {
    const session = createEngineSession(memoryHost());
    const long = 'x'.repeat(maxLineChars + 10);
    await session.ingest(request([memoryFile('crlf.txt', `one\r\n\x1b[31mtwo\x1b[0m\r\n${long}\nlast`)]), () => {});
    const page = session.text('crlf.txt', 1, 10);
    expect(page.totalLines).toBe(4);
    expect(page.lines.slice(0, 2)).toEqual(['one', 'two']);
    expect(page.lines[2]).toBe(`${'x'.repeat(maxLineChars)} … (10 more characters)`);
    expect(page.lines[3]).toBe('last');
    expect(session.text('crlf.txt', 5, 10).lines).toEqual([]);
  });
});
