// The floor: SHA-256 of the file alone, node:crypto, 4 MiB reads.
import { createHash } from 'node:crypto';
import { openSync, readSync } from 'node:fs';
const h = createHash('sha256');
const fd = openSync(process.argv[2], 'r');
const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
console.log(h.digest('hex'));
