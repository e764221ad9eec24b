import { detached } from '../text/detach-string';

// A million events of a trace name a few thousand skb addresses (the slab hands the same ones out again): one entry
// per address, found by the address's digits read in place (no substring cut and hashed per event), holding what the
// events of that address share. Entries are columns (struct of arrays): the lookups of a trace's random addresses
// are cache misses, and independent loads from columns cost less than a chain of objects.

/** Addresses kept; beyond, the caller reads each event's address on its own. */
const MAX_ADDRESSES = 1 << 20;
/** Argument objects kept per address: one per sample template it was last seen under (a drop site each). */
const WAYS = 4;

/**
 * `0x` + up to 16 lower-case hex digits → one entry (a slot, valid until the next `find`). The caller reads the
 * digits into `hi`, `lo` (the 64-bit value) and their count; the count tells leading zeros apart, so (count, hi, lo)
 * names one text. Per entry: the text, what skbAddress makes of it, and the argument objects of its last WAYS
 * sample templates (events of one template and address share one; arguments are never mutated).
 */
export class SkbAddressTable {
  private keys = new Int32Array(3 * 1024);
  private texts: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private skbs: (string | null)[] = new Array<string | null>(1024).fill(null);
  private owners: (object | null)[] = new Array<object | null>(WAYS * 1024).fill(null);
  private args: (object | null)[] = new Array<object | null>(WAYS * 1024).fill(null);
  private mask = 1023;
  private size = 0;

  /** The slot of `text[start, end)`; `make` gives a new address its skb. -1 when the table is full and it is new. */
  find(text: string, start: number, end: number, digits: number, hi: number, lo: number, make: (text: string) => string | null): number {
    let slot = slotOf(digits, hi, lo) & this.mask;
    for (;;) {
      if (this.texts[slot] === undefined) break;
      const k = slot * 3;
      if (this.keys[k] === lo && this.keys[k + 1] === hi && this.keys[k + 2] === digits) return slot;
      slot = (slot + 1) & this.mask;
    }
    if (this.size >= MAX_ADDRESSES) return -1;
    const copy = detached(text.slice(start, end));
    this.put(slot, copy, make(copy), digits, hi, lo);
    if (++this.size * 2 > this.texts.length) {
      this.grow();
      return this.find(text, start, end, digits, hi, lo, make);
    }
    return slot;
  }

  /** The address text of `slot`. */
  text(slot: number): string {
    return this.texts[slot] ?? '';
  }

  /** skbAddress of the address of `slot`. */
  skb(slot: number): string | null {
    return this.skbs[slot];
  }

  /** The arguments kept for `owner` (a template) at `slot`, or null. */
  argsFor(slot: number, owner: object): object | null {
    const at = slot * WAYS;
    for (let i = at; i < at + WAYS; i++) if (this.owners[i] === owner) return this.args[i];
    return null;
  }

  /** Keeps `args` for `owner` at `slot` (the oldest owner makes room). */
  keepArgs(slot: number, owner: object, args: object): void {
    const at = slot * WAYS;
    for (let i = at + WAYS - 1; i > at; i--) {
      this.owners[i] = this.owners[i - 1];
      this.args[i] = this.args[i - 1];
    }
    this.owners[at] = owner;
    this.args[at] = args;
  }

  private put(slot: number, text: string, skb: string | null, digits: number, hi: number, lo: number): void {
    this.texts[slot] = text;
    this.skbs[slot] = skb;
    this.keys[slot * 3] = lo;
    this.keys[slot * 3 + 1] = hi;
    this.keys[slot * 3 + 2] = digits;
  }

  private grow(): void {
    const { keys, texts, skbs, owners, args } = this;
    const capacity = texts.length * 2;
    this.keys = new Int32Array(3 * capacity);
    this.texts = new Array<string | undefined>(capacity).fill(undefined);
    this.skbs = new Array<string | null>(capacity).fill(null);
    this.owners = new Array<object | null>(WAYS * capacity).fill(null);
    this.args = new Array<object | null>(WAYS * capacity).fill(null);
    this.mask = capacity - 1;
    for (let old = 0; old < texts.length; old++) {
      const text = texts[old];
      if (text === undefined) continue;
      const lo = keys[old * 3];
      const hi = keys[old * 3 + 1];
      const digits = keys[old * 3 + 2];
      let slot = slotOf(digits, hi, lo) & this.mask;
      while (this.texts[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.put(slot, text, skbs[old], digits, hi, lo);
      for (let i = 0; i < WAYS; i++) {
        this.owners[slot * WAYS + i] = owners[old * WAYS + i];
        this.args[slot * WAYS + i] = args[old * WAYS + i];
      }
    }
  }
}

function slotOf(digits: number, hi: number, lo: number): number {
  return Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(digits, 0x27d4eb2f) ^ (lo >>> 16);
}
