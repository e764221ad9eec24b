// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import type { Finding, HookPathStep } from '../../shared/model/verdict';
import HookPathView from '../../renderer/src/features/hook-path/HookPathView.vue';
import { hookPathCards } from '../../renderer/src/features/hook-path/hook-path-steps';
import { sampleFinding } from './sample-verdict';

// The seed case's LOCAL_IN listing (test/fixtures/cases/seed-centos7/crash-session.log): mangle, filter, nat,
// the vendor module's hook, then conntrack's helper and confirm, which the packet never reached.
const seedPath: HookPathStep[] = [
  { priority: -150, kind: 'iptables', label: 'iptables mangle INPUT', verdict: 'ACCEPT', rule: 'policy ACCEPT', dropped: false, artifact: 'iptables-save-c.txt', ref: 'line 3' },
  { priority: 0, kind: 'iptables', label: 'iptables filter INPUT', verdict: 'ACCEPT', rule: '-A INPUT -s 10.0.2.8/32 -p tcp -m tcp --dport 20202 -j ACCEPT', dropped: false, artifact: 'iptables-save-c.txt', ref: 'line 14' },
  { priority: 100, kind: 'kernel', label: 'nf_nat_ipv4_fn', verdict: 'ACCEPT', rule: null, dropped: false, artifact: 'crash-session.log', ref: 'line 61' },
  { priority: 225, kind: 'module', label: 'net_hook_in_v4 [resguard_linux]', verdict: 'DROP', rule: null, dropped: true, artifact: 'crash-session.log', ref: 'line 67' },
  { priority: 300, kind: 'kernel', label: 'ipv4_helper', verdict: null, rule: null, dropped: false, artifact: 'crash-session.log', ref: 'line 73' },
  { priority: 2147483647, kind: 'kernel', label: 'ipv4_confirm', verdict: null, rule: null, dropped: false, artifact: 'crash-session.log', ref: 'line 79' },
];

describe('hookPathCards', () => {
  test('accepts ✓, the dropping entry ✗, unreadable code ?, and entries after the drop never reached', () => {
    const unreadable: HookPathStep = { priority: 50, kind: 'bpf', label: 'BPF prog 6', verdict: null, rule: null, dropped: false, artifact: null, ref: null };
    const cards = hookPathCards([...seedPath.slice(0, 3), unreadable, ...seedPath.slice(3)]);
    expect(cards.map((c) => [c.priority, c.fate, c.symbol])).toEqual([
      ['prio -150', 'accept', '✓'],
      ['prio 0', 'accept', '✓'],
      ['prio 100', 'accept', '✓'],
      ['prio 50', 'unknown', '?'],
      ['prio 225', 'drop', '✗'],
      ['prio 300', 'not-reached', '·'],
      ['prio 2147483647', 'not-reached', '·'],
    ]);
    expect(hookPathCards([{ ...unreadable, priority: null, verdict: 'QUEUE' }]).map((c) => [c.priority, c.fate, c.symbol])).toEqual([['prio ?', 'other', 'QUEUE']]);
  });
});

describe('HookPathView', () => {
  test("shows the hidden-hook finding's entries in order, the nft chain's DROP highlighted with its rule", async () => {
    const wrapper = mount(HookPathView, { props: { finding: sampleFinding } });
    const steps = wrapper.findAll('[data-testid="hook-step"]');
    expect(steps.map((s) => [s.attributes('data-fate'), s.find('.hook-label').text(), s.find('[data-testid="hook-fate"]').text()])).toEqual([
      ['accept', 'iptables filter INPUT', '✓ ACCEPT'],
      ['drop', 'nft inet resguard net_hook_in_v4', '✗ DROP'],
    ]);
    expect(steps[1].classes()).toContain('drop');
    expect(steps[1].find('.hook-rule').text()).toBe('ip saddr @blacklist counter drop');
    expect(wrapper.text()).toContain('LOCAL_IN, in priority order');
    await steps[1].find('button').trigger('click');
    expect(wrapper.emitted('open')).toEqual([['nft-ruleset.txt', 'line 9']]);
  });

  test('greys out what the packet never reached, and says when the artifacts list no entry', () => {
    const seed: Finding = { ...sampleFinding, hookPath: seedPath };
    const wrapper = mount(HookPathView, { props: { finding: seed } });
    expect(wrapper.findAll('[data-testid="hook-step"]').map((s) => s.attributes('data-fate'))).toEqual(['accept', 'accept', 'accept', 'drop', 'not-reached', 'not-reached']);
    expect(wrapper.text()).toContain('never reached after the drop: ipv4_helper, ipv4_confirm');
    const empty = mount(HookPathView, { props: { finding: { ...sampleFinding, hookPath: [], missing: ['nft list hooks > nft-hooks.txt'] } } });
    expect(empty.text()).toContain('The artifacts do not list the entries on LOCAL_IN. To see them: nft list hooks > nft-hooks.txt');
    expect(mount(HookPathView, { props: { finding: null } }).text()).toContain('Select a finding');
  });
});
