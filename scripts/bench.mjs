// `npm run bench [-- --pcap-mb N --perf-mb N --runs N --pcap FILE --tshark]`: measures whole processes side by side in
// one run and prints RATIOS (the machine's speed cancels out), plus peak RSS; writes test-results/bench.json.
// Not a test: no pass/fail. Inputs are generated deterministically (bench/make-inputs.mjs) unless --pcap is given
// (e.g. the capture ../shared/lab/make-big-pcap.sh records).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePcap, makePerfScript } from '../bench/make-inputs.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const pcapMb = Number(opt('--pcap-mb', 1024));
const perfMb = Number(opt('--perf-mb', 500));
const runs = Number(opt('--runs', 3));
const dir = mkdtempSync(join(tmpdir(), 'hookline-bench-'));
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

if (!existsSync('out/cli/hookline.mjs')) spawnSync('node', ['scripts/build-cli.mjs'], { stdio: 'inherit' });
let pcap = opt('--pcap', null);
if (!pcap) {
  pcap = join(dir, 'bench.pcap');
  process.stderr.write(`bench: writing a ${pcapMb} MB pcap …\n`);
  await makePcap(pcap, pcapMb * 1024 * 1024);
}
const perf = join(dir, 'perf-script.txt');
process.stderr.write(`bench: writing a ${perfMb} MB perf script …\n`);
await makePerfScript(perf, perfMb * 1024 * 1024);

/** Runs a command `runs` times (after a warm-up); median seconds and peak RSS (MB) from GNU time. */
function measure(label, cmd, argv) {
  const times = [];
  let rss = 0;
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) return { label, error: (r.stderr ?? '').trim().split('\n').slice(-2).join(' ') };
    if (i > 0) times.push(s);
    rss = Math.max(rss, Number((r.stderr ?? '').trim().split('\n').pop()) / 1024);
  }
  times.sort((a, b) => a - b);
  return { label, seconds: times[Math.floor(times.length / 2)], peakRssMb: Math.round(rss) };
}

const size = statSync(pcap).size;
const results = {
  pcapBytes: size,
  perfBytes: statSync(perf).size,
  pcap: [
    measure('cat', 'cat', [pcap]),
    measure('sha256 (node:crypto)', 'node', ['bench/sha256-file.mjs', pcap]),
    measure('hookline analyze --json', 'node', ['bin/hookline.mjs', 'analyze', '--json', pcap]),
    measure('pcap-parser 5-tuple', 'node', ['bench/pcap-parser-read.cjs', pcap]),
    ...(has('tcpdump') ? [measure('tcpdump -nn -r', 'tcpdump', ['-nn', '-r', pcap])] : []),
    ...(has('tshark') && args.includes('--tshark') ? [measure('tshark -T fields', 'tshark', ['-r', pcap, '-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'ip.proto'])] : []),
  ],
  perfScript: [measure('cat', 'cat', [perf]), measure('hookline analyze --json', 'node', ['bin/hookline.mjs', 'analyze', '--json', perf])],
  cases: ['hidden-hook', 'output-synack', 'seed-centos7'].map((c) => measure(`verdict ${c}`, 'node', ['bin/hookline.mjs', 'analyze', '--json', `test/fixtures/cases/${c}`])),
};

const hash = results.pcap.find((r) => r.label.startsWith('sha256'));
const ingest = results.pcap.find((r) => r.label.startsWith('hookline'));
const line = (r, base) => `  ${r.label.padEnd(26)} ${r.error ? `failed: ${r.error}` : `${r.seconds.toFixed(2).padStart(7)} s  ${String(r.peakRssMb).padStart(6)} MB  ${base && !base.error ? `${(r.seconds / base.seconds).toFixed(2)}× the hash` : ''}`}`;
console.log(`pcap ${(size / 1e6).toFixed(0)} MB:`);
for (const r of results.pcap) console.log(line(r, hash));
if (ingest && !ingest.error) {
  for (const r of results.pcap) if (!r.error && r !== ingest && !/cat|sha256/.test(r.label)) console.log(`  hookline ingest is ${(r.seconds / ingest.seconds).toFixed(1)}× faster than ${r.label}`);
  console.log(`  throughput ${(size / 1e6 / ingest.seconds).toFixed(0)} MB/s`);
}
const perfIngest = results.perfScript[1];
console.log(`perf script ${(results.perfBytes / 1e6).toFixed(0)} MB:`);
for (const r of results.perfScript) console.log(line(r, null));
if (!perfIngest.error) console.log(`  parse throughput ${(results.perfBytes / 1e6 / perfIngest.seconds).toFixed(0)} MB/s`);
console.log('fixture cases (whole process):');
for (const r of results.cases) console.log(line(r, null));
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify(results, null, 2));
console.log('written: test-results/bench.json');
