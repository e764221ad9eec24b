import { describe, expect, it } from 'vitest';
import { bridgeMethod, type HooklineChannel, type MenuAction } from '../../shared/ipc/contract';
import { createBridge } from '../../electron/bridge';

function recordingBridge() {
  const calls: [HooklineChannel, unknown[]][] = [];
  let menuListener: ((payload: unknown) => void) | undefined;
  let unsubscribed = 0;
  const bridge = createBridge(
    async (channel, ...args) => {
      calls.push([channel, args]);
      return { ok: true, value: channel };
    },
    (listener) => {
      menuListener = listener;
      return () => {
        unsubscribed++;
      };
    },
  );
  return { bridge, calls, emit: (payload: unknown) => menuListener?.(payload), unsubscribedCount: () => unsubscribed };
}

describe('the preload bridge', () => {
  it('exposes exactly one method per contract call, plus onMenuAction', () => {
    const { bridge } = recordingBridge();
    expect(Object.keys(bridge).sort()).toEqual([...Object.values(bridgeMethod), 'onMenuAction'].sort());
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('each method invokes its own channel with its arguments, and nothing else', async () => {
    const { bridge, calls } = recordingBridge();
    await bridge.appInfo();
    await bridge.caseOpen();
    await bridge.caseOpenPath('/cases/a.hookline');
    await bridge.caseSave({ path: null, content: '{}' });
    await bridge.caseRecent();
    await bridge.reportSave({ suggestedName: 'r.html', content: '<p>' });
    await bridge.reportPdf({ suggestedName: 'r.pdf', html: '<p>' });
    await bridge.demoLoad();
    expect(calls).toEqual([
      ['app.info', []],
      ['case.open', []],
      ['case.openPath', ['/cases/a.hookline']],
      ['case.save', [{ path: null, content: '{}' }]],
      ['case.recent', []],
      ['report.save', [{ suggestedName: 'r.html', content: '<p>' }]],
      ['report.pdf', [{ suggestedName: 'r.pdf', html: '<p>' }]],
      ['demo.load', []],
    ]);
    for (const [channel, method] of Object.entries(bridgeMethod)) {
      expect(calls.some(([c]) => c === channel), `${method} → ${channel}`).toBe(true);
    }
  });

  it('delivers only whitelisted menu actions and unsubscribes', () => {
    const { bridge, emit, unsubscribedCount } = recordingBridge();
    const received: MenuAction[] = [];
    const off = bridge.onMenuAction((action) => received.push(action));
    emit('case.save');
    emit('shell.openExternal');
    emit({ sender: 'ipcRenderer' });
    emit('demo.open');
    expect(received).toEqual(['case.save', 'demo.open']);
    off();
    expect(unsubscribedCount()).toBe(1);
  });
});
