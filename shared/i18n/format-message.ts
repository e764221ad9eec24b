import type { Locale } from './locale';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

// The engine side's formatter for the catalogues the renderer gives vue-i18n: the report and the CLI word the same
// messages without the renderer. It reads the subset of vue-i18n's message syntax the catalogues use — `{name}`
// named interpolation, `{'x'}` literals, and plural choices split by `|` chosen by the `count` parameter with
// vue-i18n's default rule — and test/i18n/format-parity.test.ts checks it words every message as vue-i18n does.
// Ref: vue-i18n guide, "Message Format Syntax" and "Pluralization" (default rule: 2 choices → 1 ? first : second).

/** A catalogue: nested objects of messages, keyed by meaning (`finding.droppedAt`). */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/** The catalogues, one per locale; the renderer's vue-i18n is given the same files precompiled. */
export const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

/** The message at a dotted key, or null when the catalogue has none. */
export function lookupMessage(catalogue: Catalogue, key: string): string | null {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = node[part];
  }
  return typeof node === 'string' ? node : null;
}

/** Every dotted key of a catalogue, in order (the completeness test compares these across locales). */
export function catalogueKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : catalogueKeys(v, `${prefix}${k}.`)));
}

/** Splits a message into its plural choices at top-level `|` (not inside `{…}`), each trimmed as vue-i18n does. */
export function pluralChoices(message: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (depth > 0 && c === "'") quoted = !quoted;
    else if (!quoted && c === '{') depth++;
    else if (!quoted && c === '}') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === '|') {
      out.push(message.slice(start, i));
      start = i + 1;
    }
  }
  out.push(message.slice(start));
  return out.length > 1 ? out.map((s) => s.trim()) : out;
}

/** vue-i18n's default plural rule: the choice for a count among 2 or 3 choices. */
export function pluralIndex(count: number, choices: number): number {
  const n = Math.abs(count);
  if (choices === 2) return n ? (n > 1 ? 1 : 0) : 1;
  return n ? Math.min(n, 2) : 0;
}

function interpolate(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{\s*(?:'([^']*)'|([A-Za-z_$][\w$]*))\s*\}/g, (_m, literal: string | undefined, name: string | undefined) => {
    if (literal !== undefined) return literal;
    const v = params[name!];
    return v === undefined ? '' : String(v);
  });
}

/** A message of a locale worded with its parameters; the key itself when no catalogue has it (as vue-i18n shows it). */
export function formatMessage(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const message = lookupMessage(catalogues[locale], key) ?? lookupMessage(catalogues.en, key);
  if (message === null) return key;
  const choices = pluralChoices(message);
  const count = typeof params.count === 'number' ? params.count : typeof params.n === 'number' ? params.n : -1;
  const chosen = choices.length > 1 ? choices[Math.min(pluralIndex(count, choices.length), choices.length - 1)] : choices[0];
  return interpolate(chosen, params);
}

/** `formatMessage` bound to one locale: the `Translate` the report and the CLI hand to `renderRef`. */
export function translator(locale: Locale): (key: string, params?: Record<string, string | number>) => string {
  return (key, params = {}) => formatMessage(locale, key, params);
}
