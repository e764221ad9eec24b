import type { ParseContext } from './format';

/** Warnings per code listed one by one before they are only counted. */
const LISTED_PER_CODE = 20;

/** A warn function that lists the first 20 warnings of each code and sums up the rest in `finish()`. */
export interface WarningBudget {
  warn(code: string, message: string, line?: number): void;
  /** Emits one summary warning per code that went over the budget. Call once, at the end of the parse. */
  finish(): void;
}

/** Wraps `ctx.warn` so that a file with thousands of bad lines yields 20 warnings and a summary, not thousands. */
export function warningBudget(ctx: ParseContext): WarningBudget {
  const seen = new Map<string, { count: number; firstLine: number | undefined }>();
  return {
    warn(code, message, line) {
      const entry = seen.get(code) ?? { count: 0, firstLine: line };
      entry.count++;
      seen.set(code, entry);
      if (entry.count <= LISTED_PER_CODE) ctx.warn(line === undefined ? { code, message } : { code, message, line });
    },
    finish() {
      for (const [code, entry] of seen) {
        if (entry.count <= LISTED_PER_CODE) continue;
        ctx.warn({
          code,
          message: `${entry.count - LISTED_PER_CODE} more lines like the ${LISTED_PER_CODE} above were not used (${entry.count} in all)`,
        });
      }
    },
  };
}
