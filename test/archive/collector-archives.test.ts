import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePaths } from '../../cli/analyze-paths';
import { checkManifests } from '../../shared/archive/manifest-check';
import type { Verdict } from '../../shared/model/verdict';
import { checkVerdict, type Expected } from '../engine/expected-match';

// Real archives: the fixture case packed by the usual tools, and real hookline-collect output from the lab.

const CASE = 'test/fixtures/cases/hidden-hook';
const truth = JSON.parse(readFileSync('test/fixtures/cases/hidden-hook.json', 'utf8')) as Expected;
const { formats: _names, ...truthWithoutNames } = truth; // the collector names its files its own way

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Findings with the archive prefix removed from every artifact name, to compare with the folder's. */
function findingsWithout(verdict: Verdict, prefix: string): unknown {
  return JSON.parse(JSON.stringify(verdict.findings).split(prefix).join(''));
}

describe('archives of the hidden-hook case made by tar and zip', () => {
  const folder = analyzePaths([CASE]).verdict;

  for (const [tool, file, args] of [
    ['tar', 'hh.tar.gz', ['czf']],
    ['tar', 'hh.tar', ['cf']],
    ['zip', 'hh.zip', ['-qr']],
  ] as const) {
    it.skipIf(!has(tool))(`${file} (${tool} ${args[0]}) gives the same findings as the folder`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'hookline-archive-'));
      try {
        if (tool === 'tar') execFileSync('tar', [args[0], join(dir, file), '-C', 'test/fixtures/cases', 'hidden-hook']);
        else execFileSync('zip', [args[0], join(dir, file), 'hidden-hook'], { cwd: 'test/fixtures/cases' });
        const { verdict, archiveWarnings } = analyzePaths([join(dir, file)]);
        expect(archiveWarnings).toEqual([]);
        const archive = verdict.artifacts.find((a) => a.name === file)!;
        expect(archive.format).toBe('archive');
        expect(archive.records).toBe(readdirSync(CASE).length);
        // Every member detected as the same format as the file in the folder, hashed the same.
        for (const a of folder.artifacts) {
          const member = verdict.artifacts.find((m) => m.name === `${file}/hidden-hook/${a.name}`);
          expect([member?.format, member?.sha256]).toEqual([a.format, a.sha256]);
        }
        expect(findingsWithout(verdict, `${file}/hidden-hook/`)).toEqual(folder.findings);
        expect(checkVerdict(verdict, truthWithoutNames)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it.skipIf(!has('tar') || !has('zip'))('a zip holding the .tar.gz (mailed archive) is opened one level down to the same findings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-archive-'));
    try {
      execFileSync('tar', ['czf', join(dir, 'hh.tar.gz'), '-C', 'test/fixtures/cases', 'hidden-hook']);
      execFileSync('zip', ['-q', 'mail.zip', 'hh.tar.gz'], { cwd: dir });
      const { verdict } = analyzePaths([join(dir, 'mail.zip')]);
      expect(findingsWithout(verdict, 'mail.zip/hh.tar.gz/hidden-hook/')).toEqual(folder.findings);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('real hookline-collect archives (recorded on the lab, hidden-hook scenario)', () => {
  for (const name of ['hidden-hook-perf.tar.gz', 'hidden-hook-bpftrace.tar.gz']) {
    it(`${name} gives the scenario's truth, with every file's provenance matching its MANIFEST`, () => {
      const { verdict, ingested, archiveWarnings } = analyzePaths([`test/fixtures/collector/${name}`]);
      expect(archiveWarnings).toEqual([]);
      expect(checkVerdict(verdict, truthWithoutNames)).toEqual([]);
      const formatOf = (file: string) => verdict.artifacts.find((a) => a.name.endsWith(`/${file}`))?.format;
      expect([formatOf('capture.pcap'), formatOf('clock-anchors.txt'), formatOf('MANIFEST'), formatOf('iptables-legacy-save-before.txt'), formatOf('nft-ruleset-after.txt'), formatOf('dmesg.txt')])
        .toEqual(['pcap', 'clock-anchors', 'manifest', 'iptables-save', 'nft-ruleset', 'dmesg']);
      expect(formatOf(name.includes('perf') ? 'perf-script-kfree_skb.txt' : 'bpftrace-kfree_skb.txt')).toBe(name.includes('perf') ? 'perf-script' : 'bpftrace');
      const checks = checkManifests(ingested);
      // Every packed file is in the MANIFEST with its collected hash; the 0-byte ones were not packed.
      expect(checks.filter((c) => c.status === 'mismatch')).toEqual([]);
      expect(checks.filter((c) => c.status === 'absent').every((c) => ingested.find((a) => a.summary.format === 'manifest')!.records.some((r) => r.kind === 'manifest-entry' && r.file === c.file && r.size === 0))).toBe(true);
      const members = verdict.artifacts.filter((a) => a.format !== 'archive' && !a.name.endsWith('/MANIFEST'));
      expect(members.every((a) => checks.some((c) => c.artifact === a.name && c.status === 'match'))).toBe(true);
      expect(checks.find((c) => c.file === 'capture.pcap')?.command).toBe("tcpdump -i any -nn -s 256 -U -Z root -w capture.pcap 'host 10.0.2.8'");
    });
  }

  it('a member changed after collection is reported against the MANIFEST', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-archive-'));
    try {
      execFileSync('tar', ['xzf', 'test/fixtures/collector/hidden-hook-perf.tar.gz', '-C', dir]);
      const [folder] = readdirSync(dir);
      writeFileSync(join(dir, folder, 'dmesg.txt'), 'edited by hand\n');
      const { archiveWarnings } = analyzePaths([dir]);
      expect(archiveWarnings).toEqual([`${folder}/dmesg.txt: SHA-256 differs from ${folder}/MANIFEST (changed since collection)`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
