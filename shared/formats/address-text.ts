const HEX = '0123456789abcdef';

// Address bytes as the text Wireshark prints. No cache here: a capture's decoder interns addresses by their bytes
// (address-ids.ts) and asks for text only for an address it has not seen lately.

/** Dotted quad of the 4 bytes at `o`. */
export function ipv4Text(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** Colon-separated lower-case hex of the 6 bytes at `o` (`52:54:00:00:00:03`). */
export function macText(b: Uint8Array, o: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) text += (i > 0 ? ':' : '') + HEX[b[o + i] >> 4] + HEX[b[o + i] & 15];
  return text;
}

/**
 * RFC 5952 text of the 16 bytes at `o`: lower case, longest zero run (≥ 2 groups) as `::`, `::ffff:a.b.c.d` for mapped
 * IPv4. Ref: RFC 5952 section 4 (text representation), 5 (IPv4-mapped addresses).
 */
export function ipv6Text(b: Uint8Array, o: number): string {
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
  if (bestStart === 0 && bestLength === 5 && b[o + 10] === 0xff && b[o + 11] === 0xff) return `::ffff:${ipv4Text(b, o + 12)}`;
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
