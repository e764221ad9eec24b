import type { MonarchLanguage } from './monarch-types';
import { netfilterFunctions } from './monarch-types';

/**
 * `perf script` output: `# header` lines, one event line (`comm pid [cpu] secs: event: args`) and, with `-g`,
 * its callchain as indented `address symbol+off (module)` lines. Drop reasons stand out, netfilter functions too.
 * Ref: perf-script(1), tools/perf/util/evsel_fprintf.c (callchain line format).
 */
export const perfScriptLanguage: MonarchLanguage = {
  defaultToken: '',
  tokenizer: {
    root: [
      [/^#.*$/, 'comment'],
      [/^\s+[0-9a-f]{6,16}(?=\s)/, 'number.hex'],
      [netfilterFunctions, 'keyword.netfilter'],
      [/\(\[kernel\.kallsyms\]\)|\(\[unknown\]\)/, 'comment'],
      [/\(?\[[\w.-]+\]\)?/, 'type.module'],
      [/\b\d+\.\d{6,9}:/, 'number.time'],
      [/\[\d{3}\]/, 'number'],
      [/\b[\w-]+:[\w-]+:/, 'keyword'],
      [/reason:/, 'keyword'],
      [/\b[A-Z][A-Z0-9_]{3,}\b/, 'invalid.reason'],
      [/\b[a-z_]+(?==)/, 'attribute.name'],
      [/0x[0-9a-f]+|\(nil\)/, 'number.hex'],
      [/[\w.$]+\+0x[0-9a-f]+/, 'entity.function'],
      [/\b\d+\b/, 'number'],
    ],
  },
};
