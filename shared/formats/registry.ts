import type { ArtifactFormat, ProbeInput } from './format';

// Every registered format, one import each. Binary (magic-number) formats are probed before text heuristics,
// whatever their place here; among text formats the highest score wins and ties go to the earlier entry.
export const formats: ArtifactFormat[] = [
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
