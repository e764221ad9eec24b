// A tiny static file server for the end-to-end tests: serves one folder on 127.0.0.1 at a free port and records
// every path asked for. Documents and scripts carry the app's CSP as a header, as the desktop app's app:// protocol
// sends it (electron/content-security-policy.ts): a worker takes its policy from its own script response, and the
// engine worker's hash-wasm needs 'wasm-unsafe-eval' there. Optional headers make the page cross-origin isolated
// (COOP + COEP) when a test needs shared memory.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

// One MIME table and one policy for every host (scripts/serve-static.mjs mirrors the app:// protocol's).
import { documentPolicy, mimeTypes as types, scriptPolicy } from '../../scripts/serve-static.mjs';

/**
 * Starts serving `root`. Resolves with `{ url, requests, close }`; `url` ends with a slash.
 * @param {string} root
 * `extra` adds in-memory files by path (e.g. a test page and a module transpiled for it).
 * @param {{ isolated?: boolean, extra?: Map<string, { type: string, body: string }> }} [options]
 */
export function serveStatic(root, options = {}) {
  const requests = [];
  const base = normalize(root + sep);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const added = options.extra?.get(path);
    if (added) {
      response.writeHead(200, { 'content-type': added.type, 'cache-control': 'no-store' }).end(added.body);
      return;
    }
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    let size = -1;
    if (file.startsWith(base)) {
      try {
        const stat = statSync(file);
        if (stat.isFile()) size = stat.size;
      } catch {
        size = -1;
      }
    }
    if (size < 0) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = types[extname(file)] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'content-length': size, 'cache-control': 'no-store' };
    if (type.startsWith('text/html')) headers['content-security-policy'] = documentPolicy;
    if (type.startsWith('text/javascript')) headers['content-security-policy'] = scriptPolicy;
    if (options.isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
