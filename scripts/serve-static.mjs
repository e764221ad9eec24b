// A small static file server for the browser host (`npm start` when Electron cannot run): GET/HEAD of files under
// one folder, on 127.0.0.1 only, with correct MIME types (.wasm, .mjs), the app's CSP, and no path traversal.
// The MIME table and the policies mirror electron/mime-types.ts and electron/content-security-policy.ts (the app://
// protocol of the desktop app); test/electron/mime-types.test.ts keeps them identical.
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** Extension (lower case, with dot) → Content-Type. */
export const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** The documents' policy (the same string as the <meta> tag of renderer/index.html). */
export const documentPolicy =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Scripts' policy: a worker takes its CSP from its own response, and hash-wasm in the engine worker needs WebAssembly. */
export const scriptPolicy = documentPolicy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

/** The Content-Type of a file name; unknown types are bytes, never sniffed. */
export function mimeTypeOf(file) {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a request path names, or null when it would leave `root`. Paths ending in `/` are
 * their index.html. Encoded dots, slashes, backslashes and NUL that survive URL parsing are refused.
 */
export function resolveStaticPath(root, requestUrl) {
  let path;
  try {
    path = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (path.endsWith('/')) path += 'index.html';
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path.split('/').some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + path);
  return file.startsWith(base + sep) ? file : null;
}

/** An HTTP server for the files under `root`; `onServed(path, status)` is told about every answered request. */
export function createStaticServer({ root, onServed = () => {} }) {
  return createServer(async (request, response) => {
    const status = await answer(root, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('internal error');
      return 500;
    });
    onServed(request.url ?? '', status);
  });
}

async function answer(root, request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'method not allowed');
  const file = resolveStaticPath(root, request.url ?? '/');
  if (!file) return plain(response, 404, 'not found');
  let bytes;
  try {
    // realpath: a symlink inside the folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep) || !(await stat(realFile)).isFile()) return plain(response, 404, 'not found');
    bytes = await readFile(realFile);
  } catch {
    return plain(response, 404, 'not found');
  }
  const type = mimeTypeOf(file);
  const headers = { 'Content-Type': type, 'Content-Length': bytes.byteLength, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = documentPolicy;
  if (type.startsWith('text/javascript')) headers['Content-Security-Policy'] = scriptPolicy;
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : bytes);
  return 200;
}

function plain(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
  return status;
}

/** Listens on 127.0.0.1:`port` (0 = any free port) and resolves with the port actually bound. */
export function listen(server, port) {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePort(server.address().port);
    });
  });
}
