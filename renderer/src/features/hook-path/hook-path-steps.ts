import type { HookPathStep } from '../../../../shared/model/verdict';

/** The packet's fate at one entry of the hook, as the picture shows it. */
export type StepFate = 'accept' | 'drop' | 'unknown' | 'not-reached' | 'other';

/** One card of the hook-path picture. */
export interface HookPathCard {
  step: HookPathStep;
  fate: StepFate;
  /** ✓ ✗ ? or · (never reached). */
  symbol: string;
  /** `prio 10`, `prio ?`. */
  priority: string;
}

/**
 * The entries of the dropping hook in run order with the packet's fate at each: ✓ where it was accepted and went
 * on, ✗ at the entry that dropped it, ? where the entry's code cannot be read (a module, a BPF program), and the
 * entries after the drop greyed out: the packet never reached them.
 */
export function hookPathCards(steps: HookPathStep[]): HookPathCard[] {
  const dropAt = steps.findIndex((s) => s.dropped);
  return steps.map((step, i) => {
    let fate: StepFate;
    if (dropAt >= 0 && i > dropAt) fate = 'not-reached';
    else if (step.dropped) fate = 'drop';
    else if (step.verdict === null) fate = 'unknown';
    else if (step.verdict.toUpperCase() === 'ACCEPT') fate = 'accept';
    else fate = 'other';
    const symbol = { accept: '✓', drop: '✗', unknown: '?', 'not-reached': '·', other: step.verdict ?? '?' }[fate];
    return { step, fate, symbol, priority: `prio ${step.priority ?? '?'}` };
  });
}
