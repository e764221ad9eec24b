import { appScheme } from './app-protocol';

// What the app's web contents may do beyond showing its own page: nothing. No navigation away, no new windows,
// no <webview>, no permission (camera, notifications, geolocation…), no request to the network — Hookline is an
// offline tool and its page has no reason to leave app://hookline/.
// Ref: https://www.electronjs.org/docs/latest/tutorial/security (checklist items 5, 12, 13, 14).

/** The part of an Electron event the handlers use. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate`, `will-frame-navigate`, `will-redirect`: the page never leaves the app (reloads do not emit these). */
export function denyNavigation(event: PreventableEvent): void {
  event.preventDefault();
}

/** `will-attach-webview`: no <webview> ever (webviewTag is off too; this is the second lock). */
export function denyWebviewAttach(event: PreventableEvent): void {
  event.preventDefault();
}

/** `setWindowOpenHandler`: `window.open` and `target=_blank` links open nothing. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** `setPermissionRequestHandler`: every permission request is answered no. */
export function denyPermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** `setPermissionCheckHandler`: every synchronous permission check is answered no. */
export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * `webRequest.onBeforeRequest`: the URLs the page may load — its own scheme, in-memory blob:/data:, file: (the
 * hidden PDF window loads the report from a temporary file), DevTools, and the electron-vite dev server in development.
 */
export function isAllowedRequestUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if ([`${appScheme}:`, 'blob:', 'data:', 'file:', 'devtools:'].includes(parsed.protocol)) return true;
  if (!devServerUrl) return false;
  const dev = new URL(devServerUrl);
  // The dev server's hot-reload socket is ws:// on the same host and port.
  return parsed.host === dev.host && ['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol);
}

/** The web contents events the policy listens to (a structural slice of Electron's `WebContents`). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** The session hooks the policy sets (a structural slice of Electron's `Session`). */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** Locks one web contents (main calls it from `app.on('web-contents-created')`, so every contents gets it). */
export function hardenWebContents(contents: HardenableContents): void {
  contents.on('will-navigate', denyNavigation);
  contents.on('will-frame-navigate', denyNavigation);
  contents.on('will-redirect', denyNavigation);
  contents.on('will-attach-webview', denyWebviewAttach);
  contents.setWindowOpenHandler(denyWindowOpen);
}

/** Locks a session: permissions denied, requests outside the app cancelled. */
export function hardenSession(session: HardenableSession, devServerUrl?: string): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url, devServerUrl) }));
}
