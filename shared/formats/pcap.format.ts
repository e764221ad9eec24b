import { passOnce, type ArtifactFormat, type ArtifactSource, type ParseContext, type ProbeInput } from './format';
import { PacketTable, type PacketTableRecord } from '../model/packet-table';
import { AddressIds } from './address-ids';
import { ByteReader } from './byte-reader';
import { DECODE_WINDOW, MAX_RECORD_BYTES } from './capture-limits';
import { decodeFrame, isDecodedLinkType, linkTypeText, type RowWriter } from './packet-decode';

// Ref: draft-ietf-opsawg-pcap section 4 (File Header: magic, version, reserved, SnapLen, LinkType) and section 5
// (Packet Record: seconds, µs or ns, captured length, original length, data, no padding). Every field is in the
// byte order of the machine that wrote the file; the magic number tells which.
const MAGIC_MICROS = 0xa1b2c3d4;
const MAGIC_NANOS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** The byte order and time unit a pcap magic number announces, or null when the 4 bytes are not one. */
function readMagic(bytes: Uint8Array): { littleEndian: boolean; nanos: boolean } | null {
  if (bytes.length < 4) return null;
  const big = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const little = ((bytes[3] << 24) | (bytes[2] << 16) | (bytes[1] << 8) | bytes[0]) >>> 0;
  if (big === MAGIC_MICROS || big === MAGIC_NANOS) return { littleEndian: false, nanos: big === MAGIC_NANOS };
  if (little === MAGIC_MICROS || little === MAGIC_NANOS) return { littleEndian: true, nanos: little === MAGIC_NANOS };
  return null;
}

/** Certain (1) when the file starts with a pcap magic number in either byte order, else 0. */
export function probePcap(input: ProbeInput): number {
  return readMagic(input.bytes) === null ? 0 : 1;
}

/**
 * Reads every record into one PacketTable, streaming over the source's chunks, and yields the table (when it holds
 * a packet). Stops with a warning at the first broken record; the packets before it are kept.
 */
export function* parsePcap(source: ArtifactSource, ctx: ParseContext): Generator<PacketTableRecord> {
  const reader = new ByteReader(passOnce(source));
  const table = new PacketTable(source.columnMemory);
  try {
    readRecords(reader, ctx, table);
  } finally {
    reader.close();
  }
  if (table.length > 0) yield { kind: 'packet-table', table };
}

function readRecords(reader: ByteReader, ctx: ParseContext, table: PacketTable): void {
  if (!reader.ensure(FILE_HEADER)) {
    ctx.warn({ code: 'pcap/truncated-header', message: `file ends after ${reader.left} bytes, inside the 24-byte pcap file header`, offset: 0 });
    return;
  }
  const magic = readMagic(reader.bytes.subarray(reader.at, reader.at + 4));
  if (magic === null) {
    ctx.warn({ code: 'pcap/bad-magic', message: 'no pcap magic number at the start of the file', offset: 0 });
    return;
  }
  const little = magic.littleEndian;
  const view = reader.view;
  const at = reader.at;
  const linkField = view.getUint32(at + 20, little);
  // The low 16 bits are the link type; the top bits may announce an FCS length (P bit, FCS len).
  const linkType = linkField & 0xffff;
  ctx.meta('version', `${view.getUint16(at + 4, little)}.${view.getUint16(at + 6, little)}`);
  ctx.meta('byte order', little ? 'little-endian' : 'big-endian');
  ctx.meta('time precision', magic.nanos ? 'nanoseconds' : 'microseconds');
  ctx.meta('snaplen', String(view.getUint32(at + 16, little)));
  ctx.meta('link type', linkTypeText(linkType));
  if (!isDecodedLinkType(linkType)) {
    ctx.warn({ code: 'pcap/unknown-link-type', message: `link type ${linkType} is not decoded: packets keep their times and lengths only`, offset: 20 });
  }
  reader.skip(FILE_HEADER);

  // Each record is decoded straight into the table's columns: no object per packet.
  const row: RowWriter = { table, stage: table.stage, ids: new AddressIds(table), i: 0 };
  /** Begins the row of the record whose header is at `bytes[h]` and decodes its frame (committed by the caller). */
  const decodeRecord = (bytes: Uint8Array, v: DataView, h: number, offset: number, caplen: number): void => {
    const seconds = v.getUint32(h, little);
    const fraction = v.getUint32(h + 4, little);
    const origLen = v.getUint32(h + 12, little);
    // Nanosecond files keep whole µs (floor): the model's clock is µs.
    const tUs = seconds * 1e6 + (magic.nanos ? Math.floor(fraction / 1000) : fraction);
    row.i = table.beginRow(offset, tUs, 0, null, caplen, origLen);
    decodeFrame(bytes, h + RECORD_HEADER, Math.min(caplen, DECODE_WINDOW), origLen, linkType, little, row);
  };
  let index = 0;
  for (;;) {
    // Records wholly inside the current chunk, without a reader call each (almost all of them).
    const bytes = reader.bytes;
    const v = reader.view;
    const end = bytes.length;
    const base = reader.offset - reader.at;
    let h = reader.at;
    while (end - h >= RECORD_HEADER) {
      const caplen = v.getUint32(h + 8, little);
      if (caplen > MAX_RECORD_BYTES || end - h - RECORD_HEADER < caplen) break;
      decodeRecord(bytes, v, h, base + h, caplen);
      table.commitRow();
      index++;
      h += RECORD_HEADER + caplen;
    }
    reader.at = h;
    // One record across a chunk boundary, a broken one, or the end of the file.
    const offset = reader.offset;
    if (!reader.ensure(RECORD_HEADER)) {
      if (reader.left > 0) {
        ctx.warn({ code: 'pcap/truncated-record', message: `file ends inside a record header (${reader.left} of 16 bytes); ${index} packets read`, offset });
      }
      return;
    }
    const caplen = reader.view.getUint32(reader.at + 8, little);
    if (caplen > MAX_RECORD_BYTES) {
      ctx.warn({ code: 'pcap/bad-record-length', message: `record claims ${caplen} captured bytes (more than 256 MiB): not a packet record, reading stops; ${index} packets read`, offset });
      return;
    }
    // The header may be a scratch copy: read it before the reader moves on.
    const header = reader.bytes.slice(reader.at, reader.at + RECORD_HEADER);
    reader.skip(RECORD_HEADER);
    const take = Math.min(caplen, DECODE_WINDOW);
    if (!reader.ensure(take)) {
      ctx.warn({ code: 'pcap/truncated-record', message: `file ends inside packet ${index + 1} (${caplen} bytes captured, ${reader.left} present); ${index} packets read`, offset });
      return;
    }
    const frame = new Uint8Array(RECORD_HEADER + take);
    frame.set(header);
    frame.set(reader.bytes.subarray(reader.at, reader.at + take), RECORD_HEADER);
    decodeRecord(frame, new DataView(frame.buffer), 0, offset, caplen);
    if (!reader.skip(caplen)) {
      table.abortRow();
      ctx.warn({ code: 'pcap/truncated-record', message: `file ends inside packet ${index + 1} (${caplen} bytes captured); ${index} packets read`, offset });
      return;
    }
    index++;
    table.commitRow();
  }
}

/** Classic libpcap capture files (tcpdump -w), µs and ns, either byte order. */
export const pcapFormat: ArtifactFormat<PacketTableRecord> = {
  id: 'pcap',
  label: 'pcap capture (tcpdump / libpcap)',
  kind: 'binary',
  probe: probePcap,
  parse: parsePcap,
  count: (record) => record.table.length,
};
