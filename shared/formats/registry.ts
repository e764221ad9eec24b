import type { ArtifactFormat, ProbeInput } from './format';
import { pcapFormat } from './pcap.format';
import { pcapngFormat } from './pcapng.format';
import { iptablesSaveFormat } from './iptables-save.format';
import { iptablesListFormat } from './iptables-list.format';
import { nftRulesetFormat } from './nft-ruleset.format';
import { nftHooksFormat } from './nft-hooks.format';
import { crashFormat } from './crash.format';
import { dmesgFormat } from './dmesg.format';
import { nstatFormat } from './nstat.format';
import { ipLinkFormat } from './ip-link.format';
import { kallsymsFormat } from './kallsyms.format';
import { perfScriptFormat } from './perf-script.format';
import { stapFormat } from './stap.format';
import { bpftraceFormat } from './bpftrace.format';
import { dropwatchFormat } from './dropwatch.format';
import { pwruFormat } from './pwru.format';
import { nettraceFormat } from './nettrace.format';
import { nftTraceFormat } from './nft-trace.format';
import { iptablesTraceFormat } from './iptables-trace.format';
import { conntrackFormat } from './conntrack.format';
import { tcStatsFormat } from './tc-stats.format';
import { bpftoolFormat } from './bpftool.format';
import { clockAnchorsFormat } from './clock-anchors.format';
import { manifestFormat } from './manifest.format';

// Every registered format, one import each. Binary (magic-number) formats are probed before text heuristics,
// whatever their place here; among text formats the highest score wins and ties go to the earlier entry.
export const formats: ArtifactFormat[] = [
  pcapFormat,
  pcapngFormat,
  iptablesSaveFormat,
  iptablesListFormat,
  nftRulesetFormat,
  nftHooksFormat,
  crashFormat,
  dmesgFormat,
  nstatFormat,
  ipLinkFormat,
  kallsymsFormat,
  perfScriptFormat,
  stapFormat,
  bpftraceFormat,
  dropwatchFormat,
  pwruFormat,
  nettraceFormat,
  nftTraceFormat,
  iptablesTraceFormat,
  conntrackFormat,
  tcStatsFormat,
  bpftoolFormat,
  clockAnchorsFormat,
  manifestFormat,
];

/** Picks the format that claims these bytes, or null. A probe that throws is a bug: it counts as "not mine". */
export function detectFormat(input: ProbeInput): ArtifactFormat | null {
  let best: ArtifactFormat | null = null;
  let bestScore = 0;
  const ordered = [...formats.filter((f) => f.kind === 'binary'), ...formats.filter((f) => f.kind === 'text')];
  for (const format of ordered) {
    let score = 0;
    try {
      score = format.probe(input);
    } catch {
      score = 0;
    }
    if (format.kind === 'binary' && score >= 1) return format;
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return bestScore >= 0.3 ? best : null;
}

export function formatById(id: string): ArtifactFormat | undefined {
  return formats.find((f) => f.id === id);
}
