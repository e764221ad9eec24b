import type { Counters, IptMatch } from '../model/ruleset';

// One iptables rule in command-line form, as iptables-save, `iptables -S` and xtables-monitor print it:
// `[-t TABLE] -A CHAIN [built-in matches] [-m MODULE --opt value…]… [-j|-g TARGET [--opt value…]] [-c P B]`.
// Ref: iptables iptables/iptables.c (option table), iptables-save.c / xshared.c save_rule (quoting with
// xtables_save_string: double quotes, `\"` and `\\` escaped), /work/shared/spec/formats-notes.md §6.

/** One shell word of a rule: its text with quotes removed, and whether it was quoted (then it is never an option). */
export interface RuleWord {
  text: string;
  quoted: boolean;
}

/** The parts of a rule that `-A …` text carries (IptRule without line, text, num). */
export interface RuleArgs {
  /** Chain after -A / -I / --append, null when the text has none. */
  chain: string | null;
  /** Table after -t, where printed (xtables-monitor, `iptables -S` pasted with -t). */
  table: string | null;
  source: string | null;
  destination: string | null;
  protocol: string | null;
  inInterface: string | null;
  outInterface: string | null;
  fragment: boolean | null;
  matches: IptMatch[];
  target: string | null;
  goto: boolean;
  targetOptions: Record<string, string>;
  /** `-c PKTS BYTES` inside the rule (`iptables -S -v`, iptables-restore input). */
  counters: Counters | null;
  /** Words that could not be placed, in order; empty for a well-formed rule. */
  unknown: string[];
  /** True when a quote was left open (a truncated or hand-wrapped line). */
  unterminated: boolean;
}

/** Splits a rule into shell words: whitespace separates, "…" and '…' group, backslash escapes inside "…" and bare. */
export function splitRuleWords(text: string): { words: RuleWord[]; unterminated: boolean } {
  if (!/["'\\]/.test(text)) {
    // Most rules carry no quoted string: a plain split is enough and much cheaper on 100k-rule dumps.
    return { words: text.split(/[ \t]+/).filter((w) => w !== '').map((w) => ({ text: w, quoted: false })), unterminated: false };
  }
  const words: RuleWord[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === '\\')) current += text[++i];
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
      quoted = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push({ text: current, quoted });
      current = '';
      inWord = false;
      quoted = false;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push({ text: current, quoted });
  return { words, unterminated: quote !== null };
}

type BuiltIn = 'source' | 'destination' | 'protocol' | 'inInterface' | 'outInterface';

const BUILT_IN: Record<string, BuiltIn> = {
  '-s': 'source', '--source': 'source', '--src': 'source',
  '-d': 'destination', '--destination': 'destination', '--dst': 'destination',
  '-p': 'protocol', '--protocol': 'protocol',
  '-i': 'inInterface', '--in-interface': 'inInterface',
  '-o': 'outInterface', '--out-interface': 'outInterface',
};

function isOption(word: RuleWord | undefined): boolean {
  if (!word || word.quoted) return false;
  return word.text === '!' || (word.text.length > 1 && word.text.startsWith('-') && !/^-\d/.test(word.text));
}

function emptyArgs(): RuleArgs {
  return {
    chain: null, table: null, source: null, destination: null, protocol: null, inInterface: null, outInterface: null,
    fragment: null, matches: [], target: null, goto: false, targetOptions: {}, counters: null, unknown: [], unterminated: false,
  };
}

/**
 * Parses one rule in iptables command-line form into built-in matches, `-m` matches with their options, the target
 * and its options. Negation is kept in both spellings iptables ever printed: `! -s x` (1.4.3+) and `-s ! x` (older)
 * give source `!x`; `! --opt v` and `--opt ! v` give the option key `!--opt`. Never throws.
 */
