import type { ArtifactSummary } from './artifact';
import type { MessageRef } from '../i18n/message-ref';

/** The flow as the engineer names it: client → server, as the first packet of the connection travelled. */
export interface Flow {
  proto: string;
  src: string;
  sport: number | null;
  dst: string;
  dport: number | null;
}

/** Who made the decision: the thing a person must change (verdict contract `drop.owner`). */
export interface DropOwner {
  kind: 'iptables' | 'nftables' | 'module' | 'bpf' | 'kernel' | null;
  backend: 'legacy' | 'nft' | null;
  table: string | null;
  chain: string | null;
  rule: string | null;
  module: string | null;
  hookFunction: string | null;
  priority: number | null;
}

export interface Drop {
  hook: string | null;
  reason: string | null;
  location: string | null;
  owner: DropOwner;
  skb: string[];
}

/** One step of a finding's story; the last one is the drop. */
export interface TimelineEntry {
  /** UTC ISO-8601 with microseconds, on the corrected wall clock; null when an artifact has no usable clock. */
  t: string | null;
  artifact: string;
  /** 'packet 11' | 'line 431' */
  ref: string;
  /** English text (kept for tools); the UI and the report word `message` per locale when it is there. */
  what: string;
  /** `what` in language-free form: a catalogue key with the kernel words as parameters (shared/i18n). */
  message?: MessageRef;
}

export interface Evidence {
  artifact: string;
  ref: string;
  text: string;
}

export type Outcome = 'dropped' | 'rejected' | 'reset' | 'delivered';

export interface Finding {
  flow: Flow;
  outcome: Outcome;
  /** The flow as the kernel saw it at the drop when NAT rewrote it. */
  translated: Partial<Flow> | null;
  drop: Drop | null;
  timeline: TimelineEntry[];
  evidence: Evidence[];
  /** English paragraph (kept for tools); the UI and the report word `explain` per locale when it is there. */
  explanation: string;
  /** The explanation in language-free form: sentences as catalogue keys with parameters (shared/i18n). */
  explain?: MessageRef[];
  /** Language-free code for the explanation template (`nft-drop`, `iptables-accepted-but-dropped`…). */
  code: string;
  /** How sure the engine is: 'confirmed' (a drop event names it), 'corroborated' (counters / rules agree), 'inferred'. */
  confidence: 'confirmed' | 'corroborated' | 'inferred';
  /** Commands that would settle what this finding leaves open. */
  missing: string[];
  /** The entries on the dropping hook in run order, with the packet's fate at each (the hook-path picture). */
  hookPath: HookPathStep[];
}

/** One function on the dropping hook, as the hook-path picture shows it. */
export interface HookPathStep {
  priority: number | null;
  kind: 'iptables' | 'nftables' | 'module' | 'kernel' | 'bpf';
  /** 'iptables filter INPUT', 'nft inet resguard net_hook_in_v4', 'net_hook_in_v4 [resguard_linux]'. */
  label: string;
  /** What it did to this packet: ACCEPT / DROP / REJECT / QUEUE, or null when its code cannot be read. */
  verdict: string | null;
  /** The rule that decided there (text as the artifact shows it), or `policy X`. */
  rule: string | null;
  /** True for the entry that dropped the packet. */
  dropped: boolean;
  /** Where the entry is known from. */
  artifact: string | null;
  ref: string | null;
}

/** How a since-boot artifact was put on the wall clock. */
export interface ClockOffset {
  artifact: string;
  /** Seconds to add to the artifact's clock to get Unix time. */
  offset: number;
  /** ± seconds. */
  uncertainty: number;
  method: string;
}

/** The verdict contract (`../shared/spec/verdict.md`): what the CLI prints, the UI shows and the report exports. */
export interface Verdict {
  artifacts: ArtifactSummary[];
  findings: Finding[];
  missing: string[];
  clocks: ClockOffset[];
  /** Engine notes that are not findings: ignored noise, lost events, doubts. */
  notes: string[];
  /** The host the kernel artifacts come from, as far as the artifacts tell (the report groups its lanes by host). */
  kernelHost?: KernelHostSummary;
}

/** Which host the kernel artifacts (traces, rulesets, kernel log) were taken on, and the capture taken there. */
export interface KernelHostSummary {
  addresses: string[];
  /** The capture taken on the kernel host, when one was. */
  capture: string | null;
  reason: string;
}
