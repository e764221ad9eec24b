import { crashLanguage } from './crash.language';
import { dmesgLanguage } from './dmesg.language';
import { iptablesLanguage } from './iptables.language';
import type { MonarchLanguage } from './monarch-types';
import { nftLanguage } from './nft.language';
import { perfScriptLanguage } from './perf-script.language';

/** The evidence languages by Monaco language id. */
export const evidenceLanguages: Record<string, MonarchLanguage> = {
  'perf-script': perfScriptLanguage,
  iptables: iptablesLanguage,
  nft: nftLanguage,
  crash: crashLanguage,
  dmesg: dmesgLanguage,
};

/** Which language colours an artifact of a given format (format ids of shared/formats); plain text otherwise. */
const byFormat: Record<string, string> = {
  'perf-script': 'perf-script',
  stap: 'perf-script',
  bpftrace: 'perf-script',
  dropwatch: 'perf-script',
  pwru: 'perf-script',
  nettrace: 'perf-script',
  'iptables-save': 'iptables',
  'iptables-list': 'iptables',
  'iptables-trace': 'iptables',
  'nft-ruleset': 'nft',
  'nft-hooks': 'nft',
  'nft-trace': 'nft',
  crash: 'crash',
  kallsyms: 'crash',
  dmesg: 'dmesg',
};

/** The Monaco language id for an artifact format. */
export function languageForFormat(format: string): string {
  return byFormat[format] ?? 'plaintext';
}
