import type { Verdict } from '../model/verdict';

// "What to collect next": the case's and every finding's commands, once each, with the findings that need
// them. The engine writes a command and its precondition as `COMMAND   (NOTE)` (missing-commands.ts); the
// report prints the note as a shell comment so the command line stays copyable as is.

/** One command to run on the customer's box. */
export interface CollectItem {
  command: string;
  /** Precondition or remark, e.g. `nftables ≥ 1.0.1, kernel with NETFILTER_NETLINK_HOOK`. */
  note: string | null;
  /** 1-based numbers of the findings this would settle; empty when the case as a whole needs it. */
  findings: number[];
}

/** Splits `COMMAND   (NOTE)` into its command and note. */
export function splitCommand(line: string): { command: string; note: string | null } {
  const m = /^(.*?)\s{2,}\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/.exec(line);
  return m ? { command: m[1].trim(), note: m[2].trim() } : { command: line.trim(), note: null };
}

/** The commands to collect next, in the order the verdict names them. */
export function collectNext(verdict: Verdict): CollectItem[] {
  const items = new Map<string, CollectItem>();
  const add = (line: string, finding: number | null) => {
    const item = items.get(line) ?? { ...splitCommand(line), findings: [] };
    if (finding !== null && !item.findings.includes(finding)) item.findings.push(finding);
    items.set(line, item);
  };
  verdict.findings.forEach((f, i) => f.missing.forEach((m) => add(m, i + 1)));
  verdict.missing.forEach((m) => add(m, null));
  return [...items.values()];
}
