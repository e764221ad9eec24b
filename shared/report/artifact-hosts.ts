import type { Verdict } from '../model/verdict';

// The timeline groups its lanes by the host an artifact was taken on. Kernel artifacts (traces, rulesets, the
// kernel log, crash) all describe the kernel host; a capture is on it only when the engine says so
// (`verdict.kernelHost.capture`), otherwise it was taken somewhere else on the path (a client, a switch port).

/** Formats whose records are packets on a wire, taken wherever the engineer ran the capture. */
const captureFormats = new Set(['pcap', 'pcapng']);

/** Lanes of one host, in the order given. */
export interface HostGroup {
  /** `kernel host 10.0.0.3` / `other capture points`. */
  label: string;
  /** Why these artifacts are put together. */
  detail: string;
  artifacts: string[];
}

/** Groups artifact names by the host they were taken on: the kernel host first, then other capture points. */
export function groupByHost(verdict: Verdict, names: string[]): HostGroup[] {
  const formatOf = new Map(verdict.artifacts.map((a) => [a.name, a.format]));
  const host = verdict.kernelHost;
  const kernel: string[] = [];
  const elsewhere: string[] = [];
  for (const name of names) {
    const isCapture = captureFormats.has(formatOf.get(name) ?? '');
    if (!isCapture || (host && host.capture === name)) kernel.push(name);
    else elsewhere.push(name);
  }
  // The kernel host's own capture first, then the tracers and logs, as the packet meets them.
  kernel.sort((a, b) => Number(!captureFormats.has(formatOf.get(a) ?? '')) - Number(!captureFormats.has(formatOf.get(b) ?? '')));
  const groups: HostGroup[] = [];
  const addresses = host && host.addresses.length ? ` ${host.addresses.join(', ')}` : '';
  if (elsewhere.length) groups.push({ label: 'other capture points', detail: host ? 'captures not taken on the kernel host' : 'captures (the host they were taken on is not known)', artifacts: elsewhere });
  if (kernel.length) groups.push({ label: `kernel host${addresses}`, detail: host?.reason ?? 'the host the kernel artifacts were taken on', artifacts: kernel });
  return groups;
}
