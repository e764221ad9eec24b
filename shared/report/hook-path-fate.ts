import type { HookPathStep } from '../model/verdict';

// What the hook-path picture says about each entry on the dropping hook: the packet went on (✓), the entry
// dropped it (✗), its code cannot be read (?), or the packet never got there because an earlier entry dropped
// it (–). Netfilter runs the entries of one hook in priority order and stops at the first NF_DROP.
// Ref: net/netfilter/core.c nf_hook_slow() (the loop over hook entries, NF_DROP ends it).

/** The fate of the packet at one entry. */
export type StepFate = 'accept' | 'drop' | 'other' | 'unknown' | 'not-reached';

/** One entry as the picture shows it. */
export interface StepView {
  step: HookPathStep;
  fate: StepFate;
  /** ✓ ✗ → ? – */
  symbol: string;
  /** `ACCEPT`, `DROP`, `REJECT`, `NF_DROP`, `passed on (code not read)`, `not read`, `not reached`. */
  label: string;
}

/** The entries with their fate, in run order (the order the verdict lists them). */
export function hookPathView(steps: HookPathStep[]): StepView[] {
  const dropAt = steps.findIndex((s) => s.dropped);
  return steps.map((step, i) => {
    if (step.dropped) {
      // The entry that dropped the packet: its verdict when that is a drop; anything else is shown, not hidden.
      const label = !step.verdict ? 'NF_DROP' : /^(DROP|REJECT|NF_DROP)/i.test(step.verdict) ? step.verdict : `dropped here (listed verdict ${step.verdict})`;
      return { step, fate: 'drop', symbol: '✗', label };
    }
    if (dropAt >= 0 && i > dropAt) return { step, fate: 'not-reached', symbol: '–', label: 'not reached' };
    const verdict = step.verdict?.toUpperCase() ?? null;
    if (verdict === 'ACCEPT') return { step, fate: 'accept', symbol: '✓', label: 'ACCEPT' };
    if (verdict === 'DROP' || verdict === 'REJECT') return { step, fate: 'drop', symbol: '✗', label: verdict };
    if (verdict) return { step, fate: 'other', symbol: '→', label: verdict };
    // Before the dropping entry the packet did go on, whatever this entry's code is.
    return { step, fate: 'unknown', symbol: '?', label: dropAt > i ? 'passed on (code not read)' : 'not read' };
  });
}
