// Deterministic benchmark inputs: a pcap of mixed TCP/UDP/ICMP with a few dropped flows (SYNs never answered),
// and a `perf script` of skb:kfree_skb with callchains. Same bytes for the same size on every machine.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

function ipChecksumless(buf, off, len, proto, src, dst, id) {
  buf[off] = 0x45; buf[off + 1] = 0; buf.writeUInt16BE(len, off + 2); buf.writeUInt16BE(id & 0xffff, off + 4);
  buf.writeUInt16BE(0x4000, off + 6); buf[off + 8] = 64; buf[off + 9] = proto; buf.writeUInt16BE(0, off + 10);
  buf.writeUInt32BE(src >>> 0, off + 12); buf.writeUInt32BE(dst >>> 0, off + 16);
}

/** Writes a pcap of about `bytes` bytes to `path`. */
export async function makePcap(path, bytes) {
  const out = createWriteStream(path);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16); header.writeUInt32LE(1, 20);
  out.write(header);
  const next = rng(7);
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  let used = 0;
  let written = 24;
  let t = 1795500000 * 1e6;
  let n = 0;
  const server = 0x0a000003;
  // Conversations, not random packets: each client keeps 8 TCP connections to :443 and a DNS socket, both ways;
  // pings are answered (the reply follows its request). One client in fifty only ever sends SYNs to port 20202:
  // the dropped flows. (Random one-packet flows would be a port scan, not the mixed traffic this stands for.)
  let reply = null;
  while (written < bytes) {
    const kind = reply ? 0.95 : next();
    const client = reply ? reply.client : 0x0a000200 + 1 + Math.floor(next() * 200);
    const payload = kind < 0.7 ? Math.floor(next() * 1400) : kind < 0.9 ? 40 + Math.floor(next() * 200) : 56;
    const proto = kind < 0.7 ? 6 : kind < 0.9 ? 17 : 1;
    const l4 = proto === 6 ? 20 : 8;
    const ipLen = 20 + l4 + payload;
    const frame = 14 + ipLen;
    const caplen = Math.min(frame, 128);
    if (used + 16 + caplen > chunk.length) {
      if (!out.write(Buffer.from(chunk.subarray(0, used)))) await once(out, 'drain');
      used = 0;
    }
    t += 1 + Math.floor(next() * 40);
    chunk.writeUInt32LE(Math.floor(t / 1e6), used); chunk.writeUInt32LE(t % 1e6, used + 4);
    chunk.writeUInt32LE(caplen, used + 8); chunk.writeUInt32LE(frame, used + 12);
    const p = used + 16;
    chunk.fill(0, p, p + caplen);
    chunk.writeUInt32BE(0x52540000, p); chunk.writeUInt16BE(0x0003, p + 4); chunk.writeUInt32BE(0x52540000, p + 6); chunk.writeUInt16BE(client & 0xffff, p + 10);
    chunk.writeUInt16BE(0x0800, p + 12);
    const toServer = reply ? false : next() < 0.5 || proto === 1;
    ipChecksumless(chunk, p + 14, ipLen, proto, toServer ? client : server, toServer ? server : client, n);
    const l = p + 34;
    if (proto === 6) {
      const dropped = (client & 0xff) % 50 === 7;
      const clientPort = dropped ? 40000 + (client & 0xff) : 30000 + (client & 0xff) * 8 + (n % 8);
      const serverPort = dropped ? 20202 : 443;
      chunk.writeUInt16BE(toServer || dropped ? clientPort : serverPort, l); chunk.writeUInt16BE(toServer || dropped ? serverPort : clientPort, l + 2);
      chunk.writeUInt32BE(n >>> 0, l + 4); chunk.writeUInt32BE(0, l + 8); chunk[l + 12] = 0x50; chunk[l + 13] = dropped ? 0x02 : 0x18;
      if (dropped && !toServer) ipChecksumless(chunk, p + 14, ipLen, proto, client, server, n);
    } else if (proto === 17) {
      chunk.writeUInt16BE(toServer ? 50000 + (client & 0xff) : 53, l); chunk.writeUInt16BE(toServer ? 53 : 50000 + (client & 0xff), l + 2); chunk.writeUInt16BE(8 + payload, l + 4);
    } else {
      const seq = reply ? reply.seq : n & 0xffff;
      chunk[l] = reply ? 0 : 8; chunk.writeUInt16BE(client & 0xffff, l + 4); chunk.writeUInt16BE(seq, l + 6);
      reply = reply ? null : { client, seq };
    }
    used += 16 + caplen;
    written += 16 + caplen;
    n++;
  }
  out.write(Buffer.from(chunk.subarray(0, used)));
  out.end();
  await once(out, 'finish');
  return n;
}

const frames = ['sk_skb_reason_drop+0x90', 'nf_hook_slow+0x7d', 'ip_local_deliver+0x119', 'ip_rcv+0x1ac', '__netif_receive_skb_one_core+0x5f', 'process_backlog+0x83', '__napi_poll+0x31', 'net_rx_action+0x13b', 'handle_softirqs+0xcd'];

/** Writes a `perf script` of kfree_skb events with callchains, about `bytes` bytes. */
export async function makePerfScript(path, bytes) {
  const out = createWriteStream(path);
  out.write('# ========\n# captured on    : Tue Nov 24 19:01:47 2026\n# os release : 6.18.44\n# time of first sample : 5000.000000\n# ========\n#\n');
  const next = rng(11);
  let written = 0;
  let t = 5000;
  let n = 0;
  let buf = '';
  while (written < bytes) {
    t += next() * 0.001;
    const skb = `0xffff8881${(0x0a9b8000 + Math.floor(next() * 0x4000) * 0x20).toString(16)}`;
    const reason = next() < 0.1 ? 'NETFILTER_DROP' : 'NOT_SPECIFIED';
    let ev = `swapper     0 [00${n % 2}] ${t.toFixed(6)}: skb:kfree_skb: skbaddr=${skb} rx_sk=(nil) protocol=2048 location=${reason === 'NETFILTER_DROP' ? 'nf_hook_slow+0x7d' : 'ip_rcv_finish_core+0x1d2'} reason: ${reason}\n`;
    for (let i = 0; i < frames.length; i++) ev += `\tffffffff81${(0xe44fd0 + i * 0x1111).toString(16)} ${frames[i]} ([kernel.kallsyms])\n`;
    ev += '\n';
    buf += ev;
    n++;
    if (buf.length > 1 << 20) {
      written += buf.length;
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return n;
}
