import type { Finding } from '../model/verdict';
import { dropReasonMeaning } from '../kernel/drop-reasons';
import { translator } from '../i18n/format-message';
import { renderSentences, type MessageRef } from '../i18n/message-ref';

/** Parameters of a finding's explanation; the report and the UI render the same template per locale. */
export interface ExplainParams {
  flow: string;
  outcome: Finding['outcome'];
  attempts: number;
  hook: string | null;
  /** True when the hook is inferred (the only third-party hook on the packet's way), not observed. */
  hookInferred?: boolean;
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

/**
 * The explanation of a finding code as sentences in language-free form (catalogue keys `explain.*` with kernel words
 * as parameters). Which sentences a code tells is decided here, once; their words are in shared/i18n/locales.
 */
export function explainMessages(code: string, p: ExplainParams): MessageRef[] {
  const tries: MessageRef = { key: 'explain.tries', params: { count: p.attempts } };
  const hook: MessageRef | null = p.hook ? (p.hookInferred ? { key: 'explain.hookInferred', params: { hook: p.hook } } : { key: 'explain.hook', params: { hook: p.hook } }) : null;
  const at = hook ? 'hook' : 'noHook';
  const base = { flow: p.flow, tries, owner: p.owner, ...(hook ? { hook } : {}) };
  const accepted: MessageRef[] = p.acceptedBy.length ? [{ key: 'explain.acceptedFirst', params: { tables: { list: 'and', items: p.acceptedBy } } }] : [];
  const meaning = p.reason ? dropReasonMeaning[p.reason] : undefined;
  const why: MessageRef[] = p.reason ? [meaning ? { key: 'explain.reasonWithMeaning', params: { reason: p.reason, meaning } } : { key: 'explain.reason', params: { reason: p.reason } }] : [];
  const sureKey = !p.ownerKnown && p.traced ? 'traceNoOwner' : p.traced && p.confidence === 'inferred' ? 'traceInferred' : p.confidence === 'confirmed' ? 'confirmed' : p.confidence === 'corroborated' ? 'corroborated' : 'inferred';
  const sure: MessageRef[] = [{ key: `explain.sure.${sureKey}` }];
  const next: MessageRef[] = p.missing.length ? [{ key: 'explain.collect', params: { commands: { list: 'semicolon', items: p.missing } } }] : [];
  switch (code) {
    case 'iptables-accepted-but-dropped':
      return [{ key: `explain.acceptedButDropped.${at}`, params: base }, ...accepted, ...why, ...sure, ...next];
    case 'owner-unknown':
      return [{ key: `explain.ownerUnknown.${at}`, params: base }, ...why, ...next];
    case 'no-kernel-evidence':
      return [{ key: 'explain.noKernelEvidence', params: base }, ...next];
    default:
      return [{ key: `explain.${p.outcome === 'rejected' ? 'rejected' : 'dropped'}.${at}`, params: base }, ...accepted, ...why, ...sure, ...next];
  }
}

/** Sentences in English: the JSON verdict's `explanation` (kept for tools), worded from the en catalogue. */
export function englishOf(messages: MessageRef[]): string {
  return renderSentences(messages, translator('en'), 'en');
}

/** The English paragraph for a finding code (the JSON keeps English text for tools; codes carry the meaning). */
export function explainEnglish(code: string, p: ExplainParams): string {
  return englishOf(explainMessages(code, p));
}
