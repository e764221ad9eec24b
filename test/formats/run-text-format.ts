import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactFormat, ArtifactSource, ProbeInput } from '../../shared/formats/format';
import { detectFormat } from '../../shared/formats/registry';
import type { ParseWarning } from '../../shared/model/artifact';
import type { HooklineRecord } from '../../shared/model/records';
import { probeText } from '../../shared/text/clean-text';

/** test/fixtures, as an absolute path. */
export const fixtures = new URL('../fixtures/', import.meta.url).pathname;

/** The bytes of a fixture file, by path under test/fixtures. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixtures, path)));
}

/** Every file of a fixture folder except its README.md / SOURCES.md, as paths under test/fixtures. */
export function fixtureFiles(folder: string): string[] {
  return readdirSync(join(fixtures, folder))
    .filter((f) => !/^(README|SOURCES)\.md$/.test(f))
    .sort()
    .map((f) => join(folder, f));
}

/** UTF-8 bytes of a text. */
export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** An in-memory artifact, handed over in chunks of `chunkSize` bytes. */
export function memorySource(bytes: Uint8Array, chunkSize = 65536): ArtifactSource {
  return {
    name: 'memory',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

/** What the engine would give the probe for these bytes. */
export function probeInput(bytes: Uint8Array): ProbeInput {
  const head = bytes.subarray(0, 65536);
  return { bytes: head, text: probeText(head), size: bytes.length };
}

/** The format the registry picks for these bytes (its id), or null. */
export function detectedId(bytes: Uint8Array): string | null {
  return detectFormat(probeInput(bytes))?.id ?? null;
}

/** Parses bytes (or a text) with one format and collects records, warnings and meta. */
export function runFormat<R extends HooklineRecord>(format: ArtifactFormat<R>, input: Uint8Array | string, chunkSize?: number) {
  const bytes = typeof input === 'string' ? bytesOf(input) : input;
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const records = [...format.parse(memorySource(bytes, chunkSize), { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) })];
  return { records, warnings, meta };
}
