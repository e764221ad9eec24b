import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyFor, documentPolicy, scriptPolicy } from '../../electron/content-security-policy';
import { mimeTypeOf, mimeTypes } from '../../electron/mime-types';
// @ts-expect-error -- a plain ESM script without type declarations
import * as staticServer from '../../scripts/serve-static.mjs';

describe('one policy for every host', () => {
  it('the desktop protocol and the browser host serve the same MIME types and policies', () => {
    expect(staticServer.mimeTypes).toEqual(mimeTypes);
    expect(staticServer.documentPolicy).toBe(documentPolicy);
    expect(staticServer.scriptPolicy).toBe(scriptPolicy);
  });

  it("the header policy is exactly the renderer's <meta> policy", () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(documentPolicy);
  });

  it('scripts may compile WebAssembly (the engine worker hashes with hash-wasm) and nothing else changes', () => {
    expect(scriptPolicy).toBe(documentPolicy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"));
    expect(scriptPolicy).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicyFor('text/html; charset=utf-8')).toBe(documentPolicy);
    expect(contentSecurityPolicyFor('text/javascript; charset=utf-8')).toBe(scriptPolicy);
    expect(contentSecurityPolicyFor('image/png')).toBeUndefined();
  });

  it('knows the types a Vite build emits, and sends unknown ones as bytes', () => {
    expect(mimeTypeOf('assets/hash.WASM')).toBe('application/wasm');
    expect(mimeTypeOf('worker.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('srv-eth0.pcap')).toBe('application/octet-stream');
  });
});
