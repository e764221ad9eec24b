// `npm start`: opens the desktop app on the demo case — or, when the Electron binary cannot be had (no network,
// as on an offline build machine), says why in one paragraph, prints the demo case's verdict from the engine and
// serves the same app to a browser on 127.0.0.1.
//
//   npm start [-- --port N]            default port 5178; 0 picks a free one
//   HOOKLINE_START_NO_DOWNLOAD=1       do not try to download Electron (go straight to the browser host)
//   HOOKLINE_START_EXIT_AFTER_SERVE=1  stop after the first page is served (for tests)
import { spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticServer, listen } from './serve-static.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const downloadTimeoutMs = 25_000;
const demoCase = 'test/fixtures/cases/hidden-hook';

const electronOutputs = ['out/main/index.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
const electronSources = ['electron', 'renderer', 'shared', 'electron.vite.config.ts', 'package.json'];
const cliOutputs = ['out/cli/hookline.mjs'];
const cliSources = ['cli', 'shared', 'scripts/build-cli.mjs'];
const webSources = ['renderer', 'shared'];

/** The newest modification time under the given repository paths (files and folders, recursively). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/** Whether every output exists and is newer than every source. */
function isFresh(outputs, sources) {
  let oldestOutput = Infinity;
  for (const output of outputs) {
    const path = join(root, output);
    if (!existsSync(path)) return false;
    oldestOutput = Math.min(oldestOutput, statSync(path).mtimeMs);
  }
  return newestMtime(sources) <= oldestOutput;
}

function run(label, args) {
  console.log(`hookline: ${label}…`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`hookline: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

/** Builds main, preload and renderer (electron-vite) and the CLI when their outputs are missing or older than the sources. */
function ensureBuilt() {
  if (!isFresh(electronOutputs, electronSources)) run('building the app (electron-vite build)', [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  if (!isFresh(cliOutputs, cliSources)) run('building the CLI', [join(root, 'scripts/build-cli.mjs')]);
}

/** The Electron executable, if the electron package has downloaded it (path.txt names it inside dist/). */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs electron's own installer once, killed after 25 s; resolves with why it failed, or null on success. */
function downloadElectronOnce() {
  console.log(`hookline: the Electron binary is missing; trying its download once (up to ${downloadTimeoutMs / 1000} s)…`);
  return new Promise((resolveDownload) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, downloadTimeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolveDownload(`no answer within ${downloadTimeoutMs / 1000} s`);
      else if (code === 0 && electronBinary()) resolveDownload(null);
      else resolveDownload(firstMeaningfulLine(output) ?? `the installer exited with status ${code}`);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolveDownload(error.message);
    });
  });
}

function firstMeaningfulLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|fetch failed|HTTPError|status code/i.test(l)) ?? lines[0];
}

/** The host the download uses (ELECTRON_MIRROR when set) and whether it resolves: the usual reason offline. */
async function downloadHostDiagnosis() {
  const base = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror ?? 'https://github.com/electron/electron/releases/download/';
  let host;
  try {
    host = new URL(base).hostname;
  } catch {
    return `the mirror ${base} is not a URL`;
  }
  const timeout = new Promise((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), 3000).unref());
  const found = await Promise.race([lookup(host).then(() => 'ok', (error) => error.code ?? error.message), timeout]);
  if (found === 'ok') return `${host} resolves, so the download host is reachable by name but the download failed`;
  return `${host} does not resolve (${found}): this machine has no network or no DNS`;
}

function electronVersion() {
  return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
}

function launchElectron(binary) {
  console.log('hookline: opening the app on the demo case…');
  const child = spawn(binary, [root, '--demo'], { cwd: root, stdio: 'inherit' });
  child.on('close', (code) => process.exit(code ?? 1));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function printVerdict() {
  console.log(`\nThe demo case, analysed by the engine (hookline analyze ${demoCase}):\n`);
  const result = spawnSync(process.execPath, [join(root, 'bin/hookline.mjs'), 'analyze', demoCase], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) process.stderr.write(result.stderr ?? '');
  console.log('');
}

/** out/web (the browser build) when it exists and is current, otherwise the Electron renderer build (it runs in a browser too). */
function webRoot() {
  if (isFresh(['out/web/index.html'], webSources)) return join(root, 'out/web');
  return join(root, 'out/renderer');
}

function requestedPort() {
  const index = process.argv.indexOf('--port');
  const raw = index >= 0 ? process.argv[index + 1] : (process.argv.find((a) => a.startsWith('--port='))?.slice(7) ?? '5178');
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`hookline: --port ${raw} is not a port number`);
    process.exit(2);
  }
  return port;
}

async function serveBrowserHost(port) {
  const folder = webRoot();
  const exitAfterServe = process.env.HOOKLINE_START_EXIT_AFTER_SERVE === '1';
  const server = createStaticServer({
    root: folder,
    onServed: (path, status) => {
      if (exitAfterServe && status === 200 && (path === '/' || path === '/index.html')) {
        console.log('hookline: served the app once; stopping (HOOKLINE_START_EXIT_AFTER_SERVE=1).');
        server.close(() => process.exit(0));
      }
    },
  });
  let bound;
  try {
    bound = await listen(server, port);
  } catch (error) {
    console.error(`hookline: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); pass another port: npm start -- --port 5179`);
    process.exit(1);
  }
  console.log(`hookline: serving the browser host from ${relative(root, folder)}/ at http://127.0.0.1:${bound}/ — open it in a browser (Ctrl+C stops).`);
  if (exitAfterServe) setTimeout(() => process.exit(1), 120_000).unref();
}

async function main() {
  const port = requestedPort();
  ensureBuilt();
  let binary = electronBinary();
  if (binary) return launchElectron(binary);

  let why;
  if (process.env.HOOKLINE_START_NO_DOWNLOAD === '1') {
    why = 'the download was skipped (HOOKLINE_START_NO_DOWNLOAD=1)';
  } else {
    const failure = await downloadElectronOnce();
    binary = electronBinary();
    if (!failure && binary) return launchElectron(binary);
    why = `the download failed: ${failure}; ${await downloadHostDiagnosis()}`;
  }
  console.log(
    `\nhookline: cannot open the desktop app here. The Electron ${electronVersion()} binary is not installed ` +
      `(node_modules/electron/dist is missing; the electron package fetches it from GitHub on install or first run), ` +
      `and ${why}. With network access, run \`node node_modules/electron/install.js\` (behind a proxy or mirror, set ` +
      `ELECTRON_MIRROR) and then \`npm start\` again. Until then, here is the demo case's verdict from the engine, ` +
      `and the same app served for your browser.`,
  );
  printVerdict();
  await serveBrowserHost(port);
}

await main();
