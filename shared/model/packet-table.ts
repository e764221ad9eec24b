import type { Packet } from './packet';
import {
  HAS_ACK, HAS_ARPOP, HAS_DPORT, HAS_ICMPCODE, HAS_ICMPID, HAS_ICMPSEQ, HAS_ICMPTYPE, HAS_IFINDEX, HAS_IPID, HAS_IPLEN, HAS_PAYLOAD, HAS_PROTO,
  HAS_SEQ, HAS_SPORT, HAS_TCPFLAGS, HAS_TTL, freshColumnMemory, type ColumnMemory, type PacketBlock,
} from './packet-block';
import { ConstantColumns, PacketStage } from './packet-stage';

export * from './packet-block';

// A capture as typed-array columns: a multi-GB capture holds millions of packets, and one object per packet (with
// its strings) costs ~10× the bytes and makes the garbage collector the slowest part of the ingest
// (../shared/design/performance.md: "no object per packet, no string per packet"). Decoders write each record
// straight into the stage's wide columns (beginRow … commitRow); every 64 Ki rows the stage is sealed into a narrow
// block (packet-block.ts), so the store grows without copying what it holds. Addresses and MACs are interned: a
// row holds a number, the text lives once in a pool.

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;
const FIRST_CAPACITY = 256;
/** MAC ids are 16-bit; past this many distinct MACs later ones are kept as unknown (and counted). */
const MAX_MACS = 0xffff;
/** Interface ids are 16-bit. */
const MAX_IFACE = 0xffff;

const L3_CODES: Packet['l3'][] = ['other', 'ipv4', 'ipv6', 'arp'];
const DIRECTIONS: Packet['direction'][] = [null, 'in', 'out'];
/** `shape` codes of the network layer (bits 0-1). */
export const L3_IPV4 = 1;
export const L3_IPV6 = 2;
export const L3_ARP = 3;

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
 * The packets of one capture file, in file order (row i is packet number i + 1). Decoders write rows through
 * beginRow/commitRow (or append a decoded `Packet`); readers go by row through accessors (no allocation), as a
 * `Packet` (`packetAt`, for the few a finding shows), or over the raw columns of `blocks`.
 */
export class PacketTable {
  private readonly sealed: PacketBlock[] = [];
  length = 0;
  /** The rows being written (`stage.length` of them are committed and not yet in a block). */
  stage: PacketStage = new PacketStage(FIRST_CAPACITY);
  private readonly constants = new ConstantColumns(BLOCK);
  private readonly addresses = new TextPool();
  private readonly macs = new TextPool();
  private readonly ifNames = new Map<number, string | null>();
  private readonly vlans = new Map<number, number[]>();
  private readonly comments = new Map<number, string>();
  private pendingVlan: number[] | null = null;
  private pendingComment: string | null = null;
  /** The last block sealed before it was full (the table was read mid-way): reopened if rows follow. */
  private partial = false;
  /** Distinct MACs beyond the 16-bit pool, kept as unknown. */
  macOverflow = 0;
  /** The interface of the row begun last (its name is recorded once). */
  private lastIface = -1;

  /** `memory`: where sealed blocks take their bytes (a fresh ArrayBuffer each by default). */
  constructor(private readonly memory: ColumnMemory = freshColumnMemory) {}

  /** Every row in blocks of 64 Ki (the last may be shorter); seals the rows still staged. */
  get blocks(): readonly PacketBlock[] {
    if (this.stage.length > 0) {
      this.sealed.push(this.stage.seal(this.constants, this.memory));
      this.partial = true;
    }
    return this.sealed;
  }

  /**
   * Starts the next row with its capture facts and returns its index in `stage`; the decoder then stores the
   * fields the frame has and calls `commitRow` (or `abortRow`).
   */
  beginRow(offset: number, tUs: number, iface: number, ifName: string | null, caplen: number, origLen: number): number {
    let stage = this.stage;
    if (this.partial) {
      const last = this.sealed.pop()!;
      stage.reopen(last);
      this.partial = false;
    }
    if (stage.length === stage.capacity) {
      if (stage.capacity < BLOCK) stage.grow(Math.min(BLOCK, stage.capacity * 4));
      else {
        this.sealed.push(stage.seal(this.constants, this.memory));
      }
      stage = this.stage;
    }
    const i = stage.length;
    stage.t[i] = tUs;
    stage.offset[i] = offset;
    stage.caplen[i] = caplen;
    stage.origLen[i] = origLen;
    if (iface !== 0) stage.iface[i] = Math.min(iface, MAX_IFACE);
    if (iface !== this.lastIface) {
      this.lastIface = iface;
      if (!this.ifNames.has(iface)) this.ifNames.set(iface, ifName);
    }
    return i;
  }

