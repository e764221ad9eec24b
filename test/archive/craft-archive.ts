// Builds tar archives byte by byte for the archive tests: any name, type, size field or link, with a valid
// header checksum, so each refusal is tested on exactly the bytes an attacker (or a broken tool) would send.
// Ref: POSIX.1-2017 pax "ustar Interchange Format"; GNU tar base-256 size fields.

/** One entry to write. `size` overrides the header's size field (data may then be shorter: a lying header). */
export interface TarEntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** '0' file, '1' hard link, '2' symlink, '3' char device, '5' directory, 'S' GNU sparse, 'L' GNU long name, 'x' pax… */
  type?: string;
  linkname?: string;
  size?: number;
}

const encoder = new TextEncoder();

function put(block: Uint8Array, at: number, text: string, length: number): void {
  block.set(encoder.encode(text).subarray(0, length), at);
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0');
}

/** A 512-byte ustar header with its checksum. Sizes that do not fit 11 octal digits are written in base-256. */
export function tarHeader(spec: TarEntrySpec, dataLength: number): Uint8Array {
  const block = new Uint8Array(512);
  put(block, 0, spec.name, 100);
  put(block, 100, octal(0o644, 8), 8);
  put(block, 108, octal(0, 8), 8);
  put(block, 116, octal(0, 8), 8);
  const size = spec.size ?? dataLength;
  if (size > 0o77777777777) {
    block[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      block[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else put(block, 124, octal(size, 12), 12);
  put(block, 136, octal(1700000000, 12), 12);
  block[156] = (spec.type ?? '0').charCodeAt(0);
  put(block, 157, spec.linkname ?? '', 100);
  put(block, 257, 'ustar', 6);
  put(block, 263, '00', 2);
  for (let i = 148; i < 156; i++) block[i] = 0x20;
  const sum = block.reduce((n, b) => n + b, 0);
  put(block, 148, `${octal(sum, 7)}\0`, 8);
  return block;
}

function bytesOf(data: Uint8Array | string | undefined): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data ?? new Uint8Array(0);
}

/** A tar of these entries; `end: false` leaves out the two zero blocks (a truncated archive). */
export function craftTar(entries: TarEntrySpec[], options: { end?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = bytesOf(e.data);
    parts.push(tarHeader(e, data.length), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  if (options.end !== false) parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
