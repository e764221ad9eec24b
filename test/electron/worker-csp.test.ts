import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { documentPolicy } from '../../electron/content-security-policy';
// @ts-expect-error -- a plain ESM script without type declarations
import { createStaticServer, listen } from '../../scripts/serve-static.mjs';
import { useTempDirs } from './temp-dir';

// Why scripts get their own policy: a worker loaded from a URL takes its CSP from its own response. The engine
// worker hashes with hash-wasm (WebAssembly), which `script-src 'self'` forbids. This page, served exactly as
// the app is (same server, same headers), starts a worker that compiles a WebAssembly module, and its document
// tries too: the worker may, the document may not.

const chromiumPath = '/usr/bin/chromium';
const tempDir = useTempDirs();
const emptyModule = '[0, 97, 115, 109, 1, 0, 0, 0]'; // "\0asm", version 1: the smallest valid module

describe.skipIf(!existsSync(chromiumPath))('CSP of the served app in Chromium', () => {
  it('lets the worker compile WebAssembly and still forbids it to the document', async () => {
    const root = join(tempDir(), 'web');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="${documentPolicy}"><title>csp</title><script type="module" src="./assets/main.js"></script>`,
    );
    writeFileSync(
      join(root, 'assets', 'main.js'),
      `const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
       worker.onmessage = (event) => { document.body.dataset.worker = event.data; };
       WebAssembly.compile(new Uint8Array(${emptyModule})).then(() => { document.body.dataset.page = 'compiled'; }, () => { document.body.dataset.page = 'refused'; });`,
    );
    writeFileSync(
      join(root, 'assets', 'worker.js'),
      `WebAssembly.compile(new Uint8Array(${emptyModule})).then(() => postMessage('compiled'), (error) => postMessage('refused: ' + error.message));`,
    );
    const server = createStaticServer({ root }) as Server;
    const port = await listen(server, 0);
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const body = page.locator('body[data-worker][data-page]');
      await body.waitFor({ state: 'attached', timeout: 15_000 });
      expect({ worker: await body.getAttribute('data-worker'), page: await body.getAttribute('data-page') }).toEqual({ worker: 'compiled', page: 'refused' });
    } finally {
      await browser.close();
      server.close();
    }
  }, 60_000);
});
