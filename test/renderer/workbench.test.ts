// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import dmesgText from '../fixtures/cases/hidden-hook/dmesg.txt?raw';
import pcapUrl from '../fixtures/cases/hidden-hook/srv-eth0.pcap?url&inline';
import type { MenuAction } from '../../shared/ipc/contract';
import App from '../../renderer/src/App.vue';
import { engineKey, platformKey } from '../../renderer/src/app/injection-keys';
import { useArtifactImport } from '../../renderer/src/features/artifacts/use-artifact-import';
import type { Platform } from '../../renderer/src/platform/platform';
import { useCaseStore } from '../../renderer/src/stores/case-store';
import { useImportStore } from '../../renderer/src/stores/import-store';
import { dataUrlBytes, memoryEngine, memoryFile, webCryptoSha256 } from './memory-engine';

const pcapBytes = dataUrlBytes(pcapUrl);

function fakePlatform(overrides: Partial<Platform> = {}): Platform {
  const unavailable = async () => ({ ok: false as const, code: 'unavailable' as const, message: 'not in this test' });
  return {
    name: 'browser',
    pickArtifacts: async () => [],
    loadDemoCase: async () => ({ ok: true, value: [memoryFile('srv-eth0.pcap', pcapBytes), memoryFile('dmesg.txt', dmesgText), memoryFile('notes.bin', new Uint8Array([0, 1, 2]))] }),
    saveCase: unavailable,
    openCase: unavailable,
    recentCases: unavailable,
    exportReport: async (name) => ({ ok: true, value: { location: name } }),
    exportPdf: unavailable,
    onMenuAction: () => () => {},
    ...overrides,
  };
}

async function settle(times = 30): Promise<void> {
  for (let i = 0; i < times; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('useArtifactImport', () => {
  test('files land in the case with their hashes, the verdict follows, the import list empties', async () => {
    const { client } = memoryEngine();
    const { importFiles } = useArtifactImport(client);
    await importFiles([memoryFile('srv-eth0.pcap', pcapBytes), memoryFile('dmesg.txt', dmesgText)]);
    const caseStore = useCaseStore();
    expect(caseStore.artifacts.map((a) => a.name)).toEqual(['srv-eth0.pcap', 'dmesg.txt']);
    expect(caseStore.artifacts[0].sha256).toBe(await webCryptoSha256(pcapBytes));
    expect(caseStore.artifacts[1].sha256).toBe(await webCryptoSha256(new TextEncoder().encode(dmesgText)));
    expect(caseStore.verdict?.artifacts.map((a) => a.name)).toEqual(['srv-eth0.pcap', 'dmesg.txt']);
    expect(useImportStore().jobs).toEqual([]);
  });

  test('an engine that dies marks the files it never reported as failed', async () => {
    const { client } = memoryEngine();
    const broken = { ...client, ingest: () => ({ batch: 1, done: Promise.reject(new Error('worker crashed')), cancel: () => {} }) };
    await useArtifactImport(broken).importFiles([memoryFile('a.txt', 'a')]);
    expect(useImportStore().jobs.map((j) => [j.name, j.phase, j.message])).toEqual([['a.txt', 'failed', 'the engine failed: Error: worker crashed']]);
    expect(useCaseStore().artifacts).toEqual([]);
  });
});

describe('the workbench', () => {
  function mountApp(platform: Platform) {
    const { client } = memoryEngine();
    return mount(App, { attachTo: document.body, global: { plugins: [createPinia()], provide: { [engineKey as symbol]: client, [platformKey as symbol]: platform } } });
  }

  test('"Load demo case" lists every demo file with its format and hash; unknown files too', async () => {
    const wrapper = mountApp(fakePlatform());
    expect(wrapper.get('[data-testid="case-line"]').text()).toBe('new case · no artifacts');
    await wrapper.get('[data-testid="load-demo"]').trigger('click');
    await settle();
    const rows = wrapper.findAll('[data-testid="artifact-row"]');
    expect(rows.map((r) => [r.attributes('data-name'), r.attributes('data-state')])).toEqual([
      ['srv-eth0.pcap', 'done'],
      ['dmesg.txt', 'done'],
      ['notes.bin', 'done'],
    ]);
    expect(rows[0].get('[data-testid="artifact-format"]').text()).toBe('pcap');
    expect(rows[0].get('[data-testid="artifact-sha"]').text()).toBe((await webCryptoSha256(pcapBytes)).slice(0, 12));
    expect(rows[2].get('[data-testid="artifact-format"]').text()).toBe('unknown');
    expect(wrapper.get('[data-testid="verdict-artifacts"]').text()).toBe('3');
    const findings = useCaseStore().findings.length;
    expect(wrapper.get('[data-testid="case-line"]').text()).toBe(`3 artifacts · ${findings} ${findings === 1 ? 'finding' : 'findings'}`);
    expect(wrapper.findAll('[data-testid="finding-row"]')).toHaveLength(findings);
    wrapper.unmount();
  });

  test('a demo case that cannot be loaded is said in the notice line', async () => {
    const wrapper = mountApp(fakePlatform({ loadDemoCase: async () => ({ ok: false, code: 'not-found', message: 'the demo case is not in this build' }) }));
    await wrapper.get('[data-testid="load-demo"]').trigger('click');
    await settle(3);
    expect(wrapper.get('[data-testid="notice"]').text()).toContain('the demo case is not in this build');
    expect(wrapper.get('[data-testid="notice"]').classes()).toContain('error');
    wrapper.unmount();
  });

  test('"Export verdict" hands the verdict JSON to the platform', async () => {
    const exportReport = vi.fn(async (name: string) => ({ ok: true as const, value: { location: name } }));
    const wrapper = mountApp(fakePlatform({ exportReport }));
    expect(wrapper.get('[data-testid="export-verdict"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="load-demo"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="export-verdict"]').trigger('click');
    await settle(2);
    const [name, content, mime] = exportReport.mock.calls[0] as unknown as [string, string, string];
    expect([name, mime]).toEqual(['hookline-verdict.json', 'application/json']);
    expect(JSON.parse(content).artifacts.map((a: { name: string }) => a.name)).toEqual(['srv-eth0.pcap', 'dmesg.txt', 'notes.bin']);
    expect(wrapper.get('[data-testid="notice"]').text()).toBe('Verdict exported to hookline-verdict.json✕');
    wrapper.unmount();
  });

  test('app-menu commands from the host run the same actions', async () => {
    let menu: (action: MenuAction) => void = () => {};
    const unsubscribe = vi.fn();
    const wrapper = mountApp(fakePlatform({ onMenuAction: (callback) => ((menu = callback), unsubscribe) }));
    menu('demo.open');
    await settle();
    expect(wrapper.findAll('[data-testid="artifact-row"]')).toHaveLength(3);
    wrapper.unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });

  test('selecting an artifact opens its details with the full SHA-256', async () => {
    const wrapper = mountApp(fakePlatform());
    await wrapper.get('[data-testid="load-demo"]').trigger('click');
    await settle();
    await wrapper.findAll('[data-testid="artifact-row"]')[0].get('.artifact-name').trigger('click');
    await settle(3);
    const detail = wrapper.get('[data-testid="artifact-detail"]');
    expect(detail.text()).toContain(await webCryptoSha256(pcapBytes));
    expect(detail.get('[data-testid="record-count"]').text()).toBe(`${useCaseStore().artifacts[0].records} records`);
    wrapper.unmount();
  });
});
