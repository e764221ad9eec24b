import type { ParseWarning } from '../model/artifact';
import type { ArchiveLimits } from './archive-limits';

/**
 * The bytes expanded so far from one archive given by the engineer (nested archives share it), against the limits.
 * Once spent, everything stops: a bomb is not read to its end to learn how big it would have been.
 */
export interface ExpansionBudget {
  limits: ArchiveLimits;
  /** Size of the archive as given: the denominator of the expansion ratio. */
  archiveBytes: number;
  expanded: number;
  members: number;
  /** Set when a limit was hit: the warning that says which. */
  spent: ParseWarning | null;
}

export function expansionBudget(limits: ArchiveLimits, archiveBytes: number): ExpansionBudget {
  return { limits, archiveBytes, expanded: 0, members: 0, spent: null };
}

/** Counts `n` more expanded bytes; false (and `spent` set) when that goes over a limit. */
export function spend(budget: ExpansionBudget, n: number, offset: number): boolean {
  if (budget.spent) return false;
  budget.expanded += n;
  const { maxTotalBytes, maxRatio, ratioFloorBytes } = budget.limits;
  if (budget.expanded > maxTotalBytes) {
    budget.spent = { code: 'archive/too-large', offset, message: `expansion stopped: more than ${maxTotalBytes} bytes expanded from a ${budget.archiveBytes}-byte archive (limit maxTotalBytes)` };
  } else if (budget.expanded > ratioFloorBytes && budget.expanded > maxRatio * Math.max(1, budget.archiveBytes)) {
    budget.spent = {
      code: 'archive/ratio',
      offset,
      message: `expansion stopped: ${budget.expanded} bytes from a ${budget.archiveBytes}-byte archive is over ${maxRatio}:1 (a decompression bomb?)`,
    };
  }
  return budget.spent === null;
}
