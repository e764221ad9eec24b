// Mutation fuzzer over every registered format: bit flips, truncations, duplicated and deleted chunks, huge length
// fields, spliced lines. For each mutated input: no exception escapes the parser, it runs within 1 s per MB (plus a
// small constant), and its output stays well-formed (records have a kind, warnings have a code and a location).
// Deterministic per seed so a failure can be replayed: `npm run fuzz -- --seed N --format ID`.
import { readFileSync, statSync } from 'node:fs';
import { formats } from '../../shared/formats/registry';
import type { ArtifactFormat, ArtifactSource, ParseContext } from '../../shared/formats/format';
import type { ParseWarning } from '../../shared/model/artifact';
import { manifest } from '../fixtures/format-manifest';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export function mutate(input: Uint8Array, next: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(next() * n);
  const b = input.slice();
  switch (pick(7)) {
    case 0: // bit flips
      for (let i = 0, n = 1 + pick(16); i < n && b.length; i++) b[pick(b.length)] ^= 1 << pick(8);
      return b;
    case 1: // truncation
      return b.subarray(0, pick(b.length + 1));
    case 2: { // duplicate a chunk
      const at = pick(b.length + 1);
      const len = pick(Math.min(4096, b.length + 1));
      const out = new Uint8Array(b.length + len);
      out.set(b.subarray(0, at));
      out.set(b.subarray(at, at + len), at);
      out.set(b.subarray(at), at + Math.min(len, b.length - at));
      return out.subarray(0, b.length + Math.min(len, b.length - at));
    }
    case 3: { // delete a chunk
      const at = pick(b.length + 1);
      const len = pick(256);
      const out = new Uint8Array(Math.max(0, b.length - len));
      out.set(b.subarray(0, at).subarray(0, out.length));
      if (at + len < b.length) out.set(b.subarray(at + len), at);
      return out;
    }
    case 4: { // huge length fields: 0xff bytes over a 4-byte window
      if (b.length >= 4) {
        const at = pick(b.length - 3);
        b[at] = b[at + 1] = b[at + 2] = b[at + 3] = 0xff;
        if (next() < 0.5) b[at + 3] = 0x7f;
      }
      return b;
    }
    case 5: { // random bytes spliced in
      const at = pick(b.length + 1);
      const junk = Uint8Array.from({ length: 1 + pick(64) }, () => pick(256));
      const out = new Uint8Array(b.length + junk.length);
      out.set(b.subarray(0, at));
      out.set(junk, at);
      out.set(b.subarray(at), at + junk.length);
      return out;
    }
    default: { // a very long line
      const at = pick(b.length + 1);
      const long = new Uint8Array(20000 + pick(50000)).fill(0x41);
      const out = new Uint8Array(b.length + long.length);
      out.set(b.subarray(0, at));
      out.set(long, at);
      out.set(b.subarray(at), at + long.length);
      return out;
    }
  }
}

function source(bytes: Uint8Array): ArtifactSource {
  return {
    name: 'fuzz',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
    },
  };
}

export interface FuzzFailure {
  format: string;
  seed: number;
  iteration: number;
  problem: string;
}

export function fuzzFormat(format: ArtifactFormat, corpus: Uint8Array[], iterations: number, seed: number): FuzzFailure[] {
  const failures: FuzzFailure[] = [];
  const next = rng(seed);
  for (let i = 0; i < iterations && failures.length < 5; i++) {
    const base = corpus[Math.floor(next() * corpus.length)];
    const input = mutate(base, next);
    const warnings: ParseWarning[] = [];
    const ctx: ParseContext = { warn: (w) => warnings.push(w), meta: () => undefined };
    const started = performance.now();
    try {
      format.probe({ bytes: input.subarray(0, 65536), text: null, size: input.length });
      let n = 0;
      for (const r of format.parse(source(input), ctx)) {
        if (!r || typeof r.kind !== 'string') throw new Error(`record ${n} has no kind`);
        n++;
      }
      for (const w of warnings) if (!w.code || !w.message) throw new Error(`malformed warning ${JSON.stringify(w)}`);
    } catch (error) {
      failures.push({ format: format.id, seed, iteration: i, problem: String((error as Error).stack ?? error).split('\n').slice(0, 3).join(' | ') });
      continue;
    }
    const ms = performance.now() - started;
    const budget = 250 + (input.length / 1e6) * 1000;
    if (ms > budget) failures.push({ format: format.id, seed, iteration: i, problem: `took ${ms.toFixed(0)} ms for ${input.length} bytes (budget ${budget.toFixed(0)} ms)` });
  }
  return failures;
}

export function runFuzz(iterations: number, seed: number, only: string | null): { passed: number; failed: number; failures: FuzzFailure[] } {
  const entries = manifest().filter((e) => statSync(e.path).size > 0);
  const failures: FuzzFailure[] = [];
  let passed = 0;
  for (const format of formats) {
    if (only && format.id !== only) continue;
    const corpus = entries.filter((e) => e.format === format.id).map((e) => new Uint8Array(readFileSync(e.path)));
    if (corpus.length === 0) continue;
    const started = performance.now();
    const f = fuzzFormat(format, corpus, iterations, seed);
    process.stdout.write(`fuzz ${format.id.padEnd(14)} ${iterations} inputs  ${f.length ? 'FAIL' : 'ok'}  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    for (const x of f) process.stdout.write(`  seed ${x.seed} iteration ${x.iteration}: ${x.problem}\n`);
    if (f.length) failures.push(...f);
    else passed++;
  }
  return { passed, failed: new Set(failures.map((f) => f.format)).size, failures };
}
