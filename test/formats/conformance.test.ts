import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { formats, detectFormat } from '../../shared/formats/registry';
import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from '../../shared/formats/format';
import { probeText } from '../../shared/text/clean-text';
import type { ParseWarning } from '../../shared/model/artifact';
import { manifest } from '../fixtures/format-manifest';

// The contract every registered format meets for free (style guide, "the seam everyone will use").

function probeInput(bytes: Uint8Array): ProbeInput {
  const head = bytes.subarray(0, 65536);
  return { bytes: head, text: probeText(head), size: bytes.length };
}

function memorySource(bytes: Uint8Array, chunkSize = 4096): ArtifactSource {
  return {
    name: 'memory',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

function parseAll(format: ArtifactFormat, bytes: Uint8Array, chunkSize?: number) {
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const ctx: ParseContext = { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) };
  const records = [...format.parse(memorySource(bytes, chunkSize), ctx)];
  return { records, warnings, meta };
}

/** A deterministic pseudo-random generator so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

const entries = manifest().filter((e) => statSync(e.path).size > 0);
const registered = new Set(formats.map((f) => f.id));
const label = (p: string) => relative(process.cwd(), p);

describe('format registry', () => {
  it('has unique ids', () => {
    expect(new Set(formats.map((f) => f.id)).size).toBe(formats.length);
  });
});

describe.each(formats.map((f) => [f.id, f] as const))('format %s', (id, format) => {
  const own = entries.filter((e) => e.format === id);

  it('has real fixtures', () => {
    expect(own.length).toBeGreaterThan(0);
  });

  it.each(own.map((e) => [label(e.path), e] as const))('detects its own fixture %s', (_name, entry) => {
    const bytes = new Uint8Array(readFileSync(entry.path));
    expect(detectFormat(probeInput(bytes))?.id).toBe(id);
  });

  it('claims no other format\'s fixture', () => {
    const claimed = entries
      .filter((e) => e.format !== id && registered.has(e.format))
      .filter((e) => detectFormat(probeInput(new Uint8Array(readFileSync(e.path))))?.id === id)
      .map((e) => label(e.path));
    expect(claimed).toEqual([]);
  });

  it('probe survives empty, 1-byte and random input', () => {
    const next = random(id.length * 7919);
    const inputs = [new Uint8Array(0), new Uint8Array([0x0a]), new Uint8Array([0xd4])];
    for (let n = 0; n < 50; n++) inputs.push(Uint8Array.from({ length: Math.floor(next() * 600) }, () => Math.floor(next() * 256)));
    for (const bytes of inputs) {
      const score = format.probe(probeInput(bytes));
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it.each(own.map((e) => [label(e.path), e] as const))('parses %s deterministically, whatever the chunk size', (_name, entry) => {
    const bytes = new Uint8Array(readFileSync(entry.path));
    const a = parseAll(format, bytes);
    const b = parseAll(format, bytes, 7);
    expect(b.records).toEqual(a.records);
    expect(b.warnings).toEqual(a.warnings);
    expect(a.records.length).toBeGreaterThan(0);
  });

  it('never throws on truncated or corrupted copies of its fixtures', () => {
    const next = random(4242);
    for (const entry of own) {
      const bytes = new Uint8Array(readFileSync(entry.path));
      const variants = [bytes.subarray(0, Math.floor(bytes.length / 2)), bytes.subarray(0, 17), bytes.subarray(Math.floor(bytes.length / 3))];
      const flipped = bytes.slice();
      for (let i = 0; i < 20; i++) flipped[Math.floor(next() * flipped.length)] ^= 1 << Math.floor(next() * 8);
      variants.push(flipped);
      for (const v of variants) expect(() => parseAll(format, v)).not.toThrow();
    }
  });
});

// Fixtures whose format has no reader yet show as todo entries, so the gap stays visible in every run.
const pending = [...new Set(entries.filter((e) => !registered.has(e.format)).map((e) => e.format))].sort();
if (pending.length > 0) {
  describe('fixtures whose format is not registered yet', () => {
    for (const id of pending) it.todo(`reader for ${id}`);
  });
}
