import { passOnce, type ArtifactFormat, type ArtifactSource, type ParseContext, type ProbeInput } from './format';
import type { ParseWarning } from '../model/artifact';
import { PacketTable, type PacketTableRecord } from '../model/packet-table';
import { AddressIds } from './address-ids';
import { ByteReader } from './byte-reader';
import { DECODE_WINDOW, MAX_RECORD_BYTES } from './capture-limits';
import { decodeFrame, isDecodedLinkType, linkTypeText, type RowWriter } from './packet-decode';
import { ticksToMicros, tsresolText } from './pcapng-time';

// Ref: draft-ietf-opsawg-pcapng (PCAP Now Generic). Section 3.1: every block is type, total length, body,
// total length again (a multiple of 4, at least 12). Section 3.5: options are code, length, value padded to 32
// bits, ended by opt_endofopt (0). Section 3.4: a file may hold several sections, each opened by a Section
// Header Block that sets the byte order and restarts interface numbering.
const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 1;
const BLOCK_PB = 2;
const BLOCK_SPB = 3;
const BLOCK_NRB = 4;
const BLOCK_ISB = 5;
const BLOCK_EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_COMMENT = 1;
/** A non-packet block is read whole; past this size it is corruption, not metadata. */
const MAX_METADATA_BLOCK = 16 * 1024 * 1024;
/** Packet options (comments, flags) beyond this size are skipped unread. */
const MAX_PACKET_OPTIONS = 1024 * 1024;
/** Warnings of one code listed one by one before they are only counted. */
const WARNINGS_PER_CODE = 20;

const SKIPPED_BLOCK_NAMES: Record<number, string> = {
  7: 'IRIG timestamp (obsolete)',
  8: 'ARINC 429 (obsolete)',
  9: 'systemd journal export',
  0x0a: 'Decryption Secrets',
  0x0bad: 'Custom (copiable)',
  0x40000bad: 'Custom (not copiable)',
};

/** One Interface Description Block, as packets of its section refer to it. */
interface CaptureInterface {
  /** File-wide number: the IDB's position among all IDBs of the file (equals the IDB index in a one-section file). */
  id: number;
  linkType: number;
  snaplen: number;
  name: string | null;
  tsresol: number;
  /** if_tsoffset, in µs. */
  offsetUs: number;
}

/** What the reader knows at a point in the file. */
interface ReadState {
  little: boolean;
  section: number;
  /** This section's interfaces, by their in-section id. */
  interfaces: CaptureInterface[];
  nextInterfaceId: number;
  /** True inside a section whose major version is not 1: its blocks are skipped (section 3.4). */
  skippingSection: boolean;
  packets: number;
  lastTUs: number;
  simpleTimeWarned: boolean;
  skippedTypes: Set<number>;
  nameRecords: number;
  /** The row being written into the table: every packet block is decoded straight into its columns. */
  readonly row: RowWriter;
  readonly text: TextDecoder;
  readonly warnings: CappedWarnings;
  readonly ctx: ParseContext;
}

/** Lists the first warnings of each code and counts the rest, so a damaged 1 GB file gives a readable list. */
class CappedWarnings {
  private readonly counts = new Map<string, number>();

  constructor(private readonly ctx: ParseContext) {}

  warn(warning: ParseWarning): void {
    const n = (this.counts.get(warning.code) ?? 0) + 1;
    this.counts.set(warning.code, n);
    if (n <= WARNINGS_PER_CODE) this.ctx.warn(warning);
  }

  flush(): void {
    for (const [code, n] of this.counts) {
      if (n > WARNINGS_PER_CODE) this.ctx.warn({ code, message: `${n - WARNINGS_PER_CODE} more warnings like the ones above (${n} in all)` });
    }
  }
}

