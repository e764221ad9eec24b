import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, handleAppRequest, isTrustedSender, resolveAppPath } from '../../electron/app-protocol';
import { documentPolicy, scriptPolicy } from '../../electron/content-security-policy';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** A tiny built renderer: index.html, a script, a wasm file, and a secret next to (not inside) the root. */
function builtRenderer(): { root: string; outside: string } {
  const base = tempDir();
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hookline</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'engine.worker-def.js'), 'postMessage(1)');
  writeFileSync(join(root, 'assets', 'hash.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  const outside = join(base, 'secret.txt');
  writeFileSync(outside, 'do not serve');
  return { root, outside };
}

describe('resolveAppPath', () => {
  const root = '/opt/hookline/out/renderer';

  it('maps app://hookline/ URLs to files under the root, / to index.html', () => {
    expect(appEntryUrl).toBe('app://hookline/index.html');
    expect(resolveAppPath(root, 'app://hookline/')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://hookline/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://hookline/assets/index-abc.js?v=1#x')).toBe(`${root}/assets/index-abc.js`);
    expect(resolveAppPath(root, 'app://hookline/assets/a%20b.js')).toBe(`${root}/assets/a b.js`);
  });

  it('refuses traversal in every spelling, other hosts and other schemes', () => {
    // Dot segments, literal or %2e-encoded, are resolved by the URL parser itself (WHATWG URL, as in Chromium):
    // they cannot climb above the root.
    for (const url of ['app://hookline/../../secret.txt', 'app://hookline/%2e%2e/secret.txt', 'app://hookline/assets/%2E%2E/%2E%2E/secret.txt']) {
      expect(resolveAppPath(root, url), url).toBe(`${root}/secret.txt`);
    }
    // What the parser leaves encoded is decoded here and refused.
    const refused = [
      'app://hookline/..%2fsecret.txt',
      'app://hookline/assets/..%2findex.html', // an encoded slash smuggling a dot segment, even one that stays inside
      'app://hookline/assets/..%5c..%5csecret.txt',
      'app://hookline/%00index.html',
      'app://hookline/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://hookline/index.html',
      'not a url',
    ];
    for (const url of refused) expect(resolveAppPath(root, url), url).toBeNull();
  });
});

describe('handleAppRequest', () => {
  it('serves index.html with the document CSP and no-sniff', async () => {
    const { root } = builtRenderer();
    const response = await handleAppRequest(new Request('app://hookline/'), root);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(documentPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>Hookline</title>');
  });

  it('serves scripts with the worker-capable policy and wasm as application/wasm', async () => {
    const { root } = builtRenderer();
    const script = await handleAppRequest(new Request('app://hookline/assets/engine.worker-def.js'), root);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(scriptPolicy);
    const wasm = await handleAppRequest(new Request('app://hookline/assets/hash.wasm'), root);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('content-security-policy')).toBeNull();
    expect([...new Uint8Array(await wasm.arrayBuffer())]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('answers 404 for missing files, directories, traversal and a symlink leading out of the root', async () => {
    const { root, outside } = builtRenderer();
    symlinkSync(outside, join(root, 'assets', 'link.txt'));
    for (const url of ['app://hookline/missing.js', 'app://hookline/assets', 'app://hookline/%2e%2e/secret.txt', 'app://hookline/assets/link.txt']) {
      const response = await handleAppRequest(new Request(url), root);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('do not serve');
    }
  });

  it('answers HEAD without a body and refuses POST', async () => {
    const { root } = builtRenderer();
    const head = await handleAppRequest(new Request('app://hookline/index.html', { method: 'HEAD' }), root);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handleAppRequest(new Request('app://hookline/index.html', { method: 'POST', body: 'x' }), root);
    expect(post.status).toBe(405);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the app page (and the dev server when one is given)', () => {
    expect(isTrustedSender('app://hookline/index.html')).toBe(true);
    expect(isTrustedSender('app://hookline/index.html#/timeline')).toBe(true);
    expect(isTrustedSender('app://evil/index.html')).toBe(false);
    expect(isTrustedSender('https://example.com/')).toBe(false);
    expect(isTrustedSender('file:///tmp/report.html')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender('')).toBe(false);
    expect(isTrustedSender('http://localhost:5173/')).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});
