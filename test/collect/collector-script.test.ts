import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { craftTar } from '../archive/craft-archive';
import { traceCommands } from '../../shared/correlate/missing-commands';

// The collector script as the customer's shells run it (dash = Debian's /bin/sh, bash --posix ≈ CentOS 7's sh),
// checked by shellcheck, and shipped inside the CLI bundle by `hookline collect-script`.

const SCRIPT = 'collect/hookline-collect.sh';
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const shells: Array<[string, string[]]> = [['dash', []], ['bash', ['--posix']]];

describe('collect/hookline-collect.sh', () => {
  it('passes shellcheck with nothing to report', (ctx) => {
    if (!has('shellcheck')) {
      console.log('SKIPPED: shellcheck is not installed on this machine (apt-get install shellcheck); the script was not linted');
      ctx.skip();
    }
    const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  describe.each(shells)('under %s %s', (shell, flags) => {
    const run = (...args: string[]) => spawnSync(shell, [...flags, SCRIPT, ...args], { encoding: 'utf8' });

    it('prints its usage for --help and -h (exit 0)', (ctx) => {
      if (!has(shell)) {
        console.log(`SKIPPED: ${shell} is not installed on this machine`);
        ctx.skip();
      }
      for (const flag of ['--help', '-h']) {
        const r = run(flag);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^usage: hookline-collect\.sh \[options\] PEER \[PORT\]/);
        expect(r.stdout).toContain('-d, --duration S');
      }
    });

    it('dry run: shows the capture filter, the tracer and every tool found or missing, writes nothing', (ctx) => {
      if (!has(shell)) ctx.skip();
      const dir = mkdtempSync(join(tmpdir(), 'hookline-collect-'));
      try {
        const r = run('--dry-run', '-i', 'eth0', '-d', '30', '-s', '50', '-o', dir, '-t', 'bpftrace', '2001:db8::8', '443');
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const lines = r.stdout.split('\n');
        expect(lines[1]).toBe(`peer: 2001:db8::8 port 443  interface: eth0  duration: 30s  size cap: 50 MB  output: ${dir}`);
        expect(lines[2]).toBe("capture: tcpdump -i eth0 -nn -s 256 -U -Z root -w capture.pcap 'host 2001:db8::8 and (port 443 or icmp or icmp6)'");
        expect(lines[3]).toBe(`kernel drops: ${has('bpftrace') ? 'bpftrace' : 'none'}`);
        for (const tool of ['tcpdump', 'perf', 'nft', 'sha256sum', 'tar']) expect(lines).toContain(`  ${has(tool) ? 'found  ' : 'missing'} ${tool}`);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses bad arguments with exit 2 and a reason (no host names, no shell metacharacters)', (ctx) => {
      if (!has(shell)) ctx.skip();
      const cases: Array<[string[], string]> = [
        [[], 'the peer address is required'],
        [['-n', 'evil;rm -rf /'], 'PEER must be an IPv4 or IPv6 address'],
        [['-n', 'example.com'], 'PEER must be an IPv4 or IPv6 address'],
        [['-n', '10.0.0.1', '70000'], 'PORT must be 1-65535'],
        [['-n', '-d', '0', '10.0.0.1'], 'duration must be 1-3600 seconds'],
        [['-n', '-s', 'x', '10.0.0.1'], 'size cap must be 1-100000 MB'],
        [['-n', '-i', 'eth0;id', '10.0.0.1'], 'bad interface name'],
        [['-n', '-t', 'strace', '10.0.0.1'], 'unknown tracer: strace'],
        [['--bogus', '10.0.0.1'], 'unknown option: --bogus'],
        [['-d'], '-d needs a value'],
      ];
      for (const [args, message] of cases) {
        const r = run(...args);
        expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(message)]);
      }
    });
  });

  it('--trace uses word for word the rule-trace commands the engine proposes (missing-commands.ts traceCommands)', (ctx) => {
    if (!has('dash')) ctx.skip();
    // The trace functions of the script, run on their own (the script's main part would start collecting).
    const functions = readFileSync(SCRIPT, 'utf8').split('\n');
    const from = functions.findIndex((l) => l.startsWith('trace_family()'));
    const to = functions.findIndex((l) => l.startsWith('local_address()'));
    expect([from > 0, to > from]).toEqual([true, true]);
    const defs = functions.slice(from, to).join('\n');
    for (const [peer, local] of [['10.0.2.8', '10.0.0.3'], ['2001:db8::8', '2001:db8::3']]) {
      const sh = (call: string) => spawnSync('dash', ['-c', `${defs}\n${call}`], { encoding: 'utf8' }).stdout;
      const [nft, ipt] = traceCommands(peer, local, true);
      // `ADD; timeout 30 nft monitor trace > nft-trace.txt; DELETE` (the chain specs hold `; ` themselves).
      const [, nftAdd, nftDel] = /^(.*); timeout 30 nft monitor trace > nft-trace\.txt; (nft delete table inet hookline_trace)$/.exec(nft)!;
      expect(sh(`nft_trace_add ${peer} ${local}`)).toBe(nftAdd);
      expect(sh('printf %s "$NFT_TRACE_DEL"')).toBe(nftDel);
      const [iptAdd, sleep, ...rest] = ipt.split('; ');
      expect(sleep).toBe('sleep 30');
      expect(sh(`ipt_trace_add ${peer} ${local}`)).toBe(iptAdd);
      expect(sh(`ipt_trace_del ${peer} ${local}`)).toBe(rest.slice(0, 2).join('; '));
    }
  });

  it('--trace in a dry run prints the trace it would add and remove, scoped to the peer and this host', (ctx) => {
    if (!has('dash')) ctx.skip();
    const r = spawnSync('dash', [SCRIPT, '-n', '--trace', '10.0.2.8'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('rule trace: '))!;
    const local = /ip daddr (\S+) meta nftrace/.exec(line)?.[1];
    if (!local) {
      // No route to the peer, or no nft here: the dry run says the trace would be skipped.
      expect(line).toMatch(/would be skipped/);
      return;
    }
    const [, add, del] = /^(.*); timeout 30 nft monitor trace > nft-trace\.txt; (.*)$/.exec(traceCommands('10.0.2.8', local, false)[0])!;
    expect(line).toBe(`rule trace: ${add}; nft monitor trace > nft-trace.txt (for the window); ${del}`);
  });

  it('a real run refuses an output folder it cannot write to, before starting anything', (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('SKIPPED: not root; a real run of the collector needs root');
      ctx.skip();
    }
    const r = spawnSync('sh', [SCRIPT, '-o', '/nonexistent/dir', '10.0.0.1'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('output directory is not a writable directory: /nonexistent/dir');
  });
});

describe('hookline CLI: collect-script and archives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-cli-'));
  const bundle = join(dir, 'hookline.mjs');
  // The real build script, into a private file (the shared out/cli bundle may be in use by other tests).
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { env: { ...process.env, HOOKLINE_CLI_OUT: bundle }, encoding: 'utf8' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the collector script byte for byte from the bundle (embedded at build time)', () => {
    expect(built.status).toBe(0);
    const r = spawnSync(process.execPath, [bundle, 'collect-script'], { encoding: 'utf8', cwd: tmpdir() });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(SCRIPT, 'utf8'));
  });

  it('analyzes an evil archive: refusals on stderr and in the artifact list, nothing written anywhere', () => {
    const work = join(dir, 'case', 'sub');
    spawnSync('mkdir', ['-p', work]);
    const evil = gzipSync(craftTar([
      { name: '../evil', data: 'x' },
      { name: '/tmp/hookline-evil-absolute', data: 'x' },
      { name: 'link', type: '2', linkname: '/etc/passwd' },
      { name: 'huge.pcap', size: 10 * 1024 ** 3 },
    ], { end: false }));
    writeFileSync(join(work, 'evil.tar.gz'), evil);
    const r = spawnSync(process.execPath, [bundle, 'analyze', '--json', 'evil.tar.gz'], { encoding: 'utf8', cwd: work });
    expect(r.status).toBe(0);
    const verdict = JSON.parse(r.stdout) as { artifacts: Array<{ name: string; format: string; records: number; warnings: string[] }> };
    expect(verdict.artifacts.map((a) => [a.name, a.format, a.records])).toEqual([['evil.tar.gz', 'archive', 0]]);
    expect(verdict.artifacts[0].warnings).toEqual([
      'byte 0: "../evil" (tar entry at byte 0) refused: path climbs out of the archive with .. [archive/path-traversal]',
      'byte 1024: "/tmp/hookline-evil-absolute" (tar entry at byte 1024) refused: absolute path [archive/absolute-path]',
      'byte 2048: "link" (tar entry at byte 2048) refused: symbolic link to "/etc/passwd" [archive/link]',
      `byte 2560: "huge.pcap" (tar entry at byte 2560) refused: ${10 * 1024 ** 3} bytes is over the ${4 * 1024 ** 3}-byte member limit [archive/member-too-large]`,
      'byte 2560: the archive ends inside the entry at byte 2560 (10737418240 bytes missing): that entry is dropped [archive/truncated]',
    ]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('hookline: archive evil.tar.gz: '))).toHaveLength(5);
    expect(readdirSync(join(dir, 'case'))).toEqual(['sub']);
    expect(readdirSync(work)).toEqual(['evil.tar.gz']);
    expect(existsSync('/tmp/hookline-evil-absolute')).toBe(false);
  });
});