/** Certain (1) when the file opens with a Section Header Block: type 0x0A0D0D0A and the byte-order magic at offset 8. */
export function probePcapng(input: ProbeInput): number {
  const b = input.bytes;
  if (b.length < 12 || b[0] !== 0x0a || b[1] !== 0x0d || b[2] !== 0x0d || b[3] !== 0x0a) return 0;
  const little = b[8] === 0x4d && b[9] === 0x3c && b[10] === 0x2b && b[11] === 0x1a;
  const big = b[8] === 0x1a && b[9] === 0x2b && b[10] === 0x3c && b[11] === 0x4d;
  return little || big ? 1 : 0;
}

/**
 * Reads every EPB / SPB / PB into one PacketTable, streaming over the source's chunks, and yields the table (when it
 * holds a packet); other blocks become facts (`meta`).
 */
export function* parsePcapng(source: ArtifactSource, ctx: ParseContext): Generator<PacketTableRecord> {
  const reader = new ByteReader(passOnce(source));
  const table = new PacketTable(source.columnMemory);
  const state: ReadState = {
    little: true,
    section: 0,
    interfaces: [],
    nextInterfaceId: 0,
    skippingSection: false,
    packets: 0,
    lastTUs: 0,
    simpleTimeWarned: false,
    skippedTypes: new Set(),
    nameRecords: 0,
    row: { table, stage: table.stage, ids: new AddressIds(table), i: 0 },
    text: new TextDecoder('utf-8'),
    warnings: new CappedWarnings(ctx),
    ctx,
  };
  try {
    readBlocks(reader, state);
    if (state.nameRecords > 0) ctx.meta('name resolution', `${state.nameRecords} address records`);
  } finally {
    reader.close();
    state.warnings.flush();
  }
  if (table.length > 0) yield { kind: 'packet-table', table };
}

function readBlocks(reader: ByteReader, state: ReadState): void {
  for (;;) {
    const start = reader.offset;
    if (!reader.ensure(8)) {
      if (reader.left > 0) truncated(state, start, `a block header (${reader.left} of 8 bytes)`);
      return;
    }
    const b = reader.bytes;
    const isSection = b[reader.at] === 0x0a && b[reader.at + 1] === 0x0d && b[reader.at + 2] === 0x0d && b[reader.at + 3] === 0x0a;
    if (isSection) {
      if (!reader.ensure(12)) {
        truncated(state, start, 'a Section Header Block');
        return;
      }
      const magic = reader.view.getUint32(reader.at + 8, true);
      if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) {
        state.warnings.warn({ code: 'pcapng/bad-byte-order', message: 'Section Header Block without the byte-order magic 0x1A2B3C4D: reading stops', offset: start + 8 });
        return;
      }
      state.little = magic === BYTE_ORDER_MAGIC;
    } else if (state.section === 0) {
      state.warnings.warn({ code: 'pcapng/no-section-header', message: 'the file does not open with a Section Header Block', offset: start });
      return;
    }
    const type = reader.view.getUint32(reader.at, state.little);
    const length = reader.view.getUint32(reader.at + 4, state.little);
    if (length < 12 || length % 4 !== 0 || length > MAX_RECORD_BYTES) {
      state.warnings.warn({
        code: 'pcapng/bad-block-length',
        message: `${blockName(type)} claims ${length} bytes (a block is a multiple of 4, from 12 bytes to 256 MiB): reading stops; ${state.packets} packets read`,
        offset: start,
      });
      return;
    }
    if (isSection) {
      if (!readSectionHeader(reader, state, start, length)) return;
      continue;
    }
    if (state.skippingSection) {
      if (!finishBlock(reader, state, start, length, type)) return;
      continue;
    }
    if (type === BLOCK_EPB || type === BLOCK_PB || type === BLOCK_SPB) {
      const packet = type === BLOCK_SPB ? readSimplePacket(reader, state, start, length) : readPacket(reader, state, start, length, type);
      if (packet === 'stop') return;
      if (packet === 'skip') continue;
      state.packets++;
      state.lastTUs = state.row.stage.t[state.row.i];
      state.row.table.commitRow();
      continue;
    }
    let ok: boolean;
    if (type === BLOCK_IDB) ok = readInterface(reader, state, start, length);
    else if (type === BLOCK_ISB) ok = readStatistics(reader, state, start, length);
    else if (type === BLOCK_NRB) ok = readNames(reader, state, start, length);
    else {
      if (!state.skippedTypes.has(type)) {
        state.skippedTypes.add(type);
        state.warnings.warn({ code: 'pcapng/skipped-block', message: `${blockName(type)}: not read, skipped by its length (said once per block type)`, offset: start });
      }
      ok = finishBlock(reader, state, start, length, type);
    }
    if (!ok) return;
  }
}

