import type { IptRule, NftRule } from '../model/ruleset';

/** Three-valued match: true, false, or cannot tell from the artifacts (with the reason). */
export type Tri = true | false | { unknown: string };

export function triAnd(values: Tri[]): Tri {
  let unknown: { unknown: string } | null = null;
  for (const v of values) {
    if (v === false) return false;
    if (v !== true && !unknown) unknown = v;
  }
  return unknown ?? true;
}

export function triNot(v: Tri): Tri {
  return v === true ? false : v === false ? true : v;
}

/** One rule the packet met while a chain was walked. */
export interface RuleStep {
  chain: string;
  /** The rule, or null for a chain policy. */
  rule: IptRule | NftRule | null;
  matched: Tri;
  /** What the rule did: its target / verdict, or 'policy X'. */
  action: string;
}

/** The result of walking a packet through a table's chain or an nft base chain. */
export interface ChainOutcome {
  /** ACCEPT | DROP | REJECT | QUEUE, or null when no terminating decision could be made. */
  verdict: 'ACCEPT' | 'DROP' | 'REJECT' | 'QUEUE' | null;
  /** The chain where the decision was made (a user chain when reached by a jump). */
  chain: string | null;
  /** The deciding rule, null when the policy decided. */
  rule: IptRule | NftRule | null;
  /** True when the chain policy decided. */
  byPolicy: boolean;
  /** Rules that might have matched first but could not be decided (they carry a terminating action). */
  doubts: RuleStep[];
  steps: RuleStep[];
}
