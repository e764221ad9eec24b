const TWO_TO_32 = 4294967296;
/** Powers of ten that divide exactly in doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Whole microseconds (floor) of a pcapng timestamp: a 64-bit tick count split in two 32-bit words, ticks being
 * `if_tsresol` units. Ref: draft-ietf-opsawg-pcapng section 4.2 (if_tsresol: most significant bit clear, the
 * rest is a negative power of 10; set, a negative power of 2; default 6 = µs) and 4.3 (Timestamp upper/lower).
 *
 * Nanosecond ticks since 1970 (~1.8e18) exceed 2^53, so `high * 2^32 + low` would round: the division is done
 * on the two words instead, exact for every power of ten down to picoseconds. Rarer resolutions (powers of 2,
 * finer than 10^-12) take a BigInt path: exact, just slower.
 */
export function ticksToMicros(high: number, low: number, tsresol: number): number {
  if (tsresol === 6) return high * TWO_TO_32 + low;
  if ((tsresol & 0x80) === 0) {
    if (tsresol > 6 && tsresol <= 12) {
      const divisor = POW10[tsresol - 6];
      const quotient = Math.floor(high / divisor);
      const rest = high - quotient * divisor;
      // rest * 2^32 + low < divisor * 2^32 ≤ 2^52: exact, and so is the floor of its quotient.
      return quotient * TWO_TO_32 + Math.floor((rest * TWO_TO_32 + low) / divisor);
    }
    if (tsresol < 6) {
      const micros = (high * TWO_TO_32 + low) * POW10[6 - tsresol];
      if (Number.isSafeInteger(micros)) return micros;
    }
  }
  return bigTicksToMicros(high, low, tsresol);
}

function bigTicksToMicros(high: number, low: number, tsresol: number): number {
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const exponent = tsresol & 0x7f;
  if ((tsresol & 0x80) !== 0) return Number((ticks * 1000000n) >> BigInt(exponent));
  if (exponent >= 6) return Number(ticks / 10n ** BigInt(exponent - 6));
  return Number(ticks * 10n ** BigInt(6 - exponent));
}

/** `if_tsresol` as a reader says it: `10^-9 s`, `2^-20 s`. */
export function tsresolText(tsresol: number): string {
  return (tsresol & 0x80) === 0 ? `10^-${tsresol} s` : `2^-${tsresol & 0x7f} s`;
}
