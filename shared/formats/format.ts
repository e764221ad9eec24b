import type { ColumnMemory } from '../model/packet-block';
import type { HooklineRecord } from '../model/records';
import type { ParseWarning } from '../model/artifact';

/** What a probe sees: the first bytes of the file, and the same bytes as cleaned text when they look like text. */
export interface ProbeInput {
  /** Up to the first 64 KiB. */
  bytes: Uint8Array;
  /** `bytes` decoded as UTF-8 with CR and ANSI colour codes removed, or null when the bytes are binary. */
  text: string | null;
  /** Total size of the artifact in bytes. */
  size: number;
}

/** The bytes of an artifact, readable in order as many times as needed. Never `fs`: the host provides it. */
export interface ArtifactSource {
  name: string;
  size: number;
  /** Yields the whole content as consecutive chunks (the host picks the chunk size). */
  chunks(): Iterable<Uint8Array>;
  /**
   * Optional: the same chunks, but the host may recycle a chunk's memory once the chunk after the next one is asked
   * for. For readers that keep nothing (hashing, ByteReader): fresh memory per chunk costs page faults that cost
   * more than the parse (../shared/design/performance.md). Use `passOnce(source)`, which falls back to `chunks()`.
   */
  transientChunks?(): Iterable<Uint8Array>;
  /**
   * Optional: a streaming UTF-8 decoder from the host, used by `readLines` instead of TextDecoder (Node's TextDecoder
   * decodes ~100 MB/s; Node's own decoding of ASCII text is ~10× faster). `write` may hold the bytes of a character
   * cut at the end of a chunk until the next call; `end` flushes them.
   */
  textDecoder?(): StreamingTextDecoder;
  /** Optional: where a capture's column blocks take their bytes (packet-block.ts ColumnMemory; default fresh). */
  columnMemory?: ColumnMemory;
}

/** What `ArtifactSource.textDecoder` returns. */
export interface StreamingTextDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** The chunks of one pass that keeps no chunk beyond the next one (see `transientChunks`). */
export function passOnce(source: ArtifactSource): Iterable<Uint8Array> {
  return source.transientChunks ? source.transientChunks() : source.chunks();
}

/** What a parser may tell the engine besides records. */
export interface ParseContext {
  warn(warning: ParseWarning): void;
  /** A header fact (`perf script --header` fields, iptables-save version…), shown in the artifact list. */
  meta(key: string, value: string): void;
}

/**
 * One artifact format: one file `<id>.format.ts` exporting one of these.
 * Probes are cheap, bounds-checked and never throw. Parsers are pure: bytes in, records out.
 */
export interface ArtifactFormat<R extends HooklineRecord = HooklineRecord> {
  /** The format's usual short name; names the file, the fixture folder, the tests and the warning codes. */
  id: string;
  label: string;
  /** Binary formats (magic numbers) are probed before text heuristics. */
  kind: 'binary' | 'text';
  /** 0 = not mine … 1 = certain (magic number). Text heuristics answer between 0 and 0.9. */
  probe(input: ProbeInput): number;
  parse(source: ArtifactSource, ctx: ParseContext): Iterable<R>;
  /** How many user-visible records one yielded record stands for (a ruleset counts its rules). Default 1. */
  count?(record: R): number;
}
