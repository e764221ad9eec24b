import type { MonarchLanguage } from './monarch-types';

/**
 * `iptables-save` (with `-c` counters) and `iptables -L -v -n` listings: tables, chains with policies, rules with
 * their options and targets. ACCEPT reads green, DROP / REJECT red.
 * Ref: iptables-save(8), iptables-extensions(8).
 */
export const iptablesLanguage: MonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/^#.*$/, 'comment'],
      [/^\*\w+/, 'keyword'],
      [/^:[\w-]+/, 'type'],
      [/^Chain\s+[\w-]+/, 'type'],
      [/^COMMIT\b/, 'keyword'],
      [/\[\d+:\d+\]/, 'number.counter'],
      [/\bACCEPT\b/, 'verdict.accept'],
      [/\b(?:DROP|REJECT)\b/, 'verdict.drop'],
      [/\b(?:LOG|RETURN|QUEUE|NFQUEUE|MARK|CONNMARK|DNAT|SNAT|MASQUERADE|REDIRECT|TRACE|CT|NOTRACK)\b/, 'keyword'],
      [/(?:^|\s)-[AINPDRZ]\b/, 'keyword'],
      [/--?[a-z][\w-]*/, 'attribute.name'],
      [/!/, 'operator'],
      [/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/, 'number.ip'],
      [/"[^"]*"/, 'string'],
      [/\b\d+[KMG]?\b/, 'number'],
    ],
  },
};
