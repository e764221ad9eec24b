import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentPolicy } from '../../electron/content-security-policy';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** Every module specifier an ES module imports and a CommonJS file requires. */
function specifiers(code: string): string[] {
  const found = [...code.matchAll(/^\s*import\s[^'"]*?from\s*['"]([^'"]+)['"]/gm), ...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm), ...code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return [...new Set(found.map((m) => m[1]))].sort();
}

describe('electron-vite build (no Electron binary needed)', () => {
  it('builds main (ESM), a sandbox-ready CommonJS preload and the renderer into out/{main,preload,renderer}', () => {
    const out = tempDir();
    const result = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', out, '--logLevel', 'warn'], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['main', 'preload', 'renderer']);

    // main: one ES module; only electron and Node built-ins stay external (zod and the engine are bundled in).
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    expect(specifiers(main)).toEqual(expect.arrayContaining(['electron', 'node:fs/promises', 'node:path']));
    expect(specifiers(main).every((s) => s === 'electron' || s.startsWith('node:')), specifiers(main).join(', ')).toBe(true);
    expect(main).toContain('registerSchemesAsPrivileged');

    // preload: CommonJS requiring nothing but electron (a sandboxed preload can load nothing else), no import syntax.
    const preload = readFileSync(join(out, 'preload/preload.cjs'), 'utf8');
    expect(specifiers(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld("hookline"');

    // renderer: the page with its CSP and its bundled assets, relative URLs for app://.
    const html = readFileSync(join(out, 'renderer/index.html'), 'utf8');
    expect(html).toContain(documentPolicy);
    expect(html).toMatch(/src="\.\/assets\/index-[\w-]+\.js"/);
  }, 300_000);
});
