import { describe, expect, it } from 'vitest';
import type { ArtifactSource } from '../../shared/formats/format';
import type { KernelEvent } from '../../shared/model/kernel-event';
import type { ParseWarning } from '../../shared/model/artifact';
import { BAIL, scanSampleHeader, type SampleHeader } from '../../shared/formats/perf-sample-header';
import { isWrappedTail, mayBeTail, SAMPLE, sampleTail } from '../../shared/formats/perf-script-grammar';
import { perfScriptEvents } from '../../shared/formats/perf-script-reader';
import { cleanLine } from '../../shared/text/clean-text';
import { unquoteLine } from '../../shared/formats/unquote-paste';
import { crlfAnsi, emailQuoted, fixtureText } from './trace-test-kit';
import { fixtureFiles } from './run-text-format';

// The fast path of the perf-script reader (perf-script-reader.ts) must give exactly what the general path gives:
// same records (key order included), same warnings, same meta, on real files and on every paste style.

function source(text: string, chunk: number): ArtifactSource {
  const bytes = new TextEncoder().encode(text);
  return { name: 'm', size: bytes.length, *chunks() { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); } };
}

function read(text: string, chunk: number, fast: boolean): { records: KernelEvent[]; warnings: ParseWarning[]; meta: Record<string, string> } {
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const records = [...perfScriptEvents(source(text, chunk), { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) }, fast)];
  return { records, warnings, meta };
}

/** A deterministic long trace like bench/make-inputs.mjs makePerfScript, with several drop sites and callchains. */
function longTrace(events: number): string {
  let s = 7;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const chains = [
    ['sk_skb_reason_drop+0x90', 'nf_hook_slow+0x7d', 'ip_local_deliver+0x119', 'ip_rcv+0x1ac', '__netif_receive_skb_one_core+0x5f'],
    ['sk_skb_reason_drop+0x90', 'nft_do_chain+0x3e8', 'nft_do_chain_inet+0x43', 'nf_hook_slow+0x43', 'ip_local_deliver+0xd5'],
    ['sk_skb_reason_drop+0x90', 'tcp_v4_rcv+0x7b'],
  ];
  let out = '# ========\n# captured on    : Tue Nov 24 19:01:47 2026\n# os release : 6.18.44\n# ========\n#\n';
  let t = 5000;
  for (let n = 0; n < events; n++) {
    t += next() * 0.001;
    const chain = Math.floor(next() * chains.length);
    const skb = `0xffff8881${(0x0a9b8000 + Math.floor(next() * 64) * 0x20).toString(16)}`;
    const comm = ['swapper     0', 'ksoftirqd/1    22', '  kworker/0:1-vir    11', 'nc  5266'][n % 4];
    const location = chain === 1 ? 'nft_do_chain+0x3e8' : chain === 2 ? 'tcp_v4_rcv+0x7b' : 'nf_hook_slow+0x7d';
    const reason = chain === 2 ? 'NO_SOCKET' : 'NETFILTER_DROP';
    out += `${comm} [00${n % 2}] ${t.toFixed(6)}: skb:kfree_skb: skbaddr=${skb} rx_sk=(nil) protocol=2048 location=${location} reason: ${reason}\n`;
    chains[chain].forEach((f, i) => (out += `\tffffffff81${(0xe44fd0 + chain * 0x10000 + i * 0x1111).toString(16)} ${f} ([kernel.kallsyms])\n`));
    out += '\n';
  }
  return out;
}

/** Hard-wraps lines at `width` on a space, as a mail client does. */
function wrapped(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const parts: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(' ', width);
        if (cut <= 0) break;
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      return [...parts, rest];
    })
    .join('\n');
}

const perfFiles = [...fixtureFiles('samples/perf-script'), 'cases/hidden-hook/perf-script-kfree_skb.txt', 'cases/output-synack/perf-script-kfree_skb.txt', 'cases/seed-centos7/perf-probe-script.txt'];
const trace = longTrace(3000);

