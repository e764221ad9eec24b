import type { ArtifactFormat, ProbeInput } from './format';
import type { KernelEvent } from '../model/kernel-event';
import { HEADER_ONLY, SAMPLE } from './perf-script-grammar';
import { perfScriptEvents } from './perf-script-reader';
import { probeLines, scoreHits } from './probe-lines';

// `perf script` text: one sample line per event, `HEADER: EVENT: PAYLOAD`, optionally followed by a callchain
// (`-g`) and a blank line. Ref: /work/shared/spec/formats-notes.md §1–2, kernel-notes.md §4 (TP_printk per era).
// The grammar is perf-script-grammar.ts; perf-script-reader.ts reads lines (a general path for any paste, a fast
// path for the lines of a long trace).

export { signedReturnValue } from './perf-script-grammar';

function probePerfScript(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  let header = false;
  for (const line of lines) {
    const sample = SAMPLE.exec(line);
    if (sample && !line.trimStart().startsWith('#')) {
      hits += 1;
    } else if (HEADER_ONLY.test(line) || /^\s*(?:skb|probe|kprobes|net|probe_\w+):[\w.-]+: /.test(line)) {
      hits += 1;
    } else if (/^\s+[0-9a-f]+\s+\S+(?:\s+\([^()]+\))?$/.test(line)) {
      hits += 1;
    } else if (/^# (?:captured on|perf version|time of first sample)\s*:/.test(line)) {
      header = true;
    }
  }
  return Math.min(0.9, scoreHits(hits, lines) + (header && hits > 0 ? 0.05 : 0));
}

/** `perf script` (optionally `--header`, `-g`): skb tracepoints of every kernel era, perf probe / kprobe events. */
export const perfScriptFormat: ArtifactFormat<KernelEvent> = {
  id: 'perf-script',
  label: 'perf script (kernel tracepoints, probes)',
  kind: 'text',
  probe: probePerfScript,
  parse: (source, ctx) => perfScriptEvents(source, ctx),
};
