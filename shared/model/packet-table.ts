import type { Packet } from './packet';

// A capture as typed-array columns: a multi-GB capture holds millions of packets, and one object per packet (with
// its strings) costs ~10× the bytes and makes the garbage collector the slowest part of the ingest
// (../shared/design/performance.md: "no object per packet, no string per packet"). Rows live in blocks of 64 Ki, so
// the store grows without ever copying what it holds (the first block grows from a small size for small files).
// Addresses and MACs are interned: a row holds a number, the text lives once in a pool.

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;
const FIRST_CAPACITY = 256;
/** MAC ids are 16-bit; past this many distinct MACs later ones are kept as unknown (and counted). */
const MAX_MACS = 0xffff;

/** Which optional fields a row has (the columns hold 0 for the others). */
export const HAS_PROTO = 1;
export const HAS_IPID = 2;
export const HAS_TTL = 4;
export const HAS_IPLEN = 8;
export const HAS_SPORT = 16;
export const HAS_DPORT = 32;
export const HAS_TCPFLAGS = 64;
export const HAS_SEQ = 128;
export const HAS_ACK = 256;
export const HAS_PAYLOAD = 512;
export const HAS_ICMPTYPE = 1024;
export const HAS_ICMPCODE = 2048;
export const HAS_ICMPID = 4096;
export const HAS_ICMPSEQ = 8192;
export const HAS_ARPOP = 16384;
export const HAS_IFINDEX = 32768;

const L3_CODES: Packet['l3'][] = ['other', 'ipv4', 'ipv6', 'arp'];
const DIRECTIONS: Packet['direction'][] = [null, 'in', 'out'];

/**
 * One block of rows. Some columns are shared by fields a row cannot have together: `portA`/`portB` hold the TCP/UDP
 * ports or the ICMP echo id/sequence, `flags` the TCP flags or the ICMP type, `code` the ICMP code or the ARP
 * opcode; `has` says which. Read through PacketTable's accessors unless a loop needs the raw columns.
 */
export class PacketBlock {
  t: Float64Array;
  offset: Float64Array;
  src: Uint32Array;
  dst: Uint32Array;
  seq: Uint32Array;
  ack: Uint32Array;
  caplen: Uint32Array;
  origLen: Uint32Array;
  payload: Uint32Array;
  ipLen: Uint32Array;
  ifIndex: Uint32Array;
  portA: Uint16Array;
  portB: Uint16Array;
  ipId: Uint16Array;
  iface: Uint16Array;
  ethSrc: Uint16Array;
  ethDst: Uint16Array;
  has: Uint16Array;
  proto: Uint8Array;
  flags: Uint8Array;
  code: Uint8Array;
  ttl: Uint8Array;
  /** l3 (bits 0-1: other, ipv4, ipv6, arp) | direction << 2 (none, in, out). */
  shape: Uint8Array;
  length = 0;

  constructor(readonly capacity: number, from?: PacketBlock) {
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(make: new (n: number) => T, old: T | undefined): T => {
      const next = new make(capacity);
      if (old) next.set(old);
      return next;
    };
    this.t = grow(Float64Array, from?.t);
    this.offset = grow(Float64Array, from?.offset);
    this.src = grow(Uint32Array, from?.src);
    this.dst = grow(Uint32Array, from?.dst);
    this.seq = grow(Uint32Array, from?.seq);
    this.ack = grow(Uint32Array, from?.ack);
    this.caplen = grow(Uint32Array, from?.caplen);
    this.origLen = grow(Uint32Array, from?.origLen);
    this.payload = grow(Uint32Array, from?.payload);
    this.ipLen = grow(Uint32Array, from?.ipLen);
    this.ifIndex = grow(Uint32Array, from?.ifIndex);
    this.portA = grow(Uint16Array, from?.portA);
    this.portB = grow(Uint16Array, from?.portB);
    this.ipId = grow(Uint16Array, from?.ipId);
    this.iface = grow(Uint16Array, from?.iface);
    this.ethSrc = grow(Uint16Array, from?.ethSrc);
    this.ethDst = grow(Uint16Array, from?.ethDst);
    this.has = grow(Uint16Array, from?.has);
    this.proto = grow(Uint8Array, from?.proto);
    this.flags = grow(Uint8Array, from?.flags);
    this.code = grow(Uint8Array, from?.code);
    this.ttl = grow(Uint8Array, from?.ttl);
    this.shape = grow(Uint8Array, from?.shape);
    this.length = from?.length ?? 0;
  }
}

/** Interned texts: id 0 means "none", ids start at 1. */
class TextPool {
  readonly texts: Array<string | null> = [null];
  private readonly ids = new Map<string, number>();

