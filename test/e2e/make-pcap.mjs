// Writes a valid classic pcap (libpcap format, Ethernet, microsecond stamps) of synthetic TCP traffic for the
// end-to-end tests: `flows` client connections to 10.0.0.3:443, each a handshake and then data segments, until
// `packets` frames are written. Deterministic: the same arguments give the same bytes. IPv4 and TCP checksums
// are real, so tcpdump / tshark read the file as they would a capture.
// Ref: https://www.tcpdump.org/manpages/pcap-savefile.5.html (file and record headers),
//      RFC 791 §3.1 (IPv4 header, checksum), RFC 9293 §3.1 (TCP header, pseudo-header checksum).
import { closeSync, openSync, writeSync } from 'node:fs';

function checksum(bytes, start, end, initial = 0) {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if ((end - start) % 2) sum += bytes[end - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function frame({ src, dst, sport, dport, seq, ack, flags, payload, ipId }) {
  const bytes = new Uint8Array(14 + 20 + 20 + payload);
  const view = new DataView(bytes.buffer);
  // Ethernet: destination, source, EtherType IPv4.
  bytes.set([0x52, 0x54, 0x00, 0x00, 0x00, 0x03, 0x52, 0x54, 0x00, 0x00, 0x01, src[3]], 0);
  view.setUint16(12, 0x0800);
  // IPv4: version 4, IHL 5, total length, ID, DF, TTL 64, TCP, checksum, addresses.
  const ip = 14;
  bytes[ip] = 0x45;
  view.setUint16(ip + 2, 40 + payload);
  view.setUint16(ip + 4, ipId & 0xffff);
  view.setUint16(ip + 6, 0x4000);
  bytes[ip + 8] = 64;
  bytes[ip + 9] = 6;
  bytes.set(src, ip + 12);
  bytes.set(dst, ip + 16);
  view.setUint16(ip + 10, checksum(bytes, ip, ip + 20));
  // TCP: ports, sequence numbers, data offset 5, flags, window, checksum over the pseudo-header.
  const tcp = ip + 20;
  view.setUint16(tcp, sport);
  view.setUint16(tcp + 2, dport);
  view.setUint32(tcp + 4, seq >>> 0);
  view.setUint32(tcp + 8, ack >>> 0);
  bytes[tcp + 12] = 5 << 4;
  bytes[tcp + 13] = flags;
  view.setUint16(tcp + 14, 64240);
  for (let i = 0; i < payload; i++) bytes[tcp + 20 + i] = (i * 31 + seq) & 0xff;
  let pseudo = 0;
  for (let i = 0; i < 4; i += 2) pseudo += ((src[i] << 8) | src[i + 1]) + ((dst[i] << 8) | dst[i + 1]);
  pseudo += 6 + 20 + payload;
  view.setUint16(tcp + 16, checksum(bytes, tcp, bytes.length, pseudo));
  return bytes;
}

/** Writes the capture; returns how many packets and bytes were written. */
export function writePcap(path, { packets = 50000, flows = 500, payload = 1200, startUs = Date.UTC(2026, 10, 24, 19, 0, 0) * 1000, gapUs = 150 } = {}) {
  const fd = openSync(path, 'w');
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b2c3d4, true); // microsecond magic, little-endian file
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65535, true); // snaplen
  header.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  writeSync(fd, new Uint8Array(header.buffer));
  const server = [10, 0, 0, 3];
  const state = Array.from({ length: flows }, (_, f) => ({ client: [10, 1, Math.floor(f / 250), 1 + (f % 250)], sport: 40000 + f, seq: 1000 * (f + 1), ack: 5000 * (f + 1), step: 0 }));
  let written = 0;
  let bytes = 24;
  let buffer = [];
  let pending = 0;
  const flush = () => {
    if (pending === 0) return;
    const out = new Uint8Array(pending);
    let at = 0;
    for (const b of buffer) {
      out.set(b, at);
      at += b.length;
    }
    writeSync(fd, out);
    buffer = [];
    pending = 0;
  };
  for (let i = 0; written < packets; i++) {
    const s = state[i % flows];
    let spec;
    if (s.step === 0) spec = { src: s.client, dst: server, sport: s.sport, dport: 443, seq: s.seq, ack: 0, flags: 0x02, payload: 0 };
    else if (s.step === 1) spec = { src: server, dst: s.client, sport: 443, dport: s.sport, seq: s.ack, ack: s.seq + 1, flags: 0x12, payload: 0 };
    else if (s.step === 2) spec = { src: s.client, dst: server, sport: s.sport, dport: 443, seq: s.seq + 1, ack: s.ack + 1, flags: 0x10, payload: 0 };
    else spec = { src: server, dst: s.client, sport: 443, dport: s.sport, seq: s.ack + 1 + (s.step - 3) * payload, ack: s.seq + 1, flags: 0x18, payload };
    s.step++;
    const data = frame({ ...spec, ipId: written });
    const t = startUs + written * gapUs;
    const record = new DataView(new ArrayBuffer(16));
    record.setUint32(0, Math.floor(t / 1e6), true);
    record.setUint32(4, t % 1e6, true);
    record.setUint32(8, data.length, true);
    record.setUint32(12, data.length, true);
    buffer.push(new Uint8Array(record.buffer), data);
    pending += 16 + data.length;
    bytes += 16 + data.length;
    written++;
    if (pending > 8 * 1024 * 1024) flush();
  }
  flush();
  closeSync(fd);
  return { packets: written, bytes };
}
