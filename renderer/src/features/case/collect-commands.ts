import { collect } from '../../../../shared/correlate/missing-commands';

/** One thing to collect on the server, with why it matters. */
export interface CollectStep {
  /** English (tests, docs); the empty state shows `key` from the catalogues. */
  what: string;
  /** Catalogue key of `what` (shared/i18n/locales, `app.collect.*`). */
  key: string;
  command: string;
}

/**
 * What the empty workbench teaches: the artifacts that answer "who dropped it", with the engine's own commands
 * (shared/correlate/missing-commands.ts) so the words here and in "what to collect next" never drift apart.
 */
export const collectSteps: CollectStep[] = [
  { key: 'app.collect.capture', what: 'The packets, on the server (stop it once the failure is reproduced)', command: 'tcpdump -i any -s 256 -w capture.pcap' },
  { key: 'app.collect.dropTrace', what: 'Every dropped skb with its kernel stack (since-boot clock; Hookline puts it on the wall clock)', command: collect.dropTrace.replace(' && ', '\n') },
  { key: 'app.collect.iptables', what: 'iptables rules with their counters, before and after reproducing', command: 'iptables-save -c > iptables-save-before.txt\n# …reproduce…\niptables-save -c > iptables-save-after.txt' },
  { key: 'app.collect.nft', what: 'nftables, including chains iptables-save never shows', command: collect.nftRuleset },
  { key: 'app.collect.hooks', what: 'Every function registered on each netfilter hook', command: collect.nftHooks },
  { key: 'app.collect.dmesg', what: 'The kernel log (LOG rule lines tie the clocks together)', command: 'dmesg > dmesg.txt' },
];
