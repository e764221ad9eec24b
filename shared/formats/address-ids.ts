import type { PacketTable } from '../model/packet-table';
import { ipv4Text, ipv6Text, macText } from './address-text';

/** Past this many distinct keys a cache starts over (the table's pool keeps every id), so a /8 scan stays bounded. */
const CACHE_LIMIT = 65536;
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;

function word(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/**
 * Address bytes → the table's interned id, without building a string per packet: a capture repeats the same few
 * hosts millions of times, so a hit costs a hash and an integer compare; text is made (address-text.ts) only for an
 * address not seen lately.
 * One instance per table being written.
 */
export class AddressIds {
  // First level: direct-mapped caches of recent keys (integer compares, no allocation); second: Maps of every key
  // seen lately (a 32- or 48-bit key past 2^31 is a heap number in a Map, so it is only asked on a first-level miss).
  private readonly v4Keys = new Int32Array(SLOTS);
  private readonly v4Ids = new Int32Array(SLOTS);
  private readonly v4 = new Map<number, number>();
  private readonly macHi = new Int32Array(SLOTS);
  private readonly macLo = new Int32Array(SLOTS);
  private readonly macIds = new Int32Array(SLOTS);
  private readonly macs = new Map<number, number>();
  private readonly v6Words = new Uint32Array(SLOTS * 4);
  private readonly v6Ids = new Int32Array(SLOTS);

  constructor(private readonly table: PacketTable) {}

  /** Id of the IPv4 address in the 4 bytes at `o`. */
  ipv4(b: Uint8Array, o: number): number {
    const key = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
    const slot = Math.imul(key, 0x9e3779b1) >>> (32 - SLOT_BITS);
    if (this.v4Ids[slot] !== 0 && this.v4Keys[slot] === key) return this.v4Ids[slot];
    let id = this.v4.get(key);
    if (id === undefined) {
      id = this.table.internAddress(ipv4Text(b, o));
      if (this.v4.size >= CACHE_LIMIT) this.v4.clear();
      this.v4.set(key, id);
    }
    this.v4Keys[slot] = key;
    this.v4Ids[slot] = id;
    return id;
  }

  /** Id of the IPv6 address in the 16 bytes at `o`. */
  ipv6(b: Uint8Array, o: number): number {
    const w0 = word(b, o);
    const w1 = word(b, o + 4);
    const w2 = word(b, o + 8);
    const w3 = word(b, o + 12);
    const slot = (Math.imul(w0 ^ w1, 0x9e3779b1) ^ Math.imul(w2 ^ w3, 0x85ebca6b)) >>> (32 - SLOT_BITS);
    const words = this.v6Words;
    const k = slot * 4;
    const cached = this.v6Ids[slot];
    if (cached > 0 && words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return cached;
    const id = this.table.internAddress(ipv6Text(b, o));
    words[k] = w0;
    words[k + 1] = w1;
    words[k + 2] = w2;
    words[k + 3] = w3;
    this.v6Ids[slot] = id;
    return id;
  }

  /** Id of the MAC in the 6 bytes at `o` (0 once the table's 16-bit pool is full). */
  mac(b: Uint8Array, o: number): number {
    const hi = (b[o] << 8) | b[o + 1];
    const lo = (b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5];
    const slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) >>> (32 - SLOT_BITS);
    if (this.macIds[slot] !== 0 && this.macHi[slot] === hi && this.macLo[slot] === lo) return this.macIds[slot];
    // 48 bits fit a double exactly, so the number is a collision-free key.
    const key = hi * 4294967296 + (lo >>> 0);
    let id = this.macs.get(key);
    if (id === undefined) {
      id = this.table.internMac(macText(b, o));
      if (this.macs.size >= CACHE_LIMIT) this.macs.clear();
      this.macs.set(key, id);
    }
    this.macHi[slot] = hi;
    this.macLo[slot] = lo;
    this.macIds[slot] = id;
    return id;
  }
}
