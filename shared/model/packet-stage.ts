import {
  bitsOf16, bitsOf32, bitsOf8, blockColumnName, columnWidth, ConstantColumns, HAS_IPLEN, HAS_PAYLOAD, MIDDLE_COLUMNS, NARROW_COLUMNS, narrowDoubles,
  OFFSET_MARK_BITS, PacketBlock, UINT_COLUMNS, WIDE_COLUMNS, type ColumnMemory, type UintColumnName,
} from './packet-block';

// The rows being written: full-width columns the decoders store into directly (one concrete array type per column,
// so the stores stay monomorphic and cheap). When 64 Ki rows are in, `seal` narrows them into a PacketBlock and the
// stage is cleared for the next block — one set of wide arrays per table, whatever the capture's size.
// Invariant: every row at or past `length` is all zeros, so a decoder writes only the fields a frame has.

/** Full-width columns for the rows of the block being filled. */
export class PacketStage {
  length = 0;
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
  shape: Uint8Array;

  constructor(public capacity: number) {
    this.t = new Float64Array(capacity);
    this.offset = new Float64Array(capacity);
    this.src = new Uint32Array(capacity);
    this.dst = new Uint32Array(capacity);
    this.seq = new Uint32Array(capacity);
    this.ack = new Uint32Array(capacity);
    this.caplen = new Uint32Array(capacity);
    this.origLen = new Uint32Array(capacity);
    this.payload = new Uint32Array(capacity);
    this.ipLen = new Uint32Array(capacity);
    this.ifIndex = new Uint32Array(capacity);
    this.portA = new Uint16Array(capacity);
    this.portB = new Uint16Array(capacity);
    this.ipId = new Uint16Array(capacity);
    this.iface = new Uint16Array(capacity);
    this.ethSrc = new Uint16Array(capacity);
    this.ethDst = new Uint16Array(capacity);
    this.has = new Uint16Array(capacity);
    this.proto = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.code = new Uint8Array(capacity);
    this.ttl = new Uint8Array(capacity);
    this.shape = new Uint8Array(capacity);
  }

  /** Room for `capacity` rows, keeping the rows written (a small file never pays for a whole block). */
  grow(capacity: number): void {
    const bigger = new PacketStage(capacity);
    bigger.t.set(this.t);
    bigger.offset.set(this.offset);
    for (const name of UINT_COLUMNS) (bigger[name] as Uint8Array).set(this[name] as Uint8Array);
    bigger.length = this.length;
    Object.assign(this, bigger);
  }

  /** Zeroes row `i` (a record abandoned half-written), restoring the invariant. */
  clearRow(i: number): void {
    this.t[i] = 0;
    this.offset[i] = 0;
    for (const name of UINT_COLUMNS) this[name][i] = 0;
  }

  /**
   * The rows as a sealed, narrowed block; the stage is empty (and all zeros) again afterwards. The block's own columns
   * share one ArrayBuffer (one allocation per 64 Ki rows instead of ~20: fewer external-memory GCs).
   */
  seal(constants: ConstantColumns, memory: ColumnMemory): PacketBlock {
    const n = this.length;
    const block = new PacketBlock();
    block.length = n;
    this.keepResiduals(n);
    const step = this.contiguousStep(n);
    const bits = new Map<UintColumnName, [number, number]>();
    for (const name of WIDE_COLUMNS) bits.set(name, bitsOf32(this[name], n));
    for (const name of MIDDLE_COLUMNS) bits.set(name, bitsOf16(this[name], n));
    for (const name of NARROW_COLUMNS) bits.set(name, bitsOf8(this[name], n));
    // Widest first, so every view starts aligned: 32-bit deltas (t, offset unless marked), then 4-, 2- and 1-byte
    // columns.
    let bytes = (step === null ? 8 : 4) * n;
    for (const [or, and] of bits.values()) bytes += columnWidth(or, and) * n;
    const { buffer: arena, offset: start } = memory(Math.ceil(bytes / 8) * 8);
    let at = start;
    const take = (width: number): Uint8Array | Uint16Array | Uint32Array => {
      const view = width === 4 ? new Uint32Array(arena, at, n) : width === 2 ? new Uint16Array(arena, at, n) : new Uint8Array(arena, at, n);
      at += width * n;
      return view;
    };
    const t = narrowDoubles(this.t, n, take(4) as Uint32Array);
    block.t = t.values;
    block.tBase = t.base;
    if (step === null) {
      const offset = narrowDoubles(this.offset, n, take(4) as Uint32Array);
      block.offset = offset.values;
      block.offsetBase = offset.base;
    } else {
      block.offsetStep = step;
      block.offsetMarks = new Float64Array(Math.ceil(n / 64));
      for (let k = 0; k < block.offsetMarks.length; k++) block.offsetMarks[k] = this.offset[k << OFFSET_MARK_BITS];
    }
    for (const width of [4, 2, 1]) {
      for (const [name, [or, and]] of bits) {
        if (columnWidth(or, and) !== width) continue;
        const view = take(width);
        view.set(this[name].subarray(0, n));
        block[blockColumnName(name)] = view;
      }
    }
    for (const [name, [or, and]] of bits) if (columnWidth(or, and) === 0) block[blockColumnName(name)] = constants.constant(or);
    this.t.fill(0, 0, n);
    this.offset.fill(0, 0, n);
    for (const name of UINT_COLUMNS) this[name].fill(0, 0, n);
    this.length = 0;
    return block;
  }

  /** Turns the frame and payload lengths into what the IP length does not tell (see PacketBlock), in place. */
  private keepResiduals(n: number): void {
    const { has, ipLen, origLen, payload } = this;
    for (let i = 0; i < n; i++) {
      if ((has[i] & HAS_IPLEN) !== 0) origLen[i] = (origLen[i] - ipLen[i]) >>> 0;
      payload[i] = (has[i] & HAS_PAYLOAD) !== 0 ? (ipLen[i] - payload[i]) >>> 0 : 0;
    }
  }

  /** The header size between records when each starts where the one before ends (pcap), else null. */
  private contiguousStep(n: number): number | null {
    if (n < 2) return null;
    const { offset, caplen } = this;
    const step = offset[1] - offset[0] - caplen[0];
    if (!(step >= 0)) return null;
    for (let i = 1; i < n - 1; i++) if (offset[i + 1] !== offset[i] + step + caplen[i]) return null;
    return step;
  }

  /** Takes a sealed block's rows back in (rows appended after a table was read). */
  reopen(block: PacketBlock): void {
    if (this.capacity < block.length) this.grow(block.length);
    for (let i = 0; i < block.length; i++) {
      this.t[i] = block.time(i);
      this.offset[i] = block.byteOffset(i);
    }
    for (const name of UINT_COLUMNS) this[name].set(block[blockColumnName(name)].subarray(0, block.length));
    for (let i = 0; i < block.length; i++) {
      this.origLen[i] = block.origLen(i);
      this.payload[i] = block.payload(i);
    }
    this.length = block.length;
  }
}

export { ConstantColumns };
