import type { languages } from 'monaco-editor/editor';

/** A Monarch grammar (type only: the grammars are plain data, loaded with the editor). */
export type MonarchLanguage = languages.IMonarchLanguage;

/** Netfilter functions a drop runs through: what the eye looks for in a stack. */
export const netfilterFunctions = /\b(?:nft_do_chain\w*|nf_hook_slow|nf_hook\w*|ipt_do_table|ip6t_do_table|nf_nat_\w+|nf_conntrack_in|ipv[46]_conntrack_\w+|nf_queue\w*|\w*_do_table)\b/;
