import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm start` on a machine without the Electron binary (this one: no network to fetch it) must explain why, print
// the demo case's verdict from the engine and serve the app to a browser. The test runs the real script; the
// first run may build the app, hence the long timeout.

const root = process.cwd();
const electronDir = join(root, 'node_modules/electron');
const binaryPresent =
  existsSync(join(electronDir, 'path.txt')) && existsSync(join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()));

interface StartRun {
  output: string;
  url: string;
  page: Response;
  body: string;
  exitCode: number | null;
}

async function runStart(): Promise<StartRun> {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
    cwd: root,
    env: { ...process.env, HOOKLINE_START_NO_DOWNLOAD: '1', HOOKLINE_START_EXIT_AFTER_SERVE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`start.mjs exited (${code}) before serving:\n${output}`)));
  });
  const page = await fetch(url);
  const body = await page.text();
  const exitCode = await exited;
  return { output, url, page, body, exitCode };
}

describe.skipIf(binaryPresent)('npm start without the Electron binary', () => {
  it('explains why, prints the demo verdict, serves the app on 127.0.0.1 and exits after serving', async () => {
    const run = await runStart();

    expect(run.output).toContain('cannot open the desktop app here. The Electron 45.4.1 binary is not installed');
    expect(run.output).toContain('the download was skipped (HOOKLINE_START_NO_DOWNLOAD=1)');
    expect(run.output).toContain('With network access, run `node node_modules/electron/install.js`');

    // The verdict printed is exactly what the CLI says about the demo case.
    const cli = spawnSync(process.execPath, ['bin/hookline.mjs', 'analyze', 'test/fixtures/cases/hidden-hook'], { cwd: root, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('Artifacts (11):');
    expect(run.output).toContain('The demo case, analysed by the engine (hookline analyze test/fixtures/cases/hidden-hook):');
    expect(run.output).toContain(cli.stdout);

    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(run.page.status).toBe(200);
    expect(run.page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(run.page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(run.body).toContain('<title>Hookline</title>');
    expect(run.body).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);

    expect(run.output).toContain('served the app once; stopping');
    expect(run.exitCode).toBe(0);
  }, 300_000);
});