function blockName(type: number): string {
  const hex = `0x${type.toString(16).padStart(8, '0')}`;
  switch (type) {
    case BLOCK_SHB: return 'Section Header Block';
    case BLOCK_IDB: return 'Interface Description Block';
    case BLOCK_PB: return 'Packet Block (obsolete)';
    case BLOCK_SPB: return 'Simple Packet Block';
    case BLOCK_NRB: return 'Name Resolution Block';
    case BLOCK_ISB: return 'Interface Statistics Block';
    case BLOCK_EPB: return 'Enhanced Packet Block';
    default: return SKIPPED_BLOCK_NAMES[type] === undefined ? `block type ${hex}` : `${SKIPPED_BLOCK_NAMES[type]} block (${hex})`;
  }
}

function truncated(state: ReadState, offset: number, what: string): void {
  state.warnings.warn({ code: 'pcapng/truncated-block', message: `file ends inside ${what}; ${state.packets} packets read`, offset });
}

/** Moves to the block's trailing length, checks it against the leading one and steps past it. False: stop reading. */
function finishBlock(reader: ByteReader, state: ReadState, start: number, length: number, type: number): boolean {
  if (!reader.skip(start + length - 4 - reader.offset) || !reader.ensure(4)) {
    truncated(state, start, `a ${length}-byte ${blockName(type)}`);
    return false;
  }
  const trailer = reader.view.getUint32(reader.at, state.little);
  if (trailer !== length) {
    state.warnings.warn({
      code: 'pcapng/length-mismatch',
      message: `${blockName(type)} starts with length ${length} but ends with ${trailer}: the file is damaged here, reading stops; ${state.packets} packets read`,
      offset: start,
    });
    return false;
  }
  reader.skip(4);
  return true;
}

/** Makes a whole non-packet block contiguous from `reader.at`. False (having warned): stop reading. */
function loadBlock(reader: ByteReader, state: ReadState, start: number, length: number, type: number, minimum: number): 'loaded' | 'short' | 'stop' {
  if (length > MAX_METADATA_BLOCK) {
    state.warnings.warn({ code: 'pcapng/bad-block-length', message: `${blockName(type)} claims ${length} bytes (more than 16 MiB of metadata): reading stops; ${state.packets} packets read`, offset: start });
    return 'stop';
  }
  if (!reader.ensure(length)) {
    truncated(state, start, `a ${length}-byte ${blockName(type)}`);
    return 'stop';
  }
  if (length < minimum) {
    state.warnings.warn({ code: 'pcapng/short-block', message: `${blockName(type)} of ${length} bytes is shorter than its fixed fields (${minimum})`, offset: start });
    return 'short';
  }
  return 'loaded';
}

/**
 * Calls `visit(code, valueOffset, valueLength)` for each option in `bytes[from, to)` of the current window.
 * Ref: draft-ietf-opsawg-pcapng section 3.5. Warns once and stops at an option that runs past the block.
 */
