// What a Node user would reach for: pcap-parser 0.2.1, reading the 5-tuple of every packet (no hash).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pcap-parser is CommonJS only; this script runs it the way a Node user would
const pcapp = require('pcap-parser');
let n = 0;
let sum = 0;
const parser = pcapp.parse(process.argv[2]);
parser.on('packet', (packet) => {
  const d = packet.data;
  if (d.length >= 38 && d.readUInt16BE(12) === 0x0800) {
    const ihl = (d[14] & 15) * 4;
    sum += d[23] + d.readUInt32BE(26) + d.readUInt32BE(30) + d.readUInt16BE(14 + ihl) + d.readUInt16BE(16 + ihl);
  }
  n++;
});
parser.on('end', () => console.log(`${n} packets ${sum}`));