  idOf(text: string | null, limit = Infinity): number {
    if (text === null) return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.texts.length > limit) return -1;
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  find(text: string): number {
    return this.ids.get(text) ?? 0;
  }
}

/**
 * The packets of one capture file, in file order (row i is packet number i + 1). Append decoded packets, read
 * them back by row through accessors (no allocation) or as a `Packet` (`packetAt`, for the few a finding shows).
 */
export class PacketTable {
  readonly blocks: PacketBlock[] = [];
  length = 0;
  private readonly addresses = new TextPool();
  private readonly macs = new TextPool();
  private readonly ifNames = new Map<number, string | null>();
  private readonly vlans = new Map<number, number[]>();
  private readonly comments = new Map<number, string>();
  /** Distinct MACs beyond the 16-bit pool, kept as unknown. */
  macOverflow = 0;
  // The last text interned per column: consecutive packets mostly repeat their addresses, and the decoder hands the
  // same string object back for the same address, so an identity compare skips the pool's hash lookup.
  private lastSrc: string | null = null;
  private lastSrcId = 0;
  private lastDst: string | null = null;
  private lastDstId = 0;
  private lastEthSrc: string | null = null;
  private lastEthSrcId = 0;
  private lastEthDst: string | null = null;
  private lastEthDstId = 0;
  private lastIface = -1;

  /** Copies a decoded packet into the next row; `p.index` is not stored (it is the row + 1). */
  append(p: Packet): void {
    let block = this.blocks[this.blocks.length - 1];
    if (!block || block.length === block.capacity) {
      if (block && block.capacity < BLOCK) this.blocks[this.blocks.length - 1] = block = new PacketBlock(Math.min(BLOCK, block.capacity * 4), block);
      else this.blocks.push((block = new PacketBlock(this.blocks.length === 0 ? FIRST_CAPACITY : BLOCK)));
    }
    const i = block.length++;
    const row = this.length++;
    block.t[i] = p.tUs;
    block.offset[i] = p.offset;
    block.caplen[i] = p.caplen;
    block.origLen[i] = p.origLen;
    block.iface[i] = p.iface;
    if (p.iface !== this.lastIface) {
      this.lastIface = p.iface;
      if (!this.ifNames.has(p.iface)) this.ifNames.set(p.iface, p.ifName);
    }
    if (p.src !== this.lastSrc) this.lastSrcId = this.addresses.idOf((this.lastSrc = p.src));
    block.src[i] = this.lastSrcId;
    if (p.dst !== this.lastDst) this.lastDstId = this.addresses.idOf((this.lastDst = p.dst));
    block.dst[i] = this.lastDstId;
    if (p.ethSrc !== this.lastEthSrc) this.lastEthSrcId = this.mac((this.lastEthSrc = p.ethSrc));
    block.ethSrc[i] = this.lastEthSrcId;
    if (p.ethDst !== this.lastEthDst) this.lastEthDstId = this.mac((this.lastEthDst = p.ethDst));
    block.ethDst[i] = this.lastEthDstId;
    const l3 = p.l3 === 'ipv4' ? 1 : p.l3 === 'ipv6' ? 2 : p.l3 === 'arp' ? 3 : 0;
    block.shape[i] = l3 | (p.direction === 'in' ? 1 << 2 : p.direction === 'out' ? 2 << 2 : 0);
    let has = 0;
    if (p.proto !== null) {
      has |= HAS_PROTO;
      block.proto[i] = p.proto;
    }
    if (p.ipId !== null) {
      has |= HAS_IPID;
      block.ipId[i] = p.ipId;
    }
    if (p.ttl !== null) {
      has |= HAS_TTL;
      block.ttl[i] = p.ttl;
    }
    if (p.ipLen !== null) {
      has |= HAS_IPLEN;
      block.ipLen[i] = p.ipLen;
    }
    if (p.seq !== null) {
      has |= HAS_SEQ;
      block.seq[i] = p.seq;
    }
    if (p.ack !== null) {
      has |= HAS_ACK;
      block.ack[i] = p.ack;
    }
    if (p.payloadLen !== null) {
      has |= HAS_PAYLOAD;
      block.payload[i] = p.payloadLen;
    }
    if (p.sport !== null) {
      has |= HAS_SPORT;
      block.portA[i] = p.sport;
    } else if (p.icmpId !== null) {
      has |= HAS_ICMPID;
      block.portA[i] = p.icmpId;
    }
    if (p.dport !== null) {
      has |= HAS_DPORT;
      block.portB[i] = p.dport;
    } else if (p.icmpSeq !== null) {
      has |= HAS_ICMPSEQ;
      block.portB[i] = p.icmpSeq;
    }
    if (p.tcpFlags !== null) {
      has |= HAS_TCPFLAGS;
      block.flags[i] = p.tcpFlags;
    } else if (p.icmpType !== null) {
      has |= HAS_ICMPTYPE;
      block.flags[i] = p.icmpType;
    }
    if (p.icmpCode !== null) {
      has |= HAS_ICMPCODE;
      block.code[i] = p.icmpCode;
    } else if (p.arpOp !== null) {
      has |= HAS_ARPOP;
      block.code[i] = p.arpOp;
    }
    if (p.ifIndex !== null && p.ifIndex !== undefined) {
      has |= HAS_IFINDEX;
      block.ifIndex[i] = p.ifIndex;
    }
    block.has[i] = has;
    if (p.vlan.length > 0) this.vlans.set(row, p.vlan.slice());
    if (p.comment !== null) this.comments.set(row, p.comment);
  }

