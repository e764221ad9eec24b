import type { Counters } from '../model/ruleset';

// What one nft rule, as `nft list` prints it, says about counters, verdict and comment. Only words at the top
// level count: anonymous sets and verdict maps (`{ … }`), parentheses and quoted strings (`log prefix "drop: "`,
// `comment "…"`) are skipped. Ref: nft(8) VERDICT STATEMENT, REJECT STATEMENT, QUEUE STATEMENT, NAT STATEMENTS.

/** Counters, final verdict (and jump/goto target) and comment of one nft rule. */
export interface NftRuleFacts {
  counters: Counters | null;
  verdict: string | null;
  target: string | null;
  comment: string | null;
}

interface Word {
  text: string;
  quoted: boolean;
}

/** The top-level words of a rule: outside braces, brackets and parentheses; quoted strings as one word. */
export function topLevelWords(text: string): Word[] {
  const out: Word[] = [];
  let depth = 0;
  let current = '';
  const flush = () => {
    if (current !== '') out.push({ text: current, quoted: false });
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end;
      if (depth === 0) {
        flush();
        out.push({ text: text.slice(i + 1, stop), quoted: true });
      }
      i = stop;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      if (depth === 0) flush();
      depth++;
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (c === ' ' || c === '\t') flush();
    else current += c;
  }
  flush();
  return out;
}

const PLAIN_VERDICTS = new Set(['accept', 'drop', 'continue', 'return', 'queue', 'reject']);

/** Reads counters, the verdict statement and the comment of one rule line (handle comment already removed). */
export function nftRuleFacts(text: string): NftRuleFacts {
  const facts: NftRuleFacts = { counters: null, verdict: null, target: null, comment: null };
  const w = topLevelWords(text);
  for (let i = 0; i < w.length; i++) {
    if (w[i].quoted) continue;
    const word = w[i].text;
    const next = w[i + 1];
    if (word === 'counter' && next?.text === 'packets' && w[i + 3]?.text === 'bytes' && facts.counters === null) {
      const packets = Number(w[i + 2]?.text);
      const bytes = Number(w[i + 4]?.text);
      if (Number.isFinite(packets) && Number.isFinite(bytes)) facts.counters = { packets, bytes };
    } else if (word === 'comment' && next?.quoted) {
      facts.comment = next.text;
      i++;
    } else if (PLAIN_VERDICTS.has(word)) {
      facts.verdict = word;
      facts.target = null;
    } else if ((word === 'jump' || word === 'goto') && next) {
      facts.verdict = word;
      facts.target = next.text;
      i++;
    } else if (
      ((word === 'snat' || word === 'dnat') && (next?.text === 'to' || next?.text === 'ip' || next?.text === 'ip6')) ||
      ((word === 'masquerade' || word === 'redirect') && w[i - 1]?.text !== 'status')
    ) {
      // NAT statements end the chain's evaluation with NF_ACCEPT (nft_nat_eval / nft_masq / nft_redir set the
      // verdict), so the rule is terminal even though it prints no verdict word.
      facts.verdict = 'accept';
      facts.target = null;
    }
  }
  return facts;
}