describe('perf-script fast path: the same records as the general path', () => {
  const inputs: Array<[string, string]> = [...perfFiles.map((f) => [f, fixtureText(f)] as [string, string]), ['generated trace', trace]];
  const variants: Array<[string, (t: string) => string]> = [
    ['as is', (t) => t],
    ['e-mail quoted', emailQuoted],
    ['CRLF and ANSI colour', crlfAnsi],
    ['hard-wrapped at 72', (t) => wrapped(t, 72)],
    ['without blank lines', (t) => t.split('\n').filter((l) => l.trim()).join('\n')],
    ['callchains indented by spaces', (t) => t.replace(/^\t/gm, '        ')],
  ];
  for (const [name, text] of inputs) {
    it(`${name}: every paste style, chunk sizes 4 KiB / 64 KiB / 1 MiB`, () => {
      for (const [, variant] of variants) {
        const input = variant(text);
        for (const chunk of [4096, 65536, 1 << 20]) {
          const fast = read(input, chunk, true);
          const general = read(input, chunk, false);
          // JSON compares key order too: both paths' records print alike.
          expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
        }
      }
    });
  }

  it('reads the generated trace fully by the fast path: callchains, frames and arguments shared', () => {
    const { records, warnings } = read(trace, 1 << 20, true);
    expect(records).toHaveLength(3000);
    expect(warnings).toEqual([]);
    // Three callchains; the events whose callchain straddles a 64 KiB piece keep their own array.
    expect(new Set(records.map((r) => r.stack)).size).toBeLessThan(60);
    expect(new Set(records.flatMap((r) => r.stack)).size).toBeLessThan(60);
    // 64 skb addresses under 3 templates: argument objects are shared per (template, address).
    expect(new Set(records.map((r) => r.args)).size).toBeLessThan(300);
    const first = records[0];
    expect(first).toEqual({
      kind: 'kernel-event', endLine: first.line + first.stack.length, time: { clock: 'boot', value: first.time?.value },
      comm: 'swapper', pid: 0, cpu: 0, skb: first.args.skbaddr, protocol: 2048, location: first.location,
      reason: first.reason, reasonCode: null, caller: null, retval: null, args: first.args, stack: first.stack,
      tuple: null, count: null, line: 6, type: 'kfree_skb', name: 'skb:kfree_skb',
    });
    expect(first.location?.address).toMatch(/^0xffffffff81/);
  });

  it('joins a quoted return address wrapped after `<-` (the line before a tail is never taken as complete)', () => {
    const text = [
      'swapper     0 [000]  1654.547622: probe:ip_route_me_harder__return: (ffffffff819ac910 <- ',
      '> ffffffffa002b8f6)',
      'swapper     0 [000]  1654.547623: probe:ip_route_me_harder__return: (ffffffff819ac910 <- ',
      '\x1b[32mffffffffa002b8f6)\x1b[0m',
      '',
    ].join('\n');
    for (const fast of [true, false]) {
      const { records, warnings } = read(text, 4096, fast);
      expect(warnings).toEqual([]);
      expect(records.map((r) => [r.line, r.endLine, r.caller?.address])).toEqual([
        [1, 2, '0xffffffffa002b8f6'],
        [3, 4, '0xffffffffa002b8f6'],
      ]);
    }
  });
});

