import { extname } from 'node:path';

// The content types of the files the renderer build emits. scripts/serve-static.mjs (the browser host) has the
// same table; test/electron/mime-types.test.ts keeps the two identical.

/** Extension (lower case, with dot) → Content-Type. */
export const mimeTypes: Readonly<Record<string, string>> = {
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

/** The Content-Type of `file`; unknown types are bytes, so the browser never sniffs them into something runnable. */
export function mimeTypeOf(file: string): string {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
