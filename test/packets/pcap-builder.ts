// Builds small Ethernet/IPv4 pcaps in memory for tests that need a shape of traffic no fixture has (floods, scans,
// block boundaries). Byte layout as tcpdump writes it; checksums are left 0 (no reader here checks them).

/** One frame to write. */
export interface FrameSpec {
  tUs: number;
  src: string;
  dst: string;
  /** 6 tcp, 17 udp, 1 icmp. */
  proto: number;
  sport?: number;
  dport?: number;
  /** TCP flags byte, or the ICMP type. */
  flags?: number;
  seq?: number;
  ipId?: number;
  icmpId?: number;
  icmpSeq?: number;
}

const ip4 = (a: string) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);

export function buildPcap(frames: FrameSpec[]): Uint8Array {
  const records = frames.map((f) => {
    const l4 = f.proto === 6 ? 20 : 8;
    const frame = new Uint8Array(14 + 20 + l4);
    const v = new DataView(frame.buffer);
    v.setUint32(0, 0x02000000); v.setUint16(4, 1); v.setUint32(6, 0x02000000); v.setUint16(10, 2); v.setUint16(12, 0x0800);
    frame[14] = 0x45; v.setUint16(16, 20 + l4); v.setUint16(18, f.ipId ?? 0); frame[22] = 64; frame[23] = f.proto;
    v.setUint32(26, ip4(f.src)); v.setUint32(30, ip4(f.dst));
    if (f.proto === 6 || f.proto === 17) {
      v.setUint16(34, f.sport ?? 0); v.setUint16(36, f.dport ?? 0);
      if (f.proto === 6) { v.setUint32(38, f.seq ?? 0); frame[46] = 0x50; frame[47] = f.flags ?? 0; } else v.setUint16(38, 8);
    } else if (f.proto === 1) {
      frame[34] = f.flags ?? 8; v.setUint16(38, f.icmpId ?? 0); v.setUint16(40, f.icmpSeq ?? 0);
    }
    const rec = new Uint8Array(16 + frame.length);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, Math.floor(f.tUs / 1e6), true); rv.setUint32(4, f.tUs % 1e6, true);
    rv.setUint32(8, frame.length, true); rv.setUint32(12, frame.length, true);
    rec.set(frame, 16);
    return rec;
  });
  const out = new Uint8Array(24 + records.reduce((n, r) => n + r.length, 0));
  const h = new DataView(out.buffer);
  h.setUint32(0, 0xa1b2c3d4, true); h.setUint16(4, 2, true); h.setUint16(6, 4, true); h.setUint32(16, 262144, true); h.setUint32(20, 1, true);
  let at = 24;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
