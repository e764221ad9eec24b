// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test } from 'vitest';
import FindingList from '../../renderer/src/features/findings/FindingList.vue';
import { fateText, flowText, ownerText } from '../../renderer/src/features/findings/finding-text';
import MissingCommands from '../../renderer/src/features/findings/MissingCommands.vue';
import { useCaseStore } from '../../renderer/src/stores/case-store';
import { useSelectionStore } from '../../renderer/src/stores/selection-store';
import { sampleFinding } from './sample-verdict';

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('finding text', () => {
  test('names the flow, the hook and the owner in one line each', () => {
    expect(flowText(sampleFinding.flow)).toBe('10.0.2.8:43482 → 10.0.0.3:20202 tcp');
    expect(fateText(sampleFinding)).toBe('dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4');
  });

  test('brackets IPv6 endpoints and leaves ports out where there are none', () => {
    expect(flowText({ proto: 'icmpv6', src: 'fe80::1', sport: null, dst: 'ff02::1', dport: null })).toBe('fe80::1 → ff02::1 icmpv6');
    expect(flowText({ proto: 'tcp', src: '2001:db8::2', sport: 5, dst: '2001:db8::3', dport: 80 })).toBe('[2001:db8::2]:5 → [2001:db8::3]:80 tcp');
  });

  test('owners read as the thing to change', () => {
    const none = { kind: null, backend: null, table: null, chain: null, rule: null, module: null, hookFunction: null, priority: null } as const;
    expect(ownerText({ ...none, kind: 'module', module: 'resguard_linux', hookFunction: 'net_hook_in_v4' })).toBe('module resguard_linux');
    expect(ownerText({ ...none, kind: 'iptables', backend: 'legacy', table: 'filter', chain: 'INPUT', rule: '6' })).toBe('iptables (legacy) filter INPUT 6');
    expect(ownerText(none)).toBe('an unknown owner');
  });
});

describe('FindingList', () => {
  test('renders one row per finding of the verdict, selectable', async () => {
    const store = useCaseStore();
    const delivered = { ...sampleFinding, outcome: 'delivered' as const, drop: null, flow: { ...sampleFinding.flow, src: '10.0.2.7' } };
    store.setVerdict({ artifacts: [], findings: [sampleFinding, delivered], missing: [], clocks: [], notes: [] });
    const wrapper = mount(FindingList);
    const rows = wrapper.findAll('[data-testid="finding-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].text()).toContain('✗ 10.0.2.8:43482 → 10.0.0.3:20202 tcp');
    expect(rows[0].text()).toContain('dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4');
    expect(rows[0].text()).toContain('confirmed');
    expect(rows[1].text()).toContain('✓ 10.0.2.7:43482');
    await rows[0].get('button').trigger('click');
    expect(useSelectionStore().finding).toBe(0);
    expect(wrapper.findAll('[data-testid="finding-row"]')[0].classes()).toContain('selected');
  });

  test('says why there is no finding: no verdict yet, or a verdict without one', async () => {
    const wrapper = mount(FindingList);
    expect(wrapper.text()).toContain('Findings appear once artifacts are read.');
    useCaseStore().setVerdict({ artifacts: [], findings: [], missing: [], clocks: [], notes: [] });
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toContain('No finding');
  });
});

describe('MissingCommands', () => {
  test('lists what to collect next as commands', () => {
    useCaseStore().setVerdict({ artifacts: [], findings: [], missing: ['nft list ruleset', 'perf record -e skb:kfree_skb -a -g'], clocks: [], notes: [] });
    const commands = mount(MissingCommands).findAll('[data-testid="missing-command"]');
    expect(commands.map((c) => c.text())).toEqual(['nft list ruleset', 'perf record -e skb:kfree_skb -a -g']);
  });
});