export function parseRuleArgs(text: string): RuleArgs {
  const args = emptyArgs();
  const { words, unterminated } = splitRuleWords(text);
  args.unterminated = unterminated;
  let negate = false;
  let match: IptMatch | null = null;
  let inTarget = false;

  // Values of a module or target option: the words up to the next option (`--tcp-flags SYN,ACK SYN` has two).
  const takeValues = (from: number): { values: string[]; next: number; negated: boolean } => {
    let i = from;
    let negated = false;
    if (words[i] && !words[i].quoted && words[i].text === '!') {
      negated = true;
      i++;
    }
    const values: string[] = [];
    while (i < words.length && !isOption(words[i])) values.push(words[i++].text);
    return { values, next: i, negated };
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.quoted) {
      args.unknown.push(word.text);
      continue;
    }
    const w = word.text;
    if (w === '!') {
      negate = true;
      continue;
    }
    const builtIn = BUILT_IN[w];
    if (builtIn) {
      let value = words[i + 1];
      let negated = negate;
      if (value && !value.quoted && value.text === '!') {
        negated = true;
        value = words[++i + 1];
      }
      if (value === undefined) {
        args.unknown.push(w);
        break;
      }
      i++;
      args[builtIn] = negated ? `!${value.text}` : value.text;
      negate = false;
      continue;
    }
    switch (w) {
      case '-A': case '--append': case '-I': case '--insert': case '-N': case '--new-chain': {
        if (i + 1 < words.length) args.chain = words[++i].text;
        // `-I CHAIN 3`: the optional position is not part of the rule.
        if ((w === '-I' || w === '--insert') && /^\d+$/.test(words[i + 1]?.text ?? '')) i++;
        negate = false;
        continue;
      }
      case '-t': case '--table':
        if (i + 1 < words.length) args.table = words[++i].text;
        continue;
      case '-4': case '-6': case '--ipv4': case '--ipv6':
        continue;
      case '-f': case '--fragment':
        args.fragment = !negate;
        negate = false;
        continue;
      case '-m': case '--match': {
        const name = words[i + 1];
        if (!name) {
          args.unknown.push(w);
          continue;
        }
        i++;
        match = { module: name.text, options: {} };
        args.matches.push(match);
        inTarget = false;
        negate = false;
        continue;
      }
      case '-j': case '--jump': case '-g': case '--goto': {
        const name = words[i + 1];
        if (!name) {
          args.unknown.push(w);
          continue;
        }
        i++;
        args.target = name.text;
        args.goto = w === '-g' || w === '--goto';
        inTarget = true;
        negate = false;
        continue;
      }
      case '-c': case '--set-counters': {
        const packets = words[i + 1]?.text ?? '';
        const bytes = words[i + 2]?.text ?? '';
        if (/^\d+$/.test(packets) && /^\d+$/.test(bytes)) {
          args.counters = { packets: Number(packets), bytes: Number(bytes) };
          i += 2;
        } else args.unknown.push(w);
        continue;
      }
    }
    if (w.startsWith('--')) {
      const { values, next, negated } = takeValues(i + 1);
      const key = negate || negated ? `!${w}` : w;
      const value = values.join(' ');
      negate = false;
      i = next - 1;
      if (inTarget) {
        args.targetOptions[key] = key in args.targetOptions ? `${args.targetOptions[key]} ${value}` : value;
        continue;
      }
      if (!match && args.protocol) {
        // `-p tcp --dport 22` (iptables -S input, old scripts): the protocol match is loaded implicitly.
        match = { module: args.protocol.replace(/^!/, ''), options: {} };
        args.matches.push(match);
      }
      if (match) {
        match.options[key] = key in match.options ? `${match.options[key]} ${value}` : value;
        continue;
      }
      args.unknown.push(w, ...values);
      continue;
    }
    args.unknown.push(w);
  }
  return args;
}

const COUNTER_PREFIX = /^\[(\d+):(\d+)\]\s*/;

/** Splits the `[pkts:bytes] ` prefix of iptables-save -c off a rule line. */
export function splitCounterPrefix(text: string): { counters: Counters | null; rest: string } {
  const match = COUNTER_PREFIX.exec(text);
  if (!match) return { counters: null, rest: text };
  return { counters: { packets: Number(match[1]), bytes: Number(match[2]) }, rest: text.slice(match[0].length) };
}
