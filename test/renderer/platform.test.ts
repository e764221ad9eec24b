// @vitest-environment happy-dom
import { describe, expect, test, vi } from 'vitest';
import type { BundledFile, HooklineBridge, IpcResult } from '../../shared/ipc/contract';
import type { StoredCase } from '../../renderer/src/platform/browser-platform';
import { createBrowserPlatform } from '../../renderer/src/platform/browser-platform';
import { downloadFile } from '../../renderer/src/platform/download-file';
import { createElectronPlatform } from '../../renderer/src/platform/electron-platform';
import type { KeyValueStore } from '../../renderer/src/platform/key-value-store';
import { selectPlatform } from '../../renderer/src/platform/select-platform';

function ok<T>(value: T): Promise<IpcResult<T>> {
  return Promise.resolve({ ok: true, value });
}

function fakeBridge(overrides: Partial<HooklineBridge> = {}): HooklineBridge {
  const refuse = () => Promise.resolve({ ok: false as const, code: 'unavailable' as const, message: 'not in this test' });
  return {
    appInfo: refuse,
    caseOpen: refuse,
    caseOpenPath: refuse,
    caseSave: refuse,
    caseRecent: refuse,
    reportSave: refuse,
    reportPdf: refuse,
    demoLoad: refuse,
    onMenuAction: () => () => {},
    ...overrides,
  };
}

function memoryCases(): KeyValueStore<StoredCase> & { map: Map<string, StoredCase> } {
  const map = new Map<string, StoredCase>();
  return {
    map,
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
    entries: async () => [...map.entries()],
  };
}

describe('electron platform', () => {
  test('turns the demo case bytes from IPC into Files with the same names and bytes', async () => {
    const bundled: BundledFile[] = [
      { name: 'dmesg.txt', bytes: new TextEncoder().encode('[ 1.0] hello\n') },
      { name: 'srv-eth0.pcap', bytes: new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1]) },
    ];
    const platform = createElectronPlatform(fakeBridge({ demoLoad: () => ok(bundled) }));
    const result = await platform.loadDemoCase();
    if (!result.ok) throw new Error(result.message);
    expect(result.value.map((f) => f.name)).toEqual(['dmesg.txt', 'srv-eth0.pcap']);
    expect(await result.value[0].text()).toBe('[ 1.0] hello\n');
    expect([...new Uint8Array(await result.value[1].arrayBuffer())]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
  });

  test('errors stay values: a refused call passes its code through, a broken IPC becomes io-error', async () => {
    const refused = createElectronPlatform(fakeBridge({ demoLoad: () => Promise.resolve({ ok: false, code: 'not-found', message: 'the demo case is missing' }) }));
    expect(await refused.loadDemoCase()).toEqual({ ok: false, code: 'not-found', message: 'the demo case is missing' });
    const broken = createElectronPlatform(fakeBridge({ caseRecent: () => Promise.reject(new Error('channel closed')) }));
    expect(await broken.recentCases()).toEqual({ ok: false, code: 'io-error', message: 'the desktop shell did not answer: Error: channel closed' });
  });

  test('maps cases and reports onto the bridge calls', async () => {
    const caseSave = vi.fn(() => ok({ path: '/home/li/case.hookline.json' }));
    const caseOpen = vi.fn(() => ok({ path: '/a.json', content: '{}' }));
    const caseOpenPath = vi.fn(() => ok({ path: '/b.json', content: '{"v":1}' }));
    const reportSave = vi.fn(() => ok({ path: '/r.md' }));
    const reportPdf = vi.fn(() => ok({ path: '/r.pdf' }));
    const platform = createElectronPlatform(fakeBridge({ caseSave, caseOpen, caseOpenPath, reportSave, reportPdf }));
    expect(platform.name).toBe('electron');
    expect(await platform.saveCase('{"x":1}', null)).toEqual({ ok: true, value: { location: '/home/li/case.hookline.json' } });
    expect(caseSave).toHaveBeenCalledWith({ path: null, content: '{"x":1}' });
    expect(await platform.openCase()).toEqual({ ok: true, value: { path: '/a.json', content: '{}' } });
    expect(await platform.openCase('/b.json')).toEqual({ ok: true, value: { path: '/b.json', content: '{"v":1}' } });
    expect(caseOpenPath).toHaveBeenCalledWith('/b.json');
    expect(await platform.exportReport('r.md', '# r', 'text/markdown')).toEqual({ ok: true, value: { location: '/r.md' } });
    expect(reportSave).toHaveBeenCalledWith({ suggestedName: 'r.md', content: '# r' });
    expect(await platform.exportPdf('r.pdf', '<p>r</p>')).toEqual({ ok: true, value: { location: '/r.pdf' } });
    expect(reportPdf).toHaveBeenCalledWith({ suggestedName: 'r.pdf', html: '<p>r</p>' });
  });

  test('artifacts are picked with the File API, folders on request', async () => {
    const pick = vi.fn(async () => [new File(['x'], 'x.txt')]);
    const platform = createElectronPlatform(fakeBridge(), pick);
    expect((await platform.pickArtifacts({ folder: true })).map((f) => f.name)).toEqual(['x.txt']);
    expect(pick).toHaveBeenCalledWith({ folder: true, multiple: true });
  });

  test('menu actions come from the bridge', () => {
    const unsubscribe = vi.fn();
    const onMenuAction = vi.fn(() => unsubscribe);
    const platform = createElectronPlatform(fakeBridge({ onMenuAction }));
    const callback = vi.fn();
    expect(platform.onMenuAction(callback)).toBe(unsubscribe);
    expect(onMenuAction).toHaveBeenCalledWith(callback);
  });
});

