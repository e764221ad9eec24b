import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

function securityCheck(args: string[] = []): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['scripts/security-check.mjs', ...args], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout };
}

describe('npm run security (electronegativity)', () => {
  it('passes on the shell and the renderer: no HIGH or CRITICAL finding', () => {
    const { status, stdout } = securityCheck();
    expect(stdout).toContain('electronegativity over electron, renderer (Electron 45.4.1)');
    expect(stdout).not.toMatch(/^\s+(HIGH|CRITICAL)\s/m);
    expect(stdout).toContain('security: passed (no HIGH or CRITICAL finding)');
    expect(status).toBe(0);
  }, 150_000);

  it('fails on an insecure window and names the checks', () => {
    const dir = join(tempDir(), 'insecure');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'main.js'),
      [
        "const { app, BrowserWindow } = require('electron');",
        'app.whenReady().then(() => {',
        "  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });",
        "  win.loadURL('https://example.com/');",
        '});',
      ].join('\n'),
    );
    const { status, stdout } = securityCheck(['--input', dir]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^\s+HIGH\s+CONTEXT_ISOLATION_JS_CHECK\s+insecure\/main\.js:3/m);
    // No will-navigate / setWindowOpenHandler anywhere in the scanned app: a global finding.
    expect(stdout).toMatch(/^\s+HIGH\s+LIMIT_NAVIGATION_GLOBAL_CHECK\s/m);
    expect(stdout).toMatch(/^\s+MEDIUM\s+WEB_SECURITY_JS_CHECK\s+insecure\/main\.js:3/m);
    expect(stdout).toContain('security: FAILED — LIMIT_NAVIGATION_GLOBAL_CHECK, CONTEXT_ISOLATION_JS_CHECK');
  }, 150_000);
});
