import { describe, expect, it, vi } from 'vitest';
import { bridgeMethod, type HooklineBridge, type MenuAction } from '../../shared/ipc/contract';

// electron/preload.ts run against a recording stand-in for 'electron': what reaches the page is the bridge only.

type Listener = (...args: unknown[]) => void;

const recorded = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  listeners: new Map<string, Set<Listener>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      recorded.invoked.push(args);
      return { ok: true, value: null };
    },
    on: (channel: string, listener: Listener) => {
      if (!recorded.listeners.has(channel)) recorded.listeners.set(channel, new Set());
      recorded.listeners.get(channel)?.add(listener);
    },
    removeListener: (channel: string, listener: Listener) => recorded.listeners.get(channel)?.delete(listener),
  },
}));

describe('electron/preload.ts wiring', () => {
  it('exposes only window.hookline, with one method per call plus onMenuAction', async () => {
    await import('../../electron/preload');
    expect([...recorded.exposed.keys()]).toEqual(['hookline']);
    const bridge = recorded.exposed.get('hookline') as HooklineBridge;
    expect(Object.keys(bridge).sort()).toEqual([...Object.values(bridgeMethod), 'onMenuAction'].sort());
  });

  it('forwards calls to ipcRenderer.invoke with the channel and arguments', async () => {
    const bridge = recorded.exposed.get('hookline') as HooklineBridge;
    await bridge.caseOpenPath('/cases/a.hookline');
    await bridge.reportPdf({ suggestedName: 'r', html: '<p>' });
    expect(recorded.invoked).toEqual([
      ['case.openPath', '/cases/a.hookline'],
      ['report.pdf', { suggestedName: 'r', html: '<p>' }],
    ]);
  });

  it('relays menu.action payloads without the IPC event, and unsubscribes', () => {
    const bridge = recorded.exposed.get('hookline') as HooklineBridge;
    const received: MenuAction[] = [];
    const off = bridge.onMenuAction((action) => received.push(action));
    const [listener] = recorded.listeners.get('menu.action') ?? [];
    const fakeEvent = { sender: 'ipcRenderer itself' };
    listener(fakeEvent, 'report.export');
    listener(fakeEvent, 'not.an.action');
    expect(received).toEqual(['report.export']);
    off();
    expect(recorded.listeners.get('menu.action')?.size).toBe(0);
  });
});
