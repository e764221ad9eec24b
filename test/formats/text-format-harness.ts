import { readFileSync, statSync } from 'node:fs';
import type { ArtifactFormat, ArtifactSource, ParseContext } from '../../shared/formats/format';
import type { ParseWarning } from '../../shared/model/artifact';
import type { HooklineRecord } from '../../shared/model/records';
import { probeText } from '../../shared/text/clean-text';
import { manifest } from '../fixtures/format-manifest';

// Helpers for the text-format tests: parse a string or a fixture file, probe it, and list the other folders' files.

/** An in-memory source over bytes, cut into chunks of `chunkSize` (to exercise lines split across chunks). */
export function memorySource(bytes: Uint8Array, chunkSize = 4096): ArtifactSource {
  return {
    name: 'memory',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

/** What one parse produced. */
export interface Parsed<R> {
  records: R[];
  warnings: ParseWarning[];
  meta: Record<string, string>;
}

export function parseBytes<R extends HooklineRecord>(format: ArtifactFormat<R>, bytes: Uint8Array, chunkSize?: number): Parsed<R> {
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const ctx: ParseContext = { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) };
  return { records: [...format.parse(memorySource(bytes, chunkSize), ctx)], warnings, meta };
}

export function parseText<R extends HooklineRecord>(format: ArtifactFormat<R>, text: string, chunkSize?: number): Parsed<R> {
  return parseBytes(format, new TextEncoder().encode(text), chunkSize);
}

export function parseFile<R extends HooklineRecord>(format: ArtifactFormat<R>, path: string): Parsed<R> {
  return parseBytes(format, new Uint8Array(readFileSync(path)));
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function probeBytes(format: ArtifactFormat, bytes: Uint8Array): number {
  const head = bytes.subarray(0, 65536);
  return format.probe({ bytes: head, text: probeText(head), size: bytes.length });
}

export function probeFileWith(format: ArtifactFormat, path: string): number {
  return probeBytes(format, new Uint8Array(readFileSync(path)));
}

/** Every non-empty real fixture whose format is not `id`. */
export function otherFormatsFiles(id: string): string[] {
  return manifest().filter((e) => e.format !== id && statSync(e.path).size > 0).map((e) => e.path);
}

/** The line numbers of the warnings, in order. */
export function warningLines(warnings: ParseWarning[]): Array<number | undefined> {
  return warnings.map((w) => w.line);
}

/** Prefixes every line with an email quote mark. */
export function emailQuote(text: string): string {
  return text.split('\n').map((l) => (l === '' ? '>' : `> ${l}`)).join('\n');
}

/** CRLF line ends and ANSI colour around every line, as a terminal capture would have them. */
export function crlfAnsi(text: string): string {
  return text.split('\n').map((l) => (l === '' ? '' : `\x1b[1;32m${l}\x1b[0m`)).join('\r\n');
}

/** Deterministic garbage bytes. */
export function garbage(length: number, seed = 1): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length }, () => (s = (s * 1664525 + 1013904223) >>> 0) >>> 24);
}
