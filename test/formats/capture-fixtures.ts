import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArtifactFormat, ArtifactSource, ParseContext } from '../../shared/formats/format';
import type { ParseWarning } from '../../shared/model/artifact';
import type { Packet } from '../../shared/model/packet';
import type { PacketTableRecord } from '../../shared/model/packet-table';
import { packetsOf } from '../../shared/model/packets-of';
import { probeText } from '../../shared/text/clean-text';

// What the pcap, pcapng and packet-decode tests share: fixture bytes, in-memory chunked sources, a parse that
// collects everything, and byte surgery on real files.

const root = new URL('../fixtures/', import.meta.url).pathname;

/** The bytes of `test/fixtures/<path>`. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(root, path)));
}

/** Every artifact file under test/fixtures (no READMEs, SOURCES, scripts or manifests), as paths relative to it. */
export function allFixturePaths(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(md|py|mjs|ts|json)$/.test(name)) out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

/** A source yielding `bytes` in chunks of `chunkSize` (the CLI uses 4 MiB; tests use 7 to split every field). */
export function memorySource(bytes: Uint8Array, chunkSize = 4 * 1024 * 1024): ArtifactSource {
  return {
    name: 'memory',
    size: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    },
  };
}

/** Everything a parse produced. */
export interface ParseResult {
  records: Packet[];
  warnings: ParseWarning[];
  meta: Record<string, string>;
}

/** Parses a capture and reads its packets back out of the table (so every test also checks the columns keep each field). */
export function parseBytes(format: ArtifactFormat<PacketTableRecord>, bytes: Uint8Array, chunkSize?: number): ParseResult {
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const ctx: ParseContext = { warn: (w) => warnings.push(w), meta: (k, v) => (meta[k] = v) };
  const records = packetsOf([...format.parse(memorySource(bytes, chunkSize), ctx)]);
  return { records, warnings, meta };
}

export function probeBytes(format: ArtifactFormat<PacketTableRecord>, bytes: Uint8Array): number {
  const head = bytes.subarray(0, 65536);
  return format.probe({ bytes: head, text: probeText(head), size: bytes.length });
}

/** `bytes` with every LF turned into CR LF, as a text-mode FTP or a Windows checkout does to a binary file. */
export function crlfMangled(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0x0a) out.push(0x0d);
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** `bytes` pasted into an email reply: decoded as Latin-1, each line prefixed with `> `, re-encoded as UTF-8. */
export function emailQuoted(bytes: Uint8Array): Uint8Array {
  const text = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  return new TextEncoder().encode(text.split('\n').map((line) => `> ${line}`).join('\n'));
}

/** `bytes` with ANSI colour codes around every 64-byte stretch, as a terminal `cat` pasted into a ticket. */
export function ansiWrapped(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  const red = [0x1b, 0x5b, 0x33, 0x31, 0x6d];
  const reset = [0x1b, 0x5b, 0x30, 0x6d];
  for (let i = 0; i < bytes.length; i += 64) out.push(...red, ...bytes.subarray(i, i + 64), ...reset);
  return Uint8Array.from(out);
}

/** A copy of `bytes` with a 32-bit value written at `offset` in the given byte order. */
export function withUint32(bytes: Uint8Array, offset: number, value: number, littleEndian: boolean): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, littleEndian);
  return copy;
}
