import { describe, expect, it } from 'vitest';
import {
  denyNavigation,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWebviewAttach,
  denyWindowOpen,
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
  type HardenableContents,
  type HardenableSession,
  type PreventableEvent,
} from '../../electron/session-policy';

function fakeEvent(): PreventableEvent & { prevented: boolean } {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

describe('session policy handlers', () => {
  it('prevents navigation and webview attachment', () => {
    const navigation = fakeEvent();
    denyNavigation(navigation);
    expect(navigation.prevented).toBe(true);
    const webview = fakeEvent();
    denyWebviewAttach(webview);
    expect(webview.prevented).toBe(true);
  });

  it('denies window.open', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      const answers: boolean[] = [];
      denyPermissionRequest({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
    }
    expect(denyPermissionCheck()).toBe(false);
  });

  it('lets the page load only its own, in-memory and local URLs', () => {
    for (const url of ['app://hookline/index.html', 'blob:app://hookline/1234', 'data:image/png;base64,AA==', 'file:///tmp/hookline-pdf-x/report.html', 'devtools://devtools/bundled/inspector.html']) {
      expect(isAllowedRequestUrl(url), url).toBe(true);
    }
    for (const url of ['https://example.com/', 'http://127.0.0.1:5173/', 'ws://localhost:5173/', 'ftp://x/', 'garbage']) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('installing the policy', () => {
  it('hardenWebContents denies navigation, redirects, frame navigation, webviews and new windows', () => {
    const listeners = new Map<string, (event: PreventableEvent) => void>();
    let openHandler: (() => { action: 'deny' }) | undefined;
    const contents: HardenableContents = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler) => {
        openHandler = handler;
      },
    };
    hardenWebContents(contents);
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    for (const [name, listener] of listeners) {
      const event = fakeEvent();
      listener(event);
      expect(event.prevented, name).toBe(true);
    }
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });

  it('hardenSession denies permissions and cancels requests to the network', () => {
    let requestHandler: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: (() => boolean) | undefined;
    let beforeRequest: Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0] | undefined;
    const session: HardenableSession = {
      setPermissionRequestHandler: (handler) => {
        requestHandler = handler;
      },
      setPermissionCheckHandler: (handler) => {
        checkHandler = handler;
      },
      webRequest: {
        onBeforeRequest: (listener) => {
          beforeRequest = listener;
        },
      },
    };
    hardenSession(session);
    const granted: boolean[] = [];
    requestHandler?.({}, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(checkHandler?.()).toBe(false);
    const decisions: Record<string, boolean> = {};
    for (const url of ['app://hookline/index.html', 'https://telemetry.example.com/']) {
      beforeRequest?.({ url }, (response) => {
        decisions[url] = response.cancel;
      });
    }
    expect(decisions).toEqual({ 'app://hookline/index.html': false, 'https://telemetry.example.com/': true });
  });
});