describe('perf-script fast path: the hand-read sample header agrees with SAMPLE', () => {
  const header: SampleHeader = { commStart: 0, commEnd: 0, pid: 0, cpu: null, time: 0, nameStart: 0 };
  let s = 11;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)];
  const generated = Array.from({ length: 20000 }, () =>
    [
      pick(['', ' ', '    ', '\t', '\v']),
      pick(['swapper', 'kworker/0:1-vir', 'gnome shell', 'a:b:c', 'x=y', 'dd', '123', 'java 2', 'élan', 'a\tb', 'p 1 [0] 2.0:', '#c', '>x', '(sd-pam)']),
      pick([' ', '  ', '\t', '\u00a0', '\v ']),
      pick(['0', '1234', '12/34', '1/', '/2', '', 'x', '1234567890123456']),
      pick([' ', '  ', '\t']),
      pick(['[000] ', '[1]  ', '', '[x] ', '[] ', '[12]\t']),
      pick(['5000.000240', '12.5', '1.', '.5', '123456789.123456789', '4294967296.0000001']),
      pick([':', ': ', ':  7 ', ':\t42\t', ' :', ':\u00a0']),
      pick(['skb:kfree_skb', 'probe:x__return', 'cycles', 'a.b-c:d', '9', 'skb:kfree_skb:extra', '']),
      pick([': ', ':', ':  ', ' ', ':\t', ':x']),
      pick(['skbaddr=0xffff rx_sk=(nil)', '', '  ', '(ffffffffa05f0330) skb=0x1', 'reason: X \u2028']),
    ].join(''),
  );
  const real = perfFiles.flatMap((f) => fixtureText(f).split('\n')).map((l) => unquoteLine(cleanLine(l)));

  it('never disagrees: COMM, PID, CPU, time and where the event name starts', () => {
    let read = 0;
    for (const line of [...generated, ...real]) {
      const nameStart = scanSampleHeader(line, 0, line.length, header);
      if (nameStart === BAIL) continue;
      read++;
      const m = SAMPLE.exec(line);
      const tail = sampleTail(line.slice(nameStart));
      // Where the regex reads a tail, the scanner must have stopped where the regex's event name starts.
      if (tail === null) continue;
      expect(m, line).not.toBeNull();
      expect([m![1], Number(m![3] ?? m![2]), m![4] === undefined ? null : Number(m![4]), Number(m![5]), m![7], m![8]], JSON.stringify(line)).toEqual([
        line.slice(header.commStart, header.commEnd), header.pid, header.cpu, header.time, tail.name, tail.payload,
      ]);
    }
    expect(read).toBeGreaterThan(500);
  });

  it('reads the real sample lines (not left to the regex)', () => {
    const samples = real.filter((l) => SAMPLE.test(l) && !l.trimStart().startsWith('#'));
    const read = samples.filter((l) => scanSampleHeader(l, 0, l.length, header) !== BAIL);
    expect(read.length / samples.length).toBeGreaterThan(0.9);
  });
});

describe('perf-script fast path: mayBeTail is false only for lines that are nobody\'s wrapped tail', () => {
  const previous = [
    'swapper     0 [000] 5000.000240: skb:kfree_skb: skbaddr=0xffff8881a9db5e0',
    '      firecracker 68452 [054]  3053.183991: ',
    'swapper 0 [000] 1654.547622: probe:f__return: (ffffffff819ac910 <- ',
    '\tffffffff81e44fd0 sk_skb_reason_drop+0x90',
  ];
  const candidates = [
    ...fixtureText('samples/perf-script/5.8.10-ipvs-bridge-callchain-emailquoted.txt').split('\n'),
    ...fixtureText('samples/perf-script/probe-6.18-kprobes-group-entry-return-wrapped.txt').split('\n'),
    ...trace.split('\n').slice(0, 200),
    'protocol=2048 location=0xffffffff817bfdad', 'reason: NOT_SPECIFIED', '(/lib/modules/5.8.10/build/vmlinux)', 'ffffffffa002b8f6)',
    'kprobes:kvm_io_bus_register_dev: (ffffffffc0348390)', '> protocol=2048', '\x1b[1mreason:\x1b[0m X', '| (vmlinux)', 'x\x1b[0m=1',
  ];

  it('agrees with isWrappedTail on real and wrapped lines', () => {
    for (const raw of candidates) {
      if (mayBeTail(raw, 0, raw.length)) continue;
      const line = unquoteLine(cleanLine(raw));
      for (const p of previous) expect(isWrappedTail(p, line), JSON.stringify([p, raw])).toBe(false);
    }
  });
});
