import type { Locale } from './locale';

// Text the engine means but does not word: a catalogue key and its parameters. Kernel and tool words (hook names,
// drop reasons, chain / table / rule text, functions, commands) travel as parameters and are never translated; a
// parameter may itself be a message (a clause worded per locale) or a list. The same reference is worded by the
// renderer (vue-i18n's `t`) and by the report and CLI (format-message.ts), from the same catalogues.

/** A parameter of a message: a word as is, a number, a nested message, or a list joined per locale. */
export type MessageParam = string | number | MessageRef | MessageList;

/** One message in language-free form (`{ key: 'explain.acceptedButDropped.hook', params: { hook: 'LOCAL_IN' } }`). */
export interface MessageRef {
  key: string;
  params?: Record<string, MessageParam>;
}

/** Items joined as the locale joins them: `and` (a, b and c / a、b和c) or `semicolon` (a; b / a；b). */
export interface MessageList {
  list: 'and' | 'semicolon';
  items: MessageParam[];
}

/** Words one message with flat parameters: vue-i18n's `t` in the renderer, `formatMessage` elsewhere. */
export type Translate = (key: string, params: Record<string, string | number>) => string;

/** How sentences follow each other: a space in English, nothing between Chinese sentences (they end in 。). */
export const sentenceJoiner: Record<Locale, string> = { en: ' ', 'zh-CN': '' };

const semicolon: Record<Locale, string> = { en: '; ', 'zh-CN': '；' };

export function isMessageRef(p: unknown): p is MessageRef {
  return typeof p === 'object' && p !== null && typeof (p as MessageRef).key === 'string';
}

/** A message worded in a locale: nested messages and lists first, then the message itself. */
export function renderRef(ref: MessageRef, translate: Translate, locale: Locale): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ref.params ?? {})) flat[name] = renderParam(value, translate, locale);
  return translate(ref.key, flat);
}

/** Sentences worded in a locale and joined as the locale joins sentences. */
export function renderSentences(refs: MessageRef[], translate: Translate, locale: Locale): string {
  return refs.map((r) => renderRef(r, translate, locale)).join(sentenceJoiner[locale]);
}

function renderParam(value: MessageParam, translate: Translate, locale: Locale): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (isMessageRef(value)) return renderRef(value, translate, locale);
  const items = value.items.map((i) => String(renderParam(i, translate, locale)));
  if (value.list === 'semicolon') return items.join(semicolon[locale]);
  return conjunction(items, locale);
}

/**
 * `a, b, and c` in English, `a、b和c` in Chinese: what ECMA-402 Intl.ListFormat (type conjunction) gives for these
 * two locales, written out — building an Intl.ListFormat loads ICU data, ~25 ms of a 300 ms CLI run.
 */
export function conjunction(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1];
  const head = items.slice(0, -1);
  if (locale === 'zh-CN') return `${head.join('、')}和${last}`;
  return items.length === 2 ? `${head[0]} and ${last}` : `${head.join(', ')}, and ${last}`;
}
