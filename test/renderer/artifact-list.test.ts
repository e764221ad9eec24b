// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import ArtifactList from '../../renderer/src/features/artifacts/ArtifactList.vue';
import { useCaseStore } from '../../renderer/src/stores/case-store';
import { useImportStore } from '../../renderer/src/stores/import-store';
import { useSelectionStore } from '../../renderer/src/stores/selection-store';

const pcapSha = 'c5c46df7dca5bad264f05f6467b11b56fcd694c53f3f137ffc7ab81ceff91798';

beforeEach(() => {
  setActivePinia(createPinia());
});

function mountList() {
  return mount(ArtifactList, { attachTo: document.body });
}

describe('ArtifactList', () => {
  test('an empty case says how to add artifacts', () => {
    const wrapper = mountList();
    expect(wrapper.findAll('[data-testid="artifact-row"]')).toHaveLength(0);
    expect(wrapper.text()).toContain('No artifacts yet');
  });

  test('a read artifact shows its format badge, record count, size and the first 12 hex of its SHA-256', () => {
    useCaseStore().addArtifact({ name: 'srv-eth0.pcap', format: 'pcap', sha256: pcapSha, records: 1234, warnings: [], size: 4869 });
    const row = mountList().get('[data-testid="artifact-row"]');
    expect(row.attributes('data-state')).toBe('done');
    expect(row.get('[data-testid="artifact-format"]').text()).toBe('pcap');
    expect(row.get('[data-testid="artifact-records"]').text()).toBe('1,234 records');
    expect(row.get('[data-testid="artifact-sha"]').text()).toBe('c5c46df7dca5');
    expect(row.get('[data-testid="artifact-sha"]').attributes('title')).toBe(`SHA-256 ${pcapSha}`);
    expect(row.text()).toContain('4.8 KiB');
    expect(row.find('[data-testid="artifact-warnings"]').exists()).toBe(false);
  });

  test('an unknown file is listed too, with a muted unknown badge', () => {
    useCaseStore().addArtifact({ name: 'notes.docx', format: 'unknown', sha256: 'f'.repeat(64), records: 0, warnings: [], size: 20 });
    const badge = mountList().get('[data-testid="artifact-format"]');
    expect(badge.text()).toBe('unknown');
    expect(badge.classes()).toContain('unknown');
  });

  test('warnings are counted (the engine\'s "… and N more" line counts for N) and listed in a closed <details>', () => {
    const listed = Array.from({ length: 200 }, (_, i) => `line ${i + 1}: not a LOG line [dmesg/unparsed]`);
    useCaseStore().addArtifact({ name: 'dmesg.txt', format: 'dmesg', sha256: 'a'.repeat(64), records: 7, warnings: [...listed, '… and 35 more warnings'], size: 9000 });
    const warnings = mountList().get('[data-testid="artifact-warnings"]');
    expect(warnings.get('summary').text()).toBe('235 warnings');
    expect(warnings.element.hasAttribute('open')).toBe(false);
    const items = warnings.findAll('li');
    expect(items).toHaveLength(201);
    expect(items[0].text()).toBe('line 1: not a LOG line [dmesg/unparsed]');
  });

  test('a file being read shows a progress bar and a cancel button that cancels that file', async () => {
    const store = useImportStore();
    const cancel = vi.fn();
    store.begin(5, [{ name: 'big.pcapng', size: 3 * 1024 ** 3 }, { name: 'next.txt', size: 10 }], cancel);
    store.progress({ batch: 5, index: 0, name: 'big.pcapng', phase: 'reading', bytes: 1, size: 3 * 1024 ** 3, fraction: 0.64 });
    const wrapper = mountList();
    const rows = wrapper.findAll('[data-testid="artifact-row"]');
    expect(rows.map((r) => [r.attributes('data-name'), r.attributes('data-state')])).toEqual([
      ['big.pcapng', 'reading'],
      ['next.txt', 'queued'],
    ]);
    const bar = rows[0].get('[role="progressbar"]');
    expect(bar.attributes('aria-valuenow')).toBe('64');
    expect(rows[0].get('.progress-fill').attributes('style')).toContain('width: 64%');
    expect(rows[0].text()).toContain('64% · 3.0 GiB');
    expect(rows[1].text()).toContain('queued');
    await rows[0].get('[data-testid="artifact-cancel"]').trigger('click');
    expect(cancel).toHaveBeenCalledWith(0);
  });

  test('when the file is done its progress row gives way to the artifact row', async () => {
    const store = useImportStore();
    store.begin(1, [{ name: 'dmesg.txt', size: 1492 }], () => {});
    const wrapper = mountList();
    expect(wrapper.get('[data-testid="artifact-row"]').attributes('data-state')).toBe('queued');
    const summary = { name: 'dmesg.txt', format: 'dmesg', sha256: 'b'.repeat(64), records: 12, warnings: [], size: 1492 };
    useCaseStore().addArtifact(summary);
    store.progress({ batch: 1, index: 0, name: 'dmesg.txt', phase: 'done', bytes: 1492, size: 1492, fraction: 1, summary });
    await wrapper.vm.$nextTick();
    const rows = wrapper.findAll('[data-testid="artifact-row"]');
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['done']);
  });

  test('a failed file shows why and can be dismissed', async () => {
    const store = useImportStore();
    store.begin(1, [{ name: 'gone.txt', size: 1 }], () => {});
    store.progress({ batch: 1, index: 0, name: 'gone.txt', phase: 'failed', bytes: 0, size: 1, fraction: 0, message: 'could not read gone.txt: NotReadableError' });
    const wrapper = mountList();
    const row = wrapper.get('[data-testid="artifact-row"]');
    expect(row.text()).toContain('could not read gone.txt: NotReadableError');
    expect(row.find('[role="progressbar"]').exists()).toBe(false);
    await row.get('button[title="Dismiss"]').trigger('click');
    expect(wrapper.findAll('[data-testid="artifact-row"]')).toHaveLength(0);
  });

  test('clicking an artifact name selects it; clicking again clears the selection', async () => {
    useCaseStore().addArtifact({ name: 'nstat.txt', format: 'nstat', sha256: 'c'.repeat(64), records: 3, warnings: [], size: 10 });
    const wrapper = mountList();
    await wrapper.get('.artifact-name').trigger('click');
    expect(useSelectionStore().artifact).toBe('nstat.txt');
    expect(wrapper.get('[data-testid="artifact-row"]').classes()).toContain('selected');
    await wrapper.get('.artifact-name').trigger('click');
    expect(useSelectionStore().artifact).toBeNull();
  });
});
