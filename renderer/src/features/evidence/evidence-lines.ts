import type { Annotation } from '../../../../shared/model/annotation';
import type { Finding } from '../../../../shared/model/verdict';

function lineNumber(ref: string): number | null {
  const m = /^line (\d+)$/.exec(ref);
  return m ? Number(m[1]) : null;
}

/** The lines of `artifact` a finding cites: its evidence and its timeline steps. */
export function findingLines(finding: Finding | null, artifact: string): number[] {
  if (!finding) return [];
  const lines = new Set<number>();
  for (const e of [...finding.evidence, ...finding.timeline]) {
    if (e.artifact !== artifact) continue;
    const n = lineNumber(e.ref);
    if (n !== null) lines.add(n);
  }
  return [...lines].sort((a, b) => a - b);
}

/** The lines of `artifact` that carry a note: line notes, and mark notes on a line of it. */
export function notedLines(annotations: Annotation[], artifact: string): number[] {
  const lines = new Set<number>();
  for (const a of annotations) {
    if (a.target.kind === 'line' && a.target.artifact === artifact) lines.add(a.target.line);
    if (a.target.kind === 'mark' && a.target.artifact === artifact) {
      const n = lineNumber(a.target.ref);
      if (n !== null) lines.add(n);
    }
  }
  return [...lines].sort((a, b) => a - b);
}

/** The 0-based record position of `packet N` (packets are numbered from 1 in file order), or null. */
export function packetPosition(ref: string | null): number | null {
  const m = ref ? /^packet (\d+)$/.exec(ref) : null;
  return m ? Number(m[1]) - 1 : null;
}
