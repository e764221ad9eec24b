import type { Finding } from '../../shared/model/verdict';

/** The hidden-hook case's truth (test/fixtures/cases/hidden-hook/EXPECTED.md), as the verdict engine should state it. */
export const sampleFinding: Finding = {
  flow: { proto: 'tcp', src: '10.0.2.8', sport: 43482, dst: '10.0.0.3', dport: 20202 },
  outcome: 'dropped',
  translated: null,
  drop: {
    hook: 'LOCAL_IN',
    reason: 'NETFILTER_DROP',
    location: 'nft_do_chain+0x3e8',
    owner: { kind: 'nftables', backend: null, table: 'inet resguard', chain: 'net_hook_in_v4', rule: 'ip saddr @blacklist counter drop', module: null, hookFunction: null, priority: 10 },
    skb: ['ffff8b0c45a1c000'],
  },
  timeline: [],
  evidence: [],
  explanation: 'iptables ACCEPTed the SYNs; the nftables chain inet resguard/net_hook_in_v4 dropped them at LOCAL_IN.',
  code: 'iptables-accepted-but-dropped',
  confidence: 'confirmed',
  missing: [],
  hookPath: [
    { priority: 0, kind: 'iptables', label: 'iptables filter INPUT', verdict: 'ACCEPT', rule: '-A INPUT -s 10.0.2.8/32 -p tcp -m tcp --dport 20202 -j ACCEPT', dropped: false, artifact: 'iptables-save-after.txt', ref: 'line 11' },
    { priority: 10, kind: 'nftables', label: 'nft inet resguard net_hook_in_v4', verdict: 'DROP', rule: 'ip saddr @blacklist counter drop', dropped: true, artifact: 'nft-ruleset.txt', ref: 'line 9' },
  ],
};