function forEachOption(reader: ByteReader, state: ReadState, from: number, to: number, blockStart: number, visit: (code: number, value: number, length: number) => void): void {
  const view = reader.view;
  let at = from;
  while (to - at >= 4) {
    const code = view.getUint16(at, state.little);
    const length = view.getUint16(at + 2, state.little);
    if (code === 0) return;
    if (at + 4 + length > to) {
      state.warnings.warn({ code: 'pcapng/bad-option', message: `option ${code} of ${length} bytes runs past the end of its block; the block's remaining options are ignored`, offset: blockStart });
      return;
    }
    visit(code, at + 4, length);
    at += 4 + length + ((4 - (length & 3)) & 3);
  }
}

/** UTF-8 option text; some writers count a trailing NUL in the length. Ref: draft-ietf-opsawg-pcapng section 3.6.3. */
function optionText(reader: ByteReader, state: ReadState, value: number, length: number): string {
  let end = value + length;
  while (end > value && reader.bytes[end - 1] === 0) end--;
  return state.text.decode(reader.bytes.subarray(value, end));
}

function u64(reader: ByteReader, state: ReadState, at: number): number {
  return Number(reader.view.getBigUint64(at, state.little));
}

/**
 * Ref: draft-ietf-opsawg-pcapng section 4.1: byte-order magic, major and minor version, section length, then
 * options shb_hardware (2), shb_os (3), shb_userappl (4). A major version other than 1 cannot be read: skip the
 * section (section 3.4). Facts of the first section are plain keys; later sections' are prefixed `section N`.
 */
function readSectionHeader(reader: ByteReader, state: ReadState, start: number, length: number): boolean {
  const loaded = loadBlock(reader, state, start, length, BLOCK_SHB, 28);
  if (loaded !== 'loaded') return false;
  state.section++;
  state.interfaces = [];
  const at = reader.at;
  const major = reader.view.getUint16(at + 12, state.little);
  const minor = reader.view.getUint16(at + 14, state.little);
  const prefix = state.section === 1 ? '' : `section ${state.section} `;
  const meta = (key: string, value: string) => state.ctx.meta(prefix + key, value);
  meta('version', `${major}.${minor}`);
  meta('byte order', state.little ? 'little-endian' : 'big-endian');
  state.skippingSection = major !== 1;
  if (state.skippingSection) {
    state.warnings.warn({ code: 'pcapng/unsupported-version', message: `section ${state.section} is pcapng version ${major}.${minor}: its blocks are skipped`, offset: start });
  } else {
    const comments: string[] = [];
    forEachOption(reader, state, at + 24, at + length - 4, start, (code, value, size) => {
      if (code === OPT_COMMENT) comments.push(optionText(reader, state, value, size));
      else if (code === 2) meta('shb_hardware', optionText(reader, state, value, size));
      else if (code === 3) meta('shb_os', optionText(reader, state, value, size));
      else if (code === 4) meta('shb_userappl', optionText(reader, state, value, size));
    });
    if (comments.length > 0) meta('comment', comments.join('\n'));
  }
  return finishBlock(reader, state, start, length, BLOCK_SHB);
}

/**
 * Ref: draft-ietf-opsawg-pcapng section 4.2: link type, reserved, snaplen, then options if_name (2),
 * if_description (3), if_tsresol (9), if_filter (11, first byte 0 = libpcap filter string), if_os (12),
 * if_tsoffset (14, signed seconds), if_hardware (15). A block too short to read still takes its interface
 * number, so the packets of the interfaces after it keep theirs.
 */
