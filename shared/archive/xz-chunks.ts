import * as xzModule from 'xz-decompress';

// xz (sos's default compression, supportconfig's .txz) decompressed by xz-embedded compiled to WebAssembly
// (npm xz-decompress): no native code, the same in Node and the worker. Its API is a WHATWG ReadableStream, which
// the engine's tsconfig (no DOM, no Node) does not know: the few members used are typed here.
// Input is pulled from the source chunk by chunk and output handed on as it comes, so a 100 MB bundle is never held
// compressed and expanded at once. Ref: https://github.com/httptoolkit/xz-decompress, https://tukaani.org/xz/embedded.html

interface ReadResult {
  done: boolean;
  value?: Uint8Array;
}
interface StreamReader {
  read(): Promise<ReadResult>;
  cancel(reason?: unknown): Promise<void>;
}
interface ByteStream {
  getReader(): StreamReader;
}
interface PullController {
  enqueue(chunk: Uint8Array): void;
  close(): void;
}
type StreamConstructor = new (source: { pull(controller: PullController): void }) => ByteStream;
type XzConstructor = new (compressed: ByteStream) => ByteStream;

/** The package is a UMD bundle: bundlers see its named export, Node's ESM loader only its `default`. */
function xzStreamClass(): XzConstructor | null {
  const m = xzModule as unknown as { XzReadableStream?: XzConstructor; default?: { XzReadableStream?: XzConstructor } };
  return m.XzReadableStream ?? m.default?.XzReadableStream ?? null;
}

/** Compressed bytes handed to the decoder at a time. */
const SLICE = 256 * 1024;

/** xz stream magic: FD '7zXZ' 00 (xz file format 1.0.4 §2.1.1.1). */
export function isXz(head: Uint8Array): boolean {
  return head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00;
}

/**
 * Decompresses an xz stream into `sink` chunk by chunk; stops early when `sink` returns false. Resolves with the
 * compressed bytes consumed and an error text when the data is damaged (what came out before is kept). Never rejects.
 */
export async function unxzChunks(input: Iterable<Uint8Array>, sink: (chunk: Uint8Array) => boolean): Promise<{ consumed: number; error: string | null }> {
  const Stream = (globalThis as unknown as { ReadableStream?: StreamConstructor }).ReadableStream;
  const Xz = xzStreamClass();
  if (!Stream || !Xz) return { consumed: 0, error: 'this runtime has no ReadableStream or the xz decoder did not load' };
  const iterator = input[Symbol.iterator]();
  let consumed = 0;
  let pending: Uint8Array | null = null;
  const compressed = new Stream({
    pull(controller) {
      if (!pending || pending.length === 0) {
        const next = iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        pending = next.value;
      }
      const slice = pending.subarray(0, SLICE);
      pending = pending.subarray(slice.length);
      consumed += slice.length;
      controller.enqueue(slice);
    },
  });
  const reader = new Xz(compressed).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { consumed, error: null };
      if (value && value.length > 0 && !sink(value)) {
        await reader.cancel().catch(() => {});
        return { consumed, error: null };
      }
    }
  } catch (error) {
    return { consumed, error: error instanceof Error ? error.message : String(error) };
  }
}
