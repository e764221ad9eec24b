import type { MessageParam, MessageRef } from '../i18n/message-ref';
import type { Evidence, TimelineEntry } from '../model/verdict';
import type { CaseIndex } from './case-index';
import { counterChanges, type CounterChange } from './counter-snapshots';
import { englishOf } from './explain';

// Device counters: a NIC or its driver (out of buffers, FIFO overrun, missed), or a veth forwarding into a namespace
// (a frame over the device's MTU), drops before netfilter and counts it on the device — `ip -s link` (rx_dropped,
// rx_missed_errors, rx_over_errors…) and `ethtool -S` (driver names: rx_no_buffer_count, rx_missed_errors,
// rx_fifo_errors, rx_discards…). Like every counter they only speak about a failed flow when they GREW between two
// snapshots while it failed: then they corroborate a drop traced in the device path, or — nothing else explaining
// the flow and no drop traced — they are the inferred place of the drop. A single snapshot counts since boot.
// Ref: Documentation/networking/statistics.rst (rx_dropped, rx_missed_errors, rx_over_errors, rx_fifo_errors).

/** Counter names that count received or sent packets a device dropped. */
const DEVICE_DROP = /^(?:rx_dropped|rx_missed_errors|rx_over_errors|rx_fifo_errors|rx_length_errors|rx_no_buffer_count|rx_nohandler|tx_dropped|rx_(?:\w+_)?(?:discards?|drops?|dropped|missed)(?:_\w+)?)$/;

/** What the device counters say about a failed flow. */
export interface NicFacts {
  /** Drop counters that grew between two snapshots (the device named by the scope). */
  grown: CounterChange[];
  timeline: TimelineEntry[];
  evidence: Evidence[];
  explain: MessageRef[];
  /** The device whose counters grew, when exactly one did. */
  device: string | null;
}

function entry(artifact: string, ref: string, key: string, params: Record<string, MessageParam>): TimelineEntry {
  const message: MessageRef = { key, params };
  return { t: null, artifact, ref, what: englishOf([message]), message };
}

/** The device drop counters that grew on `device` (any device when null); null when none grew. */
export function nicCounterFacts(index: CaseIndex, device: string | null): NicFacts | null {
  const grown = counterChanges(index.counters).filter((c) => DEVICE_DROP.test(c.name) && (c.delta ?? 0) > 0 && (device === null || c.scope === device));
  if (grown.length === 0) return null;
  const timeline: TimelineEntry[] = [];
  const evidence: Evidence[] = [];
  const explain: MessageRef[] = [];
  for (const c of grown) {
    const params = { device: c.scope || '?', counter: c.name, before: c.before ?? 0, after: c.after, delta: c.delta ?? 0 };
    timeline.push(entry(c.artifact, `line ${c.line}`, 'timeline.nic.grew', params));
    evidence.push({ artifact: c.artifact, ref: `line ${c.line}`, text: `${c.scope} ${c.name} ${c.before} → ${c.after}` });
    explain.push({ key: 'explain.nic.grew', params: { ...params, beforeArtifact: c.beforeArtifact ?? '', afterArtifact: c.artifact } });
  }
  const devices = new Set(grown.map((c) => c.scope));
  return { grown, timeline, evidence, explain, device: devices.size === 1 ? [...devices][0] : null };
}
