import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without type declarations
import { createStaticServer, documentPolicy, listen, resolveStaticPath, scriptPolicy } from '../../scripts/serve-static.mjs';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(): Promise<{ base: string; served: [string, number][] }> {
  const dir = tempDir();
  const root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hookline</title>');
  writeFileSync(join(root, 'assets', 'app.mjs'), 'export {}');
  writeFileSync(join(root, 'assets', 'hash.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  const served: [string, number][] = [];
  const server = createStaticServer({ root, onServed: (path: string, status: number) => served.push([path, status]) }) as Server;
  servers.push(server);
  const port = await listen(server, 0);
  return { base: `http://127.0.0.1:${port}`, served };
}

/** A raw request path, unnormalised (fetch would resolve `..` itself before sending). */
async function rawGet(base: string, path: string): Promise<number> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve-static', () => {
  it('serves index.html for / with the CSP, .mjs as JavaScript and .wasm as application/wasm', async () => {
    const { base, served } = await serve();
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(documentPolicy);
    expect(await index.text()).toBe('<!doctype html><title>Hookline</title>');
    const script = await fetch(`${base}/assets/app.mjs`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(scriptPolicy);
    const wasm = await fetch(`${base}/assets/hash.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await wasm.arrayBuffer())]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(served).toEqual([['/', 200], ['/assets/app.mjs', 200], ['/assets/hash.wasm', 200]]);
  });

  it('refuses traversal, symlinks out of the root, missing files and POST', async () => {
    const { base } = await serve();
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%00', '/assets/link.txt', '/missing.js', '/assets']) {
      expect(await rawGet(base, path), path).toBe(404);
    }
    expect((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('resolves request paths inside the root only', () => {
    expect(resolveStaticPath('/srv/web', '/')).toBe('/srv/web/index.html');
    expect(resolveStaticPath('/srv/web', '/assets/a.js?x=1')).toBe('/srv/web/assets/a.js');
    expect(resolveStaticPath('/srv/web', '/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/web', '/%E0%A4%A')).toBeNull();
  });
});
