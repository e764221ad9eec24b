// The hidden-hook case (test/fixtures/cases/hidden-hook, EXPECTED.md) as memory files for renderer tests, which
// have no node:fs: text through `?raw`, binaries through inline data URLs.
import bpftrace from '../fixtures/cases/hidden-hook/bpftrace-kfree_skb.txt?raw';
import c2Url from '../fixtures/cases/hidden-hook/c2-eth0.pcapng?url&inline';
import dmesg from '../fixtures/cases/hidden-hook/dmesg.txt?raw';
import after from '../fixtures/cases/hidden-hook/iptables-save-after.txt?raw';
import before from '../fixtures/cases/hidden-hook/iptables-save-before.txt?raw';
import nft from '../fixtures/cases/hidden-hook/nft-ruleset.txt?raw';
import perf from '../fixtures/cases/hidden-hook/perf-script-kfree_skb.txt?raw';
import srvUrl from '../fixtures/cases/hidden-hook/srv-eth0.pcap?url&inline';
import { dataUrlBytes, memoryFile } from './memory-engine';

/** The perf script as text (tests read its lines back). */
export const perfScriptText = perf;

/** The case's files that carry the story: both captures, the tracers, the kernel log and the rulesets. */
export function hiddenHookFiles(): File[] {
  return [
    memoryFile('srv-eth0.pcap', dataUrlBytes(srvUrl)),
    memoryFile('c2-eth0.pcapng', dataUrlBytes(c2Url)),
    memoryFile('perf-script-kfree_skb.txt', perf),
    memoryFile('bpftrace-kfree_skb.txt', bpftrace),
    memoryFile('dmesg.txt', dmesg),
    memoryFile('iptables-save-before.txt', before),
    memoryFile('iptables-save-after.txt', after),
    memoryFile('nft-ruleset.txt', nft),
  ];
}