  /** Keeps the row begun last. */
  commitRow(): void {
    const row = this.length++;
    this.stage.length++;
    if (this.pendingVlan !== null) {
      this.vlans.set(row, this.pendingVlan);
      this.pendingVlan = null;
    }
    if (this.pendingComment !== null) {
      this.comments.set(row, this.pendingComment);
      this.pendingComment = null;
    }
  }

  /** Drops the row begun last (its record turned out broken). */
  abortRow(): void {
    this.stage.clearRow(this.stage.length);
    this.pendingVlan = null;
    this.pendingComment = null;
  }

  /** A VLAN tag of the row being written, outermost first. */
  pushVlan(tag: number): void {
    (this.pendingVlan ??= []).push(tag);
  }

  /** A comment on the row being written; several are joined by newlines. */
  addComment(text: string): void {
    this.pendingComment = this.pendingComment === null ? text : `${this.pendingComment}\n${text}`;
  }

  /** The direction of the row being written. */
  setDirection(direction: 'in' | 'out'): void {
    const i = this.stage.length;
    this.stage.shape[i] = (this.stage.shape[i] & 3) | ((direction === 'in' ? 1 : 2) << 2);
  }

  /** The id of an address text (interning it). */
  internAddress(text: string): number {
    return this.addresses.idOf(text);
  }

  /** The id of a MAC text (interning it); 0 past the 16-bit pool, counted in `macOverflow`. */
  internMac(text: string): number {
    return this.mac(text);
  }

  /** Copies a decoded packet into the next row; `p.index` is not stored (it is the row + 1). */
  append(p: Packet): void {
    const i = this.beginRow(p.offset, p.tUs, p.iface, p.ifName, p.caplen, p.origLen);
    const s = this.stage;
    s.src[i] = this.addresses.idOf(p.src);
    s.dst[i] = this.addresses.idOf(p.dst);
    s.ethSrc[i] = this.mac(p.ethSrc);
    s.ethDst[i] = this.mac(p.ethDst);
    const l3 = p.l3 === 'ipv4' ? L3_IPV4 : p.l3 === 'ipv6' ? L3_IPV6 : p.l3 === 'arp' ? L3_ARP : 0;
    s.shape[i] = l3 | (p.direction === 'in' ? 1 << 2 : p.direction === 'out' ? 2 << 2 : 0);
    let has = 0;
    const put = (bit: number, value: number | null | undefined, column: Uint8Array | Uint16Array | Uint32Array): void => {
      if (value === null || value === undefined) return;
      has |= bit;
      column[i] = value;
    };
    put(HAS_PROTO, p.proto, s.proto);
    put(HAS_IPID, p.ipId, s.ipId);
    put(HAS_TTL, p.ttl, s.ttl);
    put(HAS_IPLEN, p.ipLen, s.ipLen);
    put(HAS_SEQ, p.seq, s.seq);
    put(HAS_ACK, p.ack, s.ack);
    put(HAS_PAYLOAD, p.payloadLen, s.payload);
    if (p.sport !== null) put(HAS_SPORT, p.sport, s.portA);
    else put(HAS_ICMPID, p.icmpId, s.portA);
    if (p.dport !== null) put(HAS_DPORT, p.dport, s.portB);
    else put(HAS_ICMPSEQ, p.icmpSeq, s.portB);
    if (p.tcpFlags !== null) put(HAS_TCPFLAGS, p.tcpFlags, s.flags);
    else put(HAS_ICMPTYPE, p.icmpType, s.flags);
    if (p.icmpCode !== null) put(HAS_ICMPCODE, p.icmpCode, s.code);
    else put(HAS_ARPOP, p.arpOp, s.code);
    put(HAS_IFINDEX, p.ifIndex, s.ifIndex);
    s.has[i] = has;
    for (const tag of p.vlan) this.pushVlan(tag);
    if (p.comment !== null) this.addComment(p.comment);
    this.commitRow();
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
    return this.blocks[row >>> BLOCK_BITS].time(row & MASK);
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
      tUs: b.time(i),
      iface: b.iface[i],
      ifName: this.ifNames.get(b.iface[i]) ?? null,
      caplen: b.caplen[i],
      origLen: b.origLen(i),
      offset: b.byteOffset(i),
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
      payloadLen: opt(HAS_PAYLOAD, b.payload(i)),
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