describe('browser platform', () => {
  const index = { case: 'hidden-hook', files: [{ name: 'dmesg.txt', size: 5, sha256: 'x' }, { name: 'srv eth0.pcap', size: 2, sha256: 'y' }] };

  function fakeFetch(routes: Record<string, () => Response>) {
    const seen: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      seen.push(url);
      const route = routes[url];
      return route ? route() : new Response('missing', { status: 404 });
    }) as typeof globalThis.fetch;
    return { fetch, seen };
  }

  test('loads the demo case listed in demo-case/index.json, relative to the document base', async () => {
    const { fetch, seen } = fakeFetch({
      'http://app.test/sub/demo-case/index.json': () => Response.json(index),
      'http://app.test/sub/demo-case/dmesg.txt': () => new Response('hello'),
      'http://app.test/sub/demo-case/srv%20eth0.pcap': () => new Response(new Uint8Array([1, 2])),
    });
    const platform = createBrowserPlatform({ fetch, baseUrl: 'http://app.test/sub/index.html' });
    const result = await platform.loadDemoCase();
    if (!result.ok) throw new Error(result.message);
    expect(result.value.map((f) => [f.name, f.size])).toEqual([['dmesg.txt', 5], ['srv eth0.pcap', 2]]);
    expect(await result.value[0].text()).toBe('hello');
    expect(seen).toHaveLength(3);
  });

  test('a build without the demo case, or with a broken listing, answers with an error value', async () => {
    const missing = createBrowserPlatform({ fetch: fakeFetch({}).fetch, baseUrl: 'http://app.test/' });
    expect(await missing.loadDemoCase()).toMatchObject({ ok: false, code: 'not-found' });
    const broken = createBrowserPlatform({ fetch: fakeFetch({ 'http://app.test/demo-case/index.json': () => Response.json({ files: 'no' }) }).fetch, baseUrl: 'http://app.test/' });
    expect(await broken.loadDemoCase()).toEqual({ ok: false, code: 'io-error', message: 'demo-case/index.json does not list files' });
    const holey = createBrowserPlatform({ fetch: fakeFetch({ 'http://app.test/demo-case/index.json': () => Response.json(index) }).fetch, baseUrl: 'http://app.test/' });
    expect(await holey.loadDemoCase()).toEqual({ ok: false, code: 'not-found', message: 'demo file dmesg.txt is missing (404)' });
  });

  test('saves cases in the key-value store, lists them newest first, opens them by name', async () => {
    const cases = memoryCases();
    let clock = Date.parse('2026-11-24T19:22:51Z');
    const platform = createBrowserPlatform({ cases: () => cases, now: () => new Date((clock += 1000)) });
    expect(await platform.saveCase('{"n":1}', null)).toEqual({ ok: true, value: { location: 'case 2026-11-24 19:22:52' } });
    expect(await platform.saveCase('{"n":2}', 'srv incident')).toEqual({ ok: true, value: { location: 'srv incident' } });
    expect(await platform.recentCases()).toEqual({ ok: true, value: ['srv incident', 'case 2026-11-24 19:22:52'] });
    expect(await platform.openCase('srv incident')).toEqual({ ok: true, value: { path: 'srv incident', content: '{"n":2}' } });
    expect(await platform.openCase('nothing')).toMatchObject({ ok: false, code: 'not-found' });
  });

  test('opening without a name picks a case file; dismissing the picker is "cancelled"', async () => {
    let offered: File[] = [new File(['{"v":1}'], 'case.json')];
    const platform = createBrowserPlatform({ pick: async () => offered });
    expect(await platform.openCase()).toEqual({ ok: true, value: { path: 'case.json', content: '{"v":1}' } });
    offered = [];
    expect(await platform.openCase()).toMatchObject({ ok: false, code: 'cancelled' });
  });

  test('a storage failure is an io-error value, not an exception', async () => {
    const failing = { ...memoryCases(), set: () => Promise.reject(new Error('QuotaExceededError')) };
    const platform = createBrowserPlatform({ cases: () => failing });
    expect(await platform.saveCase('{}', 'x')).toEqual({ ok: false, code: 'io-error', message: 'cannot store the case in this browser: Error: QuotaExceededError' });
  });

  test('reports are downloads; PDF is unavailable in the browser', async () => {
    const download = vi.fn();
    const platform = createBrowserPlatform({ download });
    expect(platform.name).toBe('browser');
    expect(await platform.exportReport('verdict.json', '{}', 'application/json')).toEqual({ ok: true, value: { location: 'verdict.json' } });
    expect(download).toHaveBeenCalledWith('verdict.json', '{}', 'application/json');
    expect(await platform.exportPdf('r.pdf', '<p></p>')).toMatchObject({ ok: false, code: 'unavailable' });
  });
});

describe('downloadFile', () => {
  test('clicks a hidden <a download> pointing at a Blob URL of the content, then removes it', async () => {
    let blob: Blob | null = null;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:http://app.test/1';
    });
    const clicked: Array<{ href: string; download: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    downloadFile('verdict.json', '{"a":1}', 'application/json');
    expect(clicked).toEqual([{ href: 'blob:http://app.test/1', download: 'verdict.json' }]);
    expect(blob!.type).toBe('application/json');
    expect(await blob!.text()).toBe('{"a":1}');
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    create.mockRestore();
    click.mockRestore();
  });
});

describe('selectPlatform', () => {
  test('is electron when the preload exposed window.hookline, browser otherwise', () => {
    expect(selectPlatform({ hookline: fakeBridge() }).name).toBe('electron');
    expect(selectPlatform({}).name).toBe('browser');
  });
});
