import type { Finding } from '../model/verdict';
import { dropReasonMeaning } from '../kernel/drop-reasons';

/** Parameters of a finding's explanation; the report and the UI render the same template per locale. */
export interface ExplainParams {
  flow: string;
  outcome: Finding['outcome'];
  attempts: number;
  hook: string | null;
  reason: string | null;
  owner: string;
  acceptedBy: string[];
  confidence: Finding['confidence'];
  missing: string[];
  /** True when a kernel trace showed where the packet was freed. */
  traced: boolean;
  /** True when the owner is named. */
  ownerKnown: boolean;
}

/** The English paragraph for a finding code (the JSON keeps English text for tools; codes carry the meaning). */
export function explainEnglish(code: string, p: ExplainParams): string {
  const tries = p.attempts > 1 ? `${p.attempts} attempts` : 'the attempt';
  const at = p.hook ? ` at the netfilter ${p.hook} hook` : '';
  const why = p.reason ? ` The kernel recorded drop reason ${p.reason}${dropReasonMeaning[p.reason] ? ` (${dropReasonMeaning[p.reason]})` : ''}.` : '';
  const sure = !p.ownerKnown && p.traced ? 'A kernel trace shows where the packet was freed, but no artifact names the hook function that returned NF_DROP.' : p.traced && p.confidence === 'inferred' ? 'A kernel trace shows where the packet was freed; which rule or hook did it is inferred from the collected rulesets and hook listings.' : p.confidence === 'confirmed' ? 'A kernel trace of the dropped packet shows this directly.' : p.confidence === 'corroborated' ? 'The kernel trace shows where the packet was freed, and the ruleset evaluated against the packet\'s headers names the rule.' : 'No kernel trace names the dropper; this is inferred by evaluating the collected rulesets against the packet\'s headers.';
  const next = p.missing.length ? ` To settle it, collect: ${p.missing.join('; ')}.` : '';
  const accepted = p.acceptedBy.length ? ` Note that ${p.acceptedBy.join(' and ')} ACCEPTed the packet first — an ACCEPT only ends that table's walk, and a later hook on the same netfilter hook dropped it.` : '';
  switch (code) {
    case 'iptables-accepted-but-dropped':
      return `The flow ${p.flow} failed (${tries}). Its packets were dropped${at} by ${p.owner}.${accepted}${why} ${sure}${next}`;
    case 'owner-unknown':
      return `The flow ${p.flow} failed (${tries}); its packets were dropped${at}, but the artifacts do not say by whom.${why}${next}`;
    case 'no-kernel-evidence':
      return `The flow ${p.flow} failed (${tries}) and nothing in the collected artifacts explains it.${next}`;
    default:
      return `The flow ${p.flow} failed (${tries}): its packets were ${p.outcome === 'rejected' ? 'rejected' : 'dropped'}${at} by ${p.owner}.${accepted}${why} ${sure}${next}`;
  }
}
