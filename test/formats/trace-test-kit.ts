import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import type { ArtifactFormat, ArtifactSource } from '../../shared/formats/format';
import type { KernelEvent } from '../../shared/model/kernel-event';
import type { ParseWarning } from '../../shared/model/artifact';
import { probeText } from '../../shared/text/clean-text';
import { manifest } from '../fixtures/format-manifest';

// Shared by the kernel-event format tests (perf-script, stap, bpftrace, dropwatch, pwru, nettrace): read fixtures,
// parse them, and the bad-input checks every one of these formats must pass.

/** test/fixtures as an absolute path. */
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

/** Bytes of a file under test/fixtures. */
export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixtures, path)));
}

/** Text of a file under test/fixtures. */
export function fixtureText(path: string): string {
  return readFileSync(join(fixtures, path), 'utf8');
}

/** The parse result of one artifact. */
export interface TraceParse {
  records: KernelEvent[];
  warnings: ParseWarning[];
  meta: Record<string, string>;
}

function source(bytes: Uint8Array, chunkSize: number): ArtifactSource {
  return {
    name: 'memory',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

/** Parses bytes or a text; chunks of 4 KiB by default so lines straddle chunk boundaries. */
export function parseWith(format: ArtifactFormat<KernelEvent>, input: Uint8Array | string, chunkSize = 4096): TraceParse {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const records = [...format.parse(source(bytes, chunkSize), { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) })];
  return { records, warnings, meta };
}

/** Parses a fixture file by its path under test/fixtures. */
export function parseFixture(format: ArtifactFormat<KernelEvent>, path: string): TraceParse {
  return parseWith(format, fixtureBytes(path));
}

/** The format's probe score for bytes or a text. */
export function probeWith(format: ArtifactFormat<KernelEvent>, input: Uint8Array | string): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const head = bytes.subarray(0, 65536);
  return format.probe({ bytes: head, text: probeText(head), size: bytes.length });
}

/** Paths (under test/fixtures) of every non-empty real artifact whose format is not `id`. */
export function otherFormatFixtures(id: string): string[] {
  return manifest()
    .filter((e) => e.format !== id && statSync(e.path).size > 0)
    .map((e) => relative(fixtures, e.path));
}

/** `{ line, code }` of each warning, for compact assertions. */
export function warningLines(warnings: ParseWarning[]): { line: number | undefined; code: string }[] {
  return warnings.map((w) => ({ line: w.line, code: w.code }));
}

/** A copy of `text` as an e-mail reply quotes it. */
export function emailQuoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');
}

/** A copy of `text` with CRLF line ends and ANSI colour around every line's first word. */
export function crlfAnsi(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s*)(\S+)/, '$1\x1b[1;32m$2\x1b[0m'))
    .join('\r\n');
}

/**
 * The bad-input behaviour every kernel-event format shares: nothing from empty or tiny input, warnings with a
 * line number (never an exception) for garbage, and a truncated copy of a real file read up to the cut.
 */
export function itSurvivesBadInput(format: ArtifactFormat<KernelEvent>, realFixture: string): void {
  it('reads nothing from an empty file or a single byte, silently', () => {
    expect(parseWith(format, '')).toEqual({ records: [], warnings: [], meta: {} });
    expect(parseWith(format, '\n').records).toEqual([]);
    expect(parseWith(format, new Uint8Array([0xd4])).records).toEqual([]);
  });

  it('warns with a line number for garbage and binary noise, never throws', () => {
    const noise = new Uint8Array(3000).map((_, i) => (i * 7919 + 13) % 256);
    for (const input of ['hello world\nthis is not a trace\n', noise]) {
      const { records, warnings } = parseWith(format, input);
      expect(records).toEqual([]);
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.every((w) => w.code.startsWith(`${format.id}/`))).toBe(true);
      expect(warnings.filter((w) => w.line === undefined).every((w) => /more lines like/.test(w.message))).toBe(true);
    }
  });

  it('skips one huge line with a warning naming it', () => {
    // 1 MiB chunks: shared/text/read-lines.ts re-scans its carry per chunk, quadratic on one line over many chunks.
    const huge = `${'x'.repeat(2_000_000)}\n`;
    const { records, warnings } = parseWith(format, huge, 1 << 20);
    expect(records).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].line).toBe(1);
  });

  it('caps thousands of bad lines to 20 listed warnings and a summary', () => {
    const { warnings } = parseWith(format, 'not a trace line\n'.repeat(5000));
    expect(warnings).toHaveLength(21);
    expect(warnings[20].message).toMatch(/4980 more lines/);
  });

  it('reads a truncated copy of a real file up to the cut, without throwing', () => {
    const bytes = fixtureBytes(realFixture);
    const whole = parseWith(format, bytes);
    const half = parseWith(format, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(half.records.length).toBeGreaterThan(0);
    expect(half.records.length).toBeLessThanOrEqual(whole.records.length);
    expect(half.records[0]).toEqual(whole.records[0]);
  });
}
