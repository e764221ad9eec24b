import type { MonarchLanguage } from './monarch-types';

/**
 * `nft list ruleset` / `nft -a list ruleset` and `nft list hooks`: tables, chains with their hook and priority,
 * sets, rules with counters and verdicts. Ref: nft(8) (RULESET, CHAINS, STATEMENTS), `nft list hooks`.
 */
export const nftLanguage: MonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/\b(?:accept|continue)\b/, 'verdict.accept'],
      [/\b(?:drop|reject)\b/, 'verdict.drop'],
      [/\b(?:table|chain|set|map|flowtable|type|hook|priority|policy|elements|flags|counter|packets|bytes|jump|goto|return|queue|log|prefix|limit|ct|state|meta|handle|device|devices|family)\b/, 'keyword'],
      [/\b(?:inet|ip|ip6|arp|bridge|netdev)\b/, 'type'],
      [/\b(?:prerouting|input|forward|output|postrouting|ingress|egress|filter|nat|route|raw|mangle|security|srcnat|dstnat)\b/, 'type.hook'],
      [/@[\w-]+/, 'variable'],
      [/\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?\b/, 'number.ip'],
      [/0x[0-9a-f]+/, 'number.hex'],
      [/-?\b\d+\b/, 'number'],
      [/"[^"]*"/, 'string'],
      [/[{}]/, 'delimiter.bracket'],
    ],
  },
};
