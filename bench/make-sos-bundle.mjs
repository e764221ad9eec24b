// Makes a 20 000-file sosreport-layout bundle for timing how fast a bundle opens (issue 11: under 5 s).
//   node bench/make-sos-bundle.mjs [FILES] [OUT.tar.xz]
// The few files Hookline reads are the real sos command outputs of test/fixtures/bundles/sos-iptables-nft-drop;
// the rest is deterministic filler shaped like a sosreport's bulk (etc/, proc/, sys/, var/log/, other plugins'
// sos_commands) so the reader has to skip thousands of members by name. Packed with the system's tar + xz.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const total = Number(process.argv[2] ?? 20000);
const out = resolve(process.argv[3] ?? 'test-results/sosreport-bench-20000.tar.xz');
const fixture = 'test/fixtures/bundles/sos-iptables-nft-drop';
const work = mkdtempSync(join(tmpdir(), 'hookline-sos-bench-'));
const root = join(work, 'sosreport-benchhost-2026-01-01-abcdefg');
mkdirSync(root, { recursive: true });
// The real relevant files: unpack the fixture's sosreport and keep its layout.
const real = readdirSync(fixture).find((f) => f.endsWith('.tar.xz'));
execFileSync('tar', ['-xJf', join(fixture, real), '-C', work]);
const unpacked = readdirSync(work).find((d) => d.startsWith('sosreport-') && d !== 'sosreport-benchhost-2026-01-01-abcdefg');
cpSync(join(work, unpacked), root, { recursive: true });
rmSync(join(work, unpacked), { recursive: true });
let n = 0;
const count = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((k, e) => k + (e.isDirectory() ? count(join(dir, e.name)) : 1), 0);
n = count(root);
const areas = ['etc/sysconfig', 'proc/sys/net/ipv4/conf', 'sys/class/net', 'var/log/audit', 'sys/module', 'sos_commands/block', 'sos_commands/rpm', 'etc/systemd/system', 'proc/irq'];
let i = 0;
let seed = 1;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
while (n < total) {
  const dir = join(root, areas[i % areas.length], `d${Math.floor(i / 200)}`);
  mkdirSync(dir, { recursive: true });
  const lines = 1 + Math.floor(rnd() * 40);
  writeFileSync(join(dir, `f${i}`), Array.from({ length: lines }, (_, k) => `key_${i}_${k} = ${Math.floor(rnd() * 1e9)}`).join('\n') + '\n');
  n++;
  i++;
}
mkdirSync(resolve(out, '..'), { recursive: true });
execFileSync('tar', ['-C', work, '-cJf', out, 'sosreport-benchhost-2026-01-01-abcdefg']);
rmSync(work, { recursive: true });
console.log(`${out}: ${n} files, ${statSync(out).size} bytes`);
