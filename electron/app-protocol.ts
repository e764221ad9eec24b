import * as nodeFs from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentSecurityPolicyFor } from './content-security-policy';
import { mimeTypeOf } from './mime-types';

// The app's own privileged scheme: the renderer is served from app://hookline/ rather than file://, so the page
// has a real origin (not every file on disk), and only the built renderer folder is reachable.
// Ref: Electron security checklist §18 "Avoid usage of the file:// protocol and prefer usage of custom protocols".

/** The scheme main registers as privileged (standard, secure) before the app is ready. */
export const appScheme = 'app';
/** The one host of the scheme; any other host is refused. */
export const appHost = 'hookline';
/** The URL the main window loads. */
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/**
 * The file under `root` that an app:// URL names, or null when the URL is not ours or leaves `root`
 * (`..`, encoded `%2e%2e`, backslashes, NUL). `/` is index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // a malformed %-escape
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path.split('/').some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + path);
  return file.startsWith(base + sep) ? file : null;
}

/** Answers one app:// request from the files under `root`: GET/HEAD only, with the CSP and no-sniff headers. */
export async function handleAppRequest(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
  const file = resolveAppPath(root, request.url);
  if (!file) return plain(404, 'not found');
  let bytes: Uint8Array;
  try {
    // realpath: a symlink inside the build folder must not lead out of it.
    const [realRoot, realFile] = await Promise.all([nodeFs.realpath(root), nodeFs.realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return plain(404, 'not found');
    const info = await nodeFs.stat(realFile);
    if (!info.isFile()) return plain(404, 'not found');
    bytes = await nodeFs.readFile(realFile);
  } catch {
    return plain(404, 'not found');
  }
  const type = mimeTypeOf(file);
  const headers = new Headers({ 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
  const policy = contentSecurityPolicyFor(type);
  if (policy) headers.set('Content-Security-Policy', policy);
  return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
}

/**
 * Whether an IPC message comes from our own page: the app:// entry, or the electron-vite dev server in
 * development. Other frames (an iframe, a page reached by a navigation that slipped through) get nothing.
 * Ref: Electron security checklist §17 "Validate the sender of all IPC messages".
 */
export function isTrustedSender(senderUrl: string | undefined, devServerUrl?: string): boolean {
  if (!senderUrl) return false;
  let sender: URL;
  try {
    sender = new URL(senderUrl);
  } catch {
    return false;
  }
  if (sender.protocol === `${appScheme}:` && sender.host === appHost) return true;
  if (!devServerUrl) return false;
  try {
    return sender.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
