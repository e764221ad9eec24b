// One sealed block of a PacketTable: up to 64 Ki rows whose columns are stored as narrow as their values allow.
// A capture of millions of packets repeats most fields (one interface, a few hosts, TTL 64, protocol 6…): after a
// block fills, each column becomes the narrowest unsigned array that holds it (8, 16 or 32 bits), a column holding a
// single value shares one read-only array with every other block, and times / file offsets are kept as 32-bit
// deltas from the block's first value. That is what lets a 2 GB capture's index fit in a few hundred MB
// (../shared/design/performance.md: "columns at ~24 bytes each").

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

/**
 * Where sealed blocks take their bytes: `bytes` (a multiple of 8) at `offset` of `buffer`. The default is a fresh
 * ArrayBuffer; a host may hand out memory another thread has already touched (the CLI's hashing worker pre-faults
 * it while idle: on a VM, first-touched memory costs more than the parse that fills it).
 */
export type ColumnMemory = (bytes: number) => { buffer: ArrayBufferLike; offset: number };

export function freshColumnMemory(bytes: number): { buffer: ArrayBufferLike; offset: number } {
  return { buffer: new ArrayBuffer(bytes), offset: 0 };
}

/** An unsigned integer column at the width its values need. */
export type UintColumn = Uint8Array | Uint16Array | Uint32Array;

/** The integer columns by their width in the stage (32, 16, 8 bits), in one place for the code that copies or narrows them. */
export const WIDE_COLUMNS = ['src', 'dst', 'seq', 'ack', 'caplen', 'origLen', 'payload', 'ipLen', 'ifIndex'] as const;
export const MIDDLE_COLUMNS = ['portA', 'portB', 'ipId', 'iface', 'ethSrc', 'ethDst', 'has'] as const;
export const NARROW_COLUMNS = ['proto', 'flags', 'code', 'ttl', 'shape'] as const;
export const UINT_COLUMNS = [...WIDE_COLUMNS, ...MIDDLE_COLUMNS, ...NARROW_COLUMNS] as const;
export type UintColumnName = (typeof UINT_COLUMNS)[number];
/** A sealed block keeps two lengths as what the IP length does not tell (see PacketBlock). */
export type BlockColumnName = Exclude<UintColumnName, 'origLen' | 'payload'> | 'origLenOverIp' | 'headerBytes';

/** Where a stage column goes in a sealed block. */
export function blockColumnName(name: UintColumnName): BlockColumnName {
  return name === 'origLen' ? 'origLenOverIp' : name === 'payload' ? 'headerBytes' : name;
}

/** Rows per offset mark when a block's records follow each other (see PacketBlock.byteOffset). */
export const OFFSET_MARK_BITS = 6;

/**
 * A sealed block of rows, column by column. Some columns are shared by fields a row cannot have together:
 * `portA`/`portB` hold the TCP/UDP ports or the ICMP echo id/sequence, `flags` the TCP flags or the ICMP type, `code`
 * the ICMP code or the ARP opcode; `has` says which. Besides narrow widths, three columns are kept as what the others do not already say, which
 * for a capture of one link type is a constant (no bytes per row): the frame length over the IP length
 * (`origLenOverIp`, 14 on Ethernet), the IP and transport header bytes (`headerBytes`, IP length − payload), and — when
 * every record starts where the one before ends, as in pcap — no offsets at all, only one mark every 64 rows plus the
 * record overhead (`offsetStep`, 16 in pcap) added to the captured lengths between. Read those through `origLen(i)`,
 * `payload(i)` and `byteOffset(i)`.
 */
export class PacketBlock {
  length = 0;
  t: Float64Array | Uint32Array = new Float64Array(0);
  tBase = 0;
  /** Byte offset of row i is `offsetBase + offset[i]`, unless `offsetMarks` is set. */
  offset: Float64Array | Uint32Array | null = null;
  offsetBase = 0;
  /** Offsets of rows 0, 64, 128…, when the records are contiguous; `offsetStep` is each record's header size. */
  offsetMarks: Float64Array | null = null;
  offsetStep = 0;
  src: UintColumn = EMPTY;
  dst: UintColumn = EMPTY;
  seq: UintColumn = EMPTY;
  ack: UintColumn = EMPTY;
  caplen: UintColumn = EMPTY;
  /** Frame length − IP length when the row has an IP length (unsigned 32-bit wrap), else the frame length. */
  origLenOverIp: UintColumn = EMPTY;
  /** IP length − payload length when the row has a payload length (unsigned 32-bit wrap), else 0. */
  headerBytes: UintColumn = EMPTY;
  ipLen: UintColumn = EMPTY;
  ifIndex: UintColumn = EMPTY;
  portA: UintColumn = EMPTY;
  portB: UintColumn = EMPTY;
  ipId: UintColumn = EMPTY;
  iface: UintColumn = EMPTY;
  ethSrc: UintColumn = EMPTY;
  ethDst: UintColumn = EMPTY;
  has: UintColumn = EMPTY;
  proto: UintColumn = EMPTY;
  flags: UintColumn = EMPTY;
  code: UintColumn = EMPTY;
  ttl: UintColumn = EMPTY;
  shape: UintColumn = EMPTY;

