const summaryLine = /^… and (\d+) more warnings$/;

/**
 * How many warnings an artifact really had: the engine lists the first ones and ends the list with
 * `… and N more warnings` (shared/engine/ingest.ts), so that line counts for N.
 */
export function warningCount(warnings: readonly string[]): number {
  const last = warnings.at(-1);
  const more = last ? summaryLine.exec(last) : null;
  return more ? warnings.length - 1 + Number(more[1]) : warnings.length;
}
