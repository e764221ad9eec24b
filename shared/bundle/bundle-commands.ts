// The commands of a sosreport or a supportconfig that Hookline reads, and the format each output should detect
// as. Everything else in a bundle (thousands of config copies, /proc and /sys snapshots, logs of other daemons) is
// skipped by name before its bytes are kept.
//
// The commands are the ones the collectors run, read from their sources:
// - sos 4.x `sos/report/plugins/`: firewall_tables.py (`iptables -t <table> -nvL`, `ip6tables -t <table> -nvL`,
//   `nft list ruleset`, `iptables -vnxL`; in sos ≤ 4.2 the same lines lived in networking.py), networking.py
//   (`ip -s -d link`, `netstat -s`, `nstat -zas`, `tc -s qdisc show`, `ethtool -S <dev>`, and per namespace
//   `ip netns exec <ns> iptables-save` / `netstat -s` / `nstat -zas` / `ethtool -S <dev>`), conntrack.py
//   (`conntrack -L -o extended`, `conntrack -S`, also per namespace), kernel.py (`dmesg`, `uname -a`, `lsmod`,
//   copies of /proc/kallsyms), ebpf.py (`bpftool prog list`, `bpftool net list`), date.py (`date`, `date --utc`),
//   host.py (`hostname`, `uptime`).
// - supportconfig (openSUSE/supportutils `bin/supportconfig`): network.txt's `ip -s link`, `netstat -as`,
//   `ethtool -S <nic>`, `iptables -t <table> -nvL`, `iptables-save -t <table>`; `nft list ruleset`; `dmesg`; `lsmod`;
//   `uname -a`, `date`, `uptime`, `hostname`.

/** One command Hookline reads from a bundle. */
export interface BundleCommand {
  /** The command line as the collector ran it (binary path and `ip netns exec <ns>` prefix removed). */
  pattern: RegExp;
  /** The format its output should detect as; null for host facts read by the bundle itself (date, uptime…). */
  format: string | null;
}

/** Role of a host-fact command: what the bundle learns from it. */
export type FactKind = 'date' | 'date-utc' | 'uptime' | 'hostname' | 'uname';

const TABLE = '(?:filter|nat|mangle|raw|security)';

/** Artifacts: outputs a format of `shared/formats` reads. */
export const bundleCommands: BundleCommand[] = [
  { pattern: new RegExp(`^ip6?tables -t ${TABLE} -(?:nvL|vnL|nvxL|vnxL|L -nv|L -n -v|nvL --line-numbers)$`), format: 'iptables-list' },
  { pattern: /^ip6?tables -(?:nvL|vnL|vnxL|nvxL)$/, format: 'iptables-list' },
  { pattern: new RegExp(`^ip6?tables-(?:legacy-|nft-)?save(?: -c)?(?: -t ${TABLE})?(?: -c)?$`), format: 'iptables-save' },
  { pattern: /^nft (?:-a )?list ruleset$/, format: 'nft-ruleset' },
  { pattern: /^conntrack -L(?: -o extended)?$/, format: 'conntrack' },
  { pattern: /^conntrack -S$/, format: 'conntrack' },
  { pattern: /^ip (?:-s -d|-d -s|-s -s|-s) link(?: show)?$/, format: 'ip-link' },
  { pattern: /^netstat -a?s$/, format: 'nstat' },
  { pattern: /^nstat -(?:zas|az|asz|a -z -s)$/, format: 'nstat' },
  { pattern: /^tc -s qdisc(?: show)?$/, format: 'tc-stats' },
  { pattern: /^ethtool -S \S+$/, format: 'tc-stats' },
  { pattern: /^dmesg(?: -T)?$/, format: 'dmesg' },
  { pattern: /^lsmod(?: \| sort)?$/, format: 'kallsyms' },
  { pattern: /^bpftool (?:prog|net|link)(?: list| show)?$/, format: 'bpftool' },
];

/** Host facts: small outputs the bundle reads itself (never artifacts of their own). */
export const factCommands: Array<{ pattern: RegExp; fact: FactKind }> = [
  { pattern: /^date$/, fact: 'date' },
  { pattern: /^date (?:--utc|-u)$/, fact: 'date-utc' },
  { pattern: /^uptime$/, fact: 'uptime' },
  { pattern: /^hostname$/, fact: 'hostname' },
  { pattern: /^uname -a$/, fact: 'uname' },
];

/** `/usr/sbin/iptables -t filter -nvL` → `iptables -t filter -nvL`; `ip netns exec srv iptables-save` → namespace + rest. */
export function normaliseCommand(command: string): { command: string; namespace: string | null } {
  let text = command.trim().replace(/\s+/g, ' ');
  let namespace: string | null = null;
  const ns = /^(?:\S*\/)?ip netns exec (\S+) (.*)$/.exec(text);
  if (ns) {
    namespace = ns[1];
    text = ns[2];
  }
  text = text.replace(/^\S*\/(?=\S)/, '');
  return { command: text, namespace };
}

/** The artifact command a command line is, or null. */
export function artifactCommand(command: string): BundleCommand | null {
  const { command: plain } = normaliseCommand(command);
  return bundleCommands.find((c) => c.pattern.test(plain)) ?? null;
}

/** The host fact a command line gives, or null. Facts of a namespace are the host's too (date, uptime). */
export function factCommand(command: string): FactKind | null {
  const { command: plain } = normaliseCommand(command);
  return factCommands.find((c) => c.pattern.test(plain))?.fact ?? null;
}
