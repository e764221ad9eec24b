// nft chain priorities: numbers or the standard names, optionally `name + N` / `name - N`.
// Ref: /work/shared/spec/kernel-notes.md §2b (nftables src/rule.c std_prios, bridge_std_prios; nft(8) table
// "Standard priority names"). Names exist since nftables 0.9.1 (c8a0e8c9); `nft list` prints `name ± N` when the
// value lies within 10 of a standard one, otherwise the number.

const STANDARD: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
const BRIDGE: Record<string, number> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };

const NUMBER = /^[-+]?\d{1,10}$/;
const NAMED = /^([a-z]+)\s*(?:([-+])\s*(\d{1,10}))?$/;

/** `filter + 10` → 10, `dstnat - 5` → -105, `-150` → -150; bridge chains use the bridge table. Null when unknown. */
export function resolveNftPriority(text: string, family: string): number | null {
  const written = text.trim();
  if (NUMBER.test(written)) return Number(written);
  const named = NAMED.exec(written);
  if (!named) return null;
  const table = family === 'bridge' ? BRIDGE : STANDARD;
  const base = table[named[1]];
  if (base === undefined) return null;
  if (named[2] === undefined) return base;
  const delta = Number(named[3]);
  return named[2] === '+' ? base + delta : base - delta;
}
