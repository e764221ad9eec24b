/** IPv4 dotted quad → unsigned 32-bit number, or null. */
export function ipv4ToNumber(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** IPv6 text → 8 hextets, or null. */
export function ipv6ToHextets(text: string): number[] | null {
  if (!text.includes(':')) return null;
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const parse = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const a = parse(head);
  const b = tail === undefined ? [] : parse(tail);
  if ([...a, ...b].some((h) => Number.isNaN(h) || h < 0 || h > 0xffff)) return null;
  const fill = tail === undefined ? 0 : 8 - a.length - b.length;
  const all = [...a, ...Array(Math.max(0, fill)).fill(0), ...b];
  return all.length === 8 ? all : null;
}

/**
 * Does `address` fall in `spec` (an address, `a.b.c.d/len`, `a.b.c.d/m.a.s.k`, an IPv6 prefix, or a range `a-b`)?
 * Returns null when the spec is not an address at all (a hostname, a set reference): the caller cannot decide.
 */
export function addressMatches(address: string, spec: string): boolean | null {
  if (spec.includes('-') && !spec.includes(':')) {
    const [lo, hi] = spec.split('-').map((s) => ipv4ToNumber(s.trim()));
    const a = ipv4ToNumber(address);
    if (lo === null || hi === null || lo === undefined || hi === undefined) return null;
    return a !== null && a >= lo && a <= hi;
  }
  const [net, lenText] = spec.split('/');
  const n4 = ipv4ToNumber(net);
  if (n4 !== null) {
    const a = ipv4ToNumber(address);
    if (a === null) return false;
    let mask: number;
    if (lenText === undefined) mask = 0xffffffff;
    else if (lenText.includes('.')) {
      const m = ipv4ToNumber(lenText);
      if (m === null) return null;
      mask = m;
    } else {
      const len = Number(lenText);
      if (!Number.isInteger(len) || len < 0 || len > 32) return null;
      mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    }
    return ((a & mask) >>> 0) === ((n4 & mask) >>> 0);
  }
  const n6 = ipv6ToHextets(net);
  if (n6) {
    const a = ipv6ToHextets(address);
    if (!a) return false;
    const len = lenText === undefined ? 128 : Number(lenText);
    if (!Number.isInteger(len) || len < 0 || len > 128) return null;
    for (let i = 0; i < 8; i++) {
      const bits = Math.max(0, Math.min(16, len - i * 16));
      const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
      if ((a[i] & mask) !== (n6[i] & mask)) return false;
    }
    return true;
  }
  return null;
}

export function isLoopback(address: string | null): boolean {
  return !!address && (address.startsWith('127.') || address === '::1');
}