function readInterface(reader: ByteReader, state: ReadState, start: number, length: number): boolean {
  const loaded = loadBlock(reader, state, start, length, BLOCK_IDB, 20);
  if (loaded === 'stop') return false;
  const iface: CaptureInterface = { id: state.nextInterfaceId++, linkType: -1, snaplen: 0, name: null, tsresol: 6, offsetUs: 0 };
  state.interfaces.push(iface);
  if (loaded === 'short') return finishBlock(reader, state, start, length, BLOCK_IDB);
  const at = reader.at;
  iface.linkType = reader.view.getUint16(at + 8, state.little);
  iface.snaplen = reader.view.getUint32(at + 12, state.little);
  const details: string[] = [];
  forEachOption(reader, state, at + 16, at + length - 4, start, (code, value, size) => {
    if (code === 2) iface.name = optionText(reader, state, value, size);
    else if (code === 9 && size >= 1) iface.tsresol = reader.bytes[value];
    else if (code === 14 && size >= 8) iface.offsetUs = Number(reader.view.getBigInt64(value, state.little)) * 1e6;
    else if (code === 3) details.push(`description ${optionText(reader, state, value, size)}`);
    else if (code === 11 && size >= 1 && reader.bytes[value] === 0) details.push(`filter ${optionText(reader, state, value + 1, size - 1)}`);
    else if (code === 12) details.push(`os ${optionText(reader, state, value, size)}`);
    else if (code === 15) details.push(`hardware ${optionText(reader, state, value, size)}`);
  });
  const facts = [iface.name ?? '(no name)', `link type ${linkTypeText(iface.linkType)}`, `snaplen ${iface.snaplen}`, `tsresol ${tsresolText(iface.tsresol)}`];
  if (iface.offsetUs !== 0) facts.push(`tsoffset ${iface.offsetUs / 1e6} s`);
  state.ctx.meta(`interface ${iface.id}`, [...facts, ...details].join(', '));
  if (!isDecodedLinkType(iface.linkType)) {
    state.warnings.warn({ code: 'pcapng/unknown-link-type', message: `interface ${iface.id} has link type ${iface.linkType}, which is not decoded: its packets keep times and lengths only`, offset: start });
  }
  return finishBlock(reader, state, start, length, BLOCK_IDB);
}

/**
 * Enhanced Packet Block (section 4.3: interface id, timestamp high/low, captured and original length, data
 * padded to 32 bits, options epb_flags (2) and opt_comment) and the obsolete Packet Block (appendix A: 16-bit
 * interface id, 16-bit drop count, then the same fields; pack_flags is also option 2).
 */
function readPacket(reader: ByteReader, state: ReadState, start: number, length: number, type: number): 'ok' | 'skip' | 'stop' {
  if (length < 32) return shortPacketBlock(reader, state, start, length, type, 32);
  if (!reader.ensure(28)) {
    truncated(state, start, `a ${length}-byte ${blockName(type)}`);
    return 'stop';
  }
  const v = reader.view;
  const at = reader.at;
  const interfaceId = type === BLOCK_EPB ? v.getUint32(at + 8, state.little) : v.getUint16(at + 8, state.little);
  const high = v.getUint32(at + 12, state.little);
  const low = v.getUint32(at + 16, state.little);
  const caplen = v.getUint32(at + 20, state.little);
  const origLen = v.getUint32(at + 24, state.little);
  if (caplen > length - 32) {
    state.warnings.warn({ code: 'pcapng/bad-captured-length', message: `${blockName(type)} of ${length} bytes claims ${caplen} captured bytes: packet skipped`, offset: start });
    return finishBlock(reader, state, start, length, type) ? 'skip' : 'stop';
  }
  const iface = state.interfaces[interfaceId];
  if (iface === undefined) return unknownInterface(reader, state, start, length, type, interfaceId);
  const table = state.row.table;
  state.row.i = table.beginRow(start, ticksToMicros(high, low, iface.tsresol) + iface.offsetUs, iface.id, iface.name, caplen, origLen);
  reader.skip(28);
  if (!readFrame(reader, state, start, length, type, iface, caplen, origLen)) return 'stop';
  const padded = caplen + ((4 - (caplen & 3)) & 3);
  const optionsLength = length - 32 - padded;
  const readOptions = optionsLength > 0 && optionsLength <= MAX_PACKET_OPTIONS;
  if (!reader.skip(padded) || (readOptions && !reader.ensure(optionsLength))) {
    table.abortRow();
    truncated(state, start, `a ${length}-byte ${blockName(type)}`);
    return 'stop';
  }
  if (readOptions) readPacketOptions(reader, state, reader.at, reader.at + optionsLength, start, table);
  if (finishBlock(reader, state, start, length, type)) return 'ok';
  table.abortRow();
  return 'stop';
}

