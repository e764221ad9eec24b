import type { MonarchLanguage } from './monarch-types';

/**
 * `dmesg` / kern.log / journal lines: the since-boot stamp `[ 5058.679046]`, a syslog prefix, netfilter LOG lines
 * (`PREFIX IN= OUT= SRC= DST= … PROTO= SPT= DPT=` and TCP flags) and the kernel's own drop messages.
 * Ref: net/netfilter/nf_log_syslog.c (LOG line fields).
 */
export const dmesgLanguage: MonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/^\[\s*\d+\.\d+\]/, 'number.time'],
      [/^\w{3}\s+\d+\s\d\d:\d\d:\d\d\s\S+\s\S+:/, 'comment'],
      [/^\d{4}-\d\d-\d\dT\S+\s\S+\s\S+:/, 'comment'],
      [/\b(?:dropping packet|table full|nf_conntrack: \w.*|Out of memory|martian source.*)/, 'invalid.reason'],
      [/\b(?:SYN|ACK|FIN|RST|PSH|URG|ECE|CWR|DF)\b(?!=)/, 'keyword.flag'],
      [/\b[A-Z]+=/, 'attribute.name'],
      [/[\w-]+:(?= IN=)/, 'keyword'],
      [/\b\d{1,3}(?:\.\d{1,3}){3}\b/, 'number.ip'],
      [/0x[0-9a-fA-F]+/, 'number.hex'],
      [/\b\d+\b/, 'number'],
    ],
  },
};
