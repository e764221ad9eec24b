/** Past this many distinct addresses a cache starts over, so a scan of a /8 cannot grow it without bound. */
const CACHE_LIMIT = 65536;
const HEX = '0123456789abcdef';
const V6_BITS = 12;
const V6_SLOTS = 1 << V6_BITS;

function word(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/**
 * Turns address bytes into the text Wireshark prints, remembering recent ones: a capture repeats the same
 * few hosts millions of times, so one Map lookup replaces building a string per packet.
 * One instance per parse (no module-level state in the engine).
 */
export class AddressText {
  private readonly v4 = new Map<number, string>();
  private readonly macs = new Map<number, string>();
  /** IPv6: a direct-mapped cache (4 words per slot + its text), so a hit costs no allocation at all. */
  private readonly v6Words = new Uint32Array(V6_SLOTS * 4);
  private readonly v6Texts: Array<string | undefined> = new Array(V6_SLOTS);

  /** Dotted quad of the 4 bytes at `o`. */
  ipv4(b: Uint8Array, o: number): string {
    const key = word(b, o);
    let text = this.v4.get(key);
    if (text === undefined) {
      text = `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
      if (this.v4.size >= CACHE_LIMIT) this.v4.clear();
      this.v4.set(key, text);
    }
    return text;
  }

  /** Colon-separated lower-case hex of the 6 bytes at `o` (`52:54:00:00:00:03`). */
  mac(b: Uint8Array, o: number): string {
    // 48 bits fit a double exactly, so the number is a collision-free key.
    const key = ((b[o] << 8) | b[o + 1]) * 4294967296 + (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) >>> 0);
    let text = this.macs.get(key);
    if (text === undefined) {
      text = '';
      for (let i = 0; i < 6; i++) text += (i > 0 ? ':' : '') + HEX[b[o + i] >> 4] + HEX[b[o + i] & 15];
      if (this.macs.size >= CACHE_LIMIT) this.macs.clear();
      this.macs.set(key, text);
    }
    return text;
  }

  /** RFC 5952 text of the 16 bytes at `o`: lower case, longest zero run (≥ 2 groups) as `::`, `::ffff:a.b.c.d` for mapped IPv4. */
  ipv6(b: Uint8Array, o: number): string {
    const w0 = word(b, o);
    const w1 = word(b, o + 4);
    const w2 = word(b, o + 8);
    const w3 = word(b, o + 12);
    const slot = (Math.imul(w0 ^ w1, 0x9e3779b1) ^ Math.imul(w2 ^ w3, 0x85ebca6b)) >>> (32 - V6_BITS);
    const words = this.v6Words;
    const k = slot * 4;
    const cached = this.v6Texts[slot];
    if (cached !== undefined && words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return cached;
    const text = ipv6Text(b, o, this);
    words[k] = w0;
    words[k + 1] = w1;
    words[k + 2] = w2;
    words[k + 3] = w3;
    this.v6Texts[slot] = text;
    return text;
  }
}

/** Ref: RFC 5952 section 4 (text representation), 5 (IPv4-mapped addresses). */
function ipv6Text(b: Uint8Array, o: number, names: AddressText): string {
  let bestStart = -1;
  let bestLength = 1;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = b[o + 2 * g] === 0 && b[o + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      if (g - runStart + 1 > bestLength) {
        bestStart = runStart;
        bestLength = g - runStart + 1;
      }
    } else {
      runStart = -1;
    }
  }
  if (bestStart === 0 && bestLength === 5 && b[o + 10] === 0xff && b[o + 11] === 0xff) return `::ffff:${names.ipv4(b, o + 12)}`;
  let text = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      text += '::';
      g += bestLength - 1;
      continue;
    }
    if (text.length > 0 && !text.endsWith(':')) text += ':';
    text += ((b[o + 2 * g] << 8) | b[o + 2 * g + 1]).toString(16);
  }
  return text;
}