  /** Capture time of row `i`, µs since the epoch. */
  time(i: number): number {
    return this.tBase + this.t[i];
  }

  /** Byte offset in the file of row `i`'s record. */
  byteOffset(i: number): number {
    if (this.offset !== null) return this.offsetBase + this.offset[i];
    const first = (i >> OFFSET_MARK_BITS) << OFFSET_MARK_BITS;
    let at = this.offsetMarks![i >> OFFSET_MARK_BITS];
    for (let k = first; k < i; k++) at += this.offsetStep + this.caplen[k];
    return at;
  }

  /** The frame's length on the wire. */
  origLen(i: number): number {
    return (this.has[i] & HAS_IPLEN) !== 0 ? (this.ipLen[i] + this.origLenOverIp[i]) >>> 0 : this.origLenOverIp[i];
  }

  /** The payload length (0 when the row has none: see `has`). */
  payload(i: number): number {
    return (this.has[i] & HAS_PAYLOAD) !== 0 ? (this.ipLen[i] - this.headerBytes[i]) >>> 0 : 0;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Read-only columns shared by a table's blocks: `constant(v)` is a full block of the value `v` at the narrowest
 * width. A block whose column holds one value points at it instead of holding its own copy. Never written to.
 */
export class ConstantColumns {
  private readonly filled = new Map<number, UintColumn>();

  constructor(private readonly size: number) {}

  constant(value: number): UintColumn {
    let column = this.filled.get(value);
    if (!column) {
      column = value < 256 ? new Uint8Array(this.size) : value < 65536 ? new Uint16Array(this.size) : new Uint32Array(this.size);
      this.filled.set(value, column.fill(value));
    }
    return column;
  }
}

/**
 * Bytes per row a column needs, from the bitwise OR and AND of its rows (see `bitsOf32`): 0 when every row holds the
 * same value (the block then shares a constant column), else 1, 2 or 4.
 */
export function columnWidth(or: number, and: number): number {
  if (or === and) return 0;
  return or < 256 ? 1 : or < 65536 ? 2 : 4;
}

// One scan per column width: a loop that sees a single array type keeps its element loads monomorphic (one generic
// loop over the three types ran 4× slower on a 4.9 M-packet capture).
/** Bitwise OR and AND of rows [0, n) of a 32-bit column, as `[or, and]` (unsigned). */
export function bitsOf32(column: Uint32Array, n: number): [number, number] {
  let or = 0;
  let and = n > 0 ? column[0] : 0;
  for (let i = 0; i < n; i++) {
    or |= column[i];
    and &= column[i];
  }
  return [or >>> 0, and >>> 0];
}

/** Bitwise OR and AND of rows [0, n) of a 16-bit column. */
export function bitsOf16(column: Uint16Array, n: number): [number, number] {
  let or = 0;
  let and = n > 0 ? column[0] : 0;
  for (let i = 0; i < n; i++) {
    or |= column[i];
    and &= column[i];
  }
  return [or, and];
}

/** Bitwise OR and AND of rows [0, n) of an 8-bit column. */
export function bitsOf8(column: Uint8Array, n: number): [number, number] {
  let or = 0;
  let and = n > 0 ? column[0] : 0;
  for (let i = 0; i < n; i++) {
    or |= column[i];
    and &= column[i];
  }
  return [or, and];
}

/**
 * Rows [0, n) of a µs or byte-offset column as a base plus 32-bit deltas in `deltas` when they are whole numbers
 * within 2^32 of the smallest (one block of a capture always is, unless its clock jumps by more than 71 minutes),
 * else as doubles.
 */
export function narrowDoubles(column: Float64Array, n: number, deltas: Uint32Array): { base: number; values: Float64Array | Uint32Array } {
  let min = n > 0 ? column[0] : 0;
  for (let i = 1; i < n; i++) if (column[i] < min) min = column[i];
  let exact = true;
  for (let i = 0; i < n; i++) {
    const delta = column[i] - min;
    deltas[i] = delta;
    // A fraction or a delta past 2^32 does not survive the store.
    if (deltas[i] !== delta) exact = false;
  }
  return exact ? { base: min, values: deltas } : { base: 0, values: column.slice(0, n) };
}