/** Options of a packet block: opt_comment (1, may repeat) and epb_flags / pack_flags (2, bits 0-1: 01 inbound, 10 outbound; section 4.3.1). */
function readPacketOptions(reader: ByteReader, state: ReadState, from: number, to: number, blockStart: number, table: PacketTable): void {
  const view = reader.view;
  let at = from;
  while (to - at >= 4) {
    const code = view.getUint16(at, state.little);
    const length = view.getUint16(at + 2, state.little);
    if (code === 0) return;
    if (at + 4 + length > to) {
      state.warnings.warn({ code: 'pcapng/bad-option', message: `option ${code} of ${length} bytes runs past the end of its block; the block's remaining options are ignored`, offset: blockStart });
      return;
    }
    if (code === OPT_COMMENT) {
      table.addComment(optionText(reader, state, at + 4, length));
    } else if (code === 2 && length >= 4) {
      const direction = view.getUint32(at + 4, state.little) & 3;
      if (direction === 1) table.setDirection('in');
      else if (direction === 2) table.setDirection('out');
    }
    at += 4 + length + ((4 - (length & 3)) & 3);
  }
}

/**
 * Ref: draft-ietf-opsawg-pcapng section 4.4: original length, then data; the interface is always the section's
 * first; captured length = min(original length, snaplen, room in the block). It has no timestamp: the packet
 * takes the previous packet's time (0 when it is the first), said once in a warning.
 */
function readSimplePacket(reader: ByteReader, state: ReadState, start: number, length: number): 'ok' | 'skip' | 'stop' {
  if (length < 16) return shortPacketBlock(reader, state, start, length, BLOCK_SPB, 16);
  if (!reader.ensure(12)) {
    truncated(state, start, `a ${length}-byte ${blockName(BLOCK_SPB)}`);
    return 'stop';
  }
  const origLen = reader.view.getUint32(reader.at + 8, state.little);
  const iface = state.interfaces[0];
  if (iface === undefined) return unknownInterface(reader, state, start, length, BLOCK_SPB, 0);
  let caplen = Math.min(origLen, length - 16);
  if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
  if (!state.simpleTimeWarned) {
    state.simpleTimeWarned = true;
    state.warnings.warn({
      code: 'pcapng/simple-packet-no-time',
      message: `packet ${state.packets + 1} and every later Simple Packet Block carry no time stamp: each takes the time of the packet before it`,
      offset: start,
    });
  }
  const table = state.row.table;
  state.row.i = table.beginRow(start, state.lastTUs, iface.id, iface.name, caplen, origLen);
  reader.skip(12);
  if (!readFrame(reader, state, start, length, BLOCK_SPB, iface, caplen, origLen)) return 'stop';
  if (finishBlock(reader, state, start, length, BLOCK_SPB)) return 'ok';
  table.abortRow();
  return 'stop';
}

/** Decodes the frame at the read position (the first DECODE_WINDOW bytes at most). False (having warned, row dropped): stop. */
function readFrame(reader: ByteReader, state: ReadState, start: number, length: number, type: number, iface: CaptureInterface, caplen: number, origLen: number): boolean {
  const take = Math.min(caplen, DECODE_WINDOW);
  if (!reader.ensure(take)) {
    state.row.table.abortRow();
    truncated(state, start, `a ${length}-byte ${blockName(type)}`);
    return false;
  }
  decodeFrame(reader.bytes, reader.at, take, origLen, iface.linkType, state.little, state.row);
  return true;
}