  private mac(text: string | null): number {
    const id = this.macs.idOf(text, MAX_MACS);
    if (id >= 0) return id;
    this.macOverflow++;
    return 0;
  }

  /** The block holding `row` and the row's index inside it. */
  private at(row: number): [PacketBlock, number] {
    return [this.blocks[row >>> BLOCK_BITS], row & MASK];
  }

  time(row: number): number {
    return this.blocks[row >>> BLOCK_BITS].t[row & MASK];
  }

  /** Interned id of the source / destination address (0 when the packet has none). */
  srcId(row: number): number {
    return this.blocks[row >>> BLOCK_BITS].src[row & MASK];
  }

  dstId(row: number): number {
    return this.blocks[row >>> BLOCK_BITS].dst[row & MASK];
  }

  /** The text of an address id (null for 0). */
  address(id: number): string | null {
    return this.addresses.texts[id] ?? null;
  }

  /** The id of an address in this capture, 0 when no packet carries it. */
  addressId(text: string): number {
    return this.addresses.find(text);
  }

  /** How many distinct addresses the capture holds (ids are 1..addressCount). */
  get addressCount(): number {
    return this.addresses.texts.length - 1;
  }

  /** The whole packet of `row`, as the formats used to yield it. */
  packetAt(row: number): Packet {
    const [b, i] = this.at(row);
    const has = b.has[i];
    const opt = (bit: number, value: number): number | null => ((has & bit) !== 0 ? value : null);
    const packet: Packet = {
      kind: 'packet',
      index: row + 1,
      tUs: b.t[i],
      iface: b.iface[i],
      ifName: this.ifNames.get(b.iface[i]) ?? null,
      caplen: b.caplen[i],
      origLen: b.origLen[i],
      offset: b.offset[i],
      ethSrc: this.macs.texts[b.ethSrc[i]] ?? null,
      ethDst: this.macs.texts[b.ethDst[i]] ?? null,
      vlan: this.vlans.get(row)?.slice() ?? [],
      direction: DIRECTIONS[b.shape[i] >> 2] ?? null,
      l3: L3_CODES[b.shape[i] & 3],
      src: this.addresses.texts[b.src[i]] ?? null,
      dst: this.addresses.texts[b.dst[i]] ?? null,
      proto: opt(HAS_PROTO, b.proto[i]),
      ipId: opt(HAS_IPID, b.ipId[i]),
      ttl: opt(HAS_TTL, b.ttl[i]),
      ipLen: opt(HAS_IPLEN, b.ipLen[i]),
      sport: opt(HAS_SPORT, b.portA[i]),
      dport: opt(HAS_DPORT, b.portB[i]),
      tcpFlags: opt(HAS_TCPFLAGS, b.flags[i]),
      seq: opt(HAS_SEQ, b.seq[i]),
      ack: opt(HAS_ACK, b.ack[i]),
      payloadLen: opt(HAS_PAYLOAD, b.payload[i]),
      icmpType: opt(HAS_ICMPTYPE, b.flags[i]),
      icmpCode: opt(HAS_ICMPCODE, b.code[i]),
      icmpId: opt(HAS_ICMPID, b.portA[i]),
      icmpSeq: opt(HAS_ICMPSEQ, b.portB[i]),
      arpOp: opt(HAS_ARPOP, b.code[i]),
      comment: this.comments.get(row) ?? null,
      ifIndex: opt(HAS_IFINDEX, b.ifIndex[i]),
    };
    return packet;
  }

  /** Rows [from, to) as packets: a page for a list, never the whole capture. */
  page(from: number, to: number): Packet[] {
    const out: Packet[] = [];
    for (let row = Math.max(0, from); row < Math.min(to, this.length); row++) out.push(this.packetAt(row));
    return out;
  }
}

/** A capture's packets as the formats yield them: one table per file, counted as its packets. */
export interface PacketTableRecord {
  kind: 'packet-table';
  table: PacketTable;
}
