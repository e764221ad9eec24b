import type { MonarchLanguage } from './monarch-types';
import { netfilterFunctions } from './monarch-types';

/**
 * A `crash` session log: the `crash>` prompts with their commands, the banner's `KEY: value` lines, addresses,
 * `<symbol+off>` references, `(t) symbol [module]` lines and `nf_hook_ops` fields of a hook listing.
 * Ref: crash(8) help pages for sym, dis, list -s, mod.
 */
export const crashLanguage: MonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/^crash>.*$/, 'keyword.prompt'],
      [/^\s*[A-Z][A-Z ]+:/, 'attribute.name'],
      [/\b(?:hook|owner|pf|hooknum|priority|hook_ops_type|priv)\s*=/, 'attribute.name'],
      [netfilterFunctions, 'keyword.netfilter'],
      [/<[\w.$]+(?:\+\d+)?>/, 'entity.function'],
      [/\[[\w-]+\]/, 'type.module'],
      [/\([tTdDbBrR]\)/, 'comment'],
      [/0x[0-9a-f]+|\bffff[0-9a-f]{12}\b/, 'number.hex'],
      [/\/\S+\.[ch]: \d+/, 'string'],
      [/-?\b\d+\b/, 'number'],
    ],
  },
};