function shortPacketBlock(reader: ByteReader, state: ReadState, start: number, length: number, type: number, minimum: number): 'skip' | 'stop' {
  state.warnings.warn({ code: 'pcapng/short-block', message: `${blockName(type)} of ${length} bytes is shorter than its fixed fields (${minimum}): packet skipped`, offset: start });
  return finishBlock(reader, state, start, length, type) ? 'skip' : 'stop';
}

function unknownInterface(reader: ByteReader, state: ReadState, start: number, length: number, type: number, interfaceId: number): 'skip' | 'stop' {
  state.warnings.warn({
    code: 'pcapng/unknown-interface',
    message: `${blockName(type)} refers to interface ${interfaceId}, but section ${state.section} describes ${state.interfaces.length}: packet skipped`,
    offset: start,
  });
  return finishBlock(reader, state, start, length, type) ? 'skip' : 'stop';
}

/**
 * Ref: draft-ietf-opsawg-pcapng section 4.6: interface id, timestamp, then options isb_ifrecv (4), isb_ifdrop (5),
 * isb_filteraccept (6), isb_osdrop (7), isb_usrdeliv (8), each a 64-bit count. The drop counters matter here:
 * packets the capture itself lost are not packets the host dropped. Counts are cumulative: the last block wins.
 */
function readStatistics(reader: ByteReader, state: ReadState, start: number, length: number): boolean {
  const loaded = loadBlock(reader, state, start, length, BLOCK_ISB, 24);
  if (loaded === 'stop') return false;
  if (loaded === 'loaded') {
    const at = reader.at;
    const interfaceId = reader.view.getUint32(at + 8, state.little);
    const iface = state.interfaces[interfaceId];
    const counters: string[] = [];
    const labels: Record<number, string> = { 4: 'ifrecv', 5: 'ifdrop', 6: 'filteraccept', 7: 'osdrop', 8: 'usrdeliv' };
    forEachOption(reader, state, at + 20, at + length - 4, start, (code, value, size) => {
      if (labels[code] !== undefined && size >= 8) counters.push(`${labels[code]} ${u64(reader, state, value)}`);
    });
    if (iface === undefined) {
      state.warnings.warn({ code: 'pcapng/unknown-interface', message: `Interface Statistics Block refers to interface ${interfaceId}, which section ${state.section} does not describe`, offset: start });
    } else if (counters.length > 0) {
      state.ctx.meta(`interface ${iface.id} statistics`, counters.join(', '));
    }
  }
  return finishBlock(reader, state, start, length, BLOCK_ISB);
}

/**
 * Ref: draft-ietf-opsawg-pcapng section 4.5: records of type (1 IPv4, 2 IPv6, 0 end), length, value padded to
 * 32 bits. Only counted for now: names are the capturer's DNS view, not evidence of a drop.
 */
function readNames(reader: ByteReader, state: ReadState, start: number, length: number): boolean {
  const loaded = loadBlock(reader, state, start, length, BLOCK_NRB, 12);
  if (loaded === 'stop') return false;
  const view = reader.view;
  const end = reader.at + length - 4;
  let at = reader.at + 8;
  while (end - at >= 4) {
    const type = view.getUint16(at, state.little);
    const size = view.getUint16(at + 2, state.little);
    if (type === 0) break;
    if (at + 4 + size > end) {
      state.warnings.warn({ code: 'pcapng/bad-option', message: `name record of ${size} bytes runs past the end of its block`, offset: start });
      break;
    }
    if (type === 1 || type === 2) state.nameRecords++;
    at += 4 + size + ((4 - (size & 3)) & 3);
  }
  return finishBlock(reader, state, start, length, BLOCK_NRB);
}

/** pcap Next Generation capture files (dumpcap, Wireshark, tshark, editcap), every section and interface. */
export const pcapngFormat: ArtifactFormat<PacketTableRecord> = {
  id: 'pcapng',
  label: 'pcapng capture (Wireshark / dumpcap)',
  kind: 'binary',
  probe: probePcapng,
  parse: parsePcapng,
  count: (record) => record.table.length,
};
