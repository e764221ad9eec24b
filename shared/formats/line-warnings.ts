import type { ParseContext } from './format';

/** Past this many warnings of one code, the rest are counted into one summary warning. */
const LISTED_PER_CODE = 20;

/**
 * Warnings about lines a text parser could not use: each one with its line number, the first 20 of each
 * code listed, the rest summed up by `finish()` (a garbage file must not produce a million warnings).
 */
export class LineWarnings {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly ctx: ParseContext,
    private readonly formatId: string,
  ) {}

  /** Warns `<format>/<what>` for line `line`. */
  warn(what: string, line: number, message: string): void {
    const code = `${this.formatId}/${what}`;
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count <= LISTED_PER_CODE) this.ctx.warn({ code, message, line });
  }

  /** The usual warning for a line that matched no grammar rule; quotes the start of the line. */
  unreadable(line: number, text: string): void {
    const shown = text.trim();
    this.warn('unrecognised-line', line, `line not understood: "${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`);
  }

  /** Emits one summary per code that went over the listing limit. Call once, at the end of the parse. */
  finish(): void {
    for (const [code, count] of this.counts) {
      if (count > LISTED_PER_CODE) {
        this.ctx.warn({ code, message: `${count - LISTED_PER_CODE} more lines like the ones above (${count} in all)` });
      }
    }
  }
}
