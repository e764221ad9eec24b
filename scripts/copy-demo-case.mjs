// Copies the demo case (test/fixtures/cases/hidden-hook, less its answer key EXPECTED.md) into
// renderer/public/demo-case/ with an index.json listing each file's name, size and SHA-256, so that the web build
// serves it and the browser host's "Load demo case" can fetch it. Run by `npm run build:web` before Vite.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const from = 'test/fixtures/cases/hidden-hook';
const to = 'renderer/public/demo-case';
/** The fixture's answer key says what the verdict should be: it is not evidence. */
const excluded = new Set(['EXPECTED.md']);

rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
const names = readdirSync(from)
  .filter((name) => !name.startsWith('.') && !excluded.has(name) && statSync(join(from, name)).isFile())
  .sort();
const files = names.map((name) => {
  // Read and write (not copyFile): the fixtures are read-only and a copied mode would block the next run.
  const bytes = readFileSync(join(from, name));
  writeFileSync(join(to, name), bytes);
  return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
});
writeFileSync(join(to, 'index.json'), `${JSON.stringify({ case: 'hidden-hook', files }, null, 2)}\n`);
console.log(`demo case: ${files.length} files → ${to}`);
