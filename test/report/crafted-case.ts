import { cpSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real case made hostile: the hidden-hook recordings with markup written into the places an artifact controls
// — a LOG prefix in the kernel log, an nft rule comment, ICMP payload bytes in the server capture, the capture
// application string in a pcapng header, and file names. The engine reads them as it reads any case.

export const markup = {
  logPrefix: '<script>alert(1)</script>',
  nftComment: '"</style><b>"',
  payload: '<script>alert("payload")</script>',
  pcapngApp: '<script>x</script> ',
  fileNames: ['"quoted" <img src=x onerror=alert(2)>.txt', '</style><b>x.txt'],
};

/** Overwrites the ICMP echo-request payloads of a classic pcap (Ethernet, IPv4) with `payload`. Ref: libpcap file format. */
function poisonIcmpPayloads(pcap: Buffer, payload: string): number {
  let at = 24;
  let poisoned = 0;
  while (at + 16 <= pcap.length) {
    const caplen = pcap.readUInt32LE(at + 8);
    const frame = at + 16;
    const ihl = (pcap[frame + 14] & 0x0f) * 4;
    const isIcmpEcho = pcap.readUInt16BE(frame + 12) === 0x0800 && pcap[frame + 14 + 9] === 1 && pcap[frame + 14 + ihl] === 8;
    const data = frame + 14 + ihl + 8;
    if (isIcmpEcho && data + payload.length <= frame + caplen) {
      pcap.write(payload, data, 'latin1');
      poisoned++;
    }
    at = frame + caplen;
  }
  return poisoned;
}

/** Builds the hostile case in a fresh temporary folder; call `remove()` when done. */
export function craftedCase(): { dir: string; poisonedPackets: number; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-crafted-'));
  const source = 'test/fixtures/cases/hidden-hook';
  for (const name of readdirSync(source)) if (name !== 'EXPECTED.md') cpSync(join(source, name), join(dir, name));
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
  const dmesg = readFileSync(join(dir, 'dmesg.txt'), 'utf8');
  writeFileSync(join(dir, 'dmesg.txt'), dmesg.replaceAll('wl-before: ', `${markup.logPrefix} `));
  const nft = readFileSync(join(dir, 'nft-ruleset.txt'), 'utf8');
  writeFileSync(join(dir, 'nft-ruleset.txt'), nft.replace('counter packets 8 bytes 528 drop', `counter packets 8 bytes 528 drop comment ${markup.nftComment}`));
  const pcap = readFileSync(join(dir, 'srv-eth0.pcap'));
  const poisonedPackets = poisonIcmpPayloads(pcap, markup.payload);
  writeFileSync(join(dir, 'srv-eth0.pcap'), pcap);
  const pcapng = readFileSync(join(dir, 'c2-eth0.pcapng'));
  const app = pcapng.indexOf('Dumpcap (Wireshark)', 0, 'latin1');
  if (app < 0) throw new Error('the pcapng header has no Dumpcap string to overwrite');
  pcapng.write(markup.pcapngApp, app, 'latin1'); // same length: the block stays valid
  writeFileSync(join(dir, 'c2-eth0.pcapng'), pcapng);
  writeFileSync(join(dir, markup.fileNames[0]), '<svg onload=alert(3)>\nnot an artifact\n');
  mkdirSync(join(dir, '<'));
  writeFileSync(join(dir, '<', 'style><b>x.txt'), '</style><script>alert(4)</script>\n');
  return { dir, poisonedPackets, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
