// The languages Hookline speaks, and how a host's language tag picks one. The hosts ask their own source —
// navigator.language (browser), app.getLocale() (Electron), LANG / LC_ALL (CLI) — and hand the tag here, so the
// choice is made the same way everywhere.

/** A language of the catalogues (`shared/i18n/locales/<locale>.json`). */
export type Locale = 'en' | 'zh-CN';

/** Every locale with a catalogue, English first (the fallback and the language of the JSON verdict's text). */
export const locales: readonly Locale[] = ['en', 'zh-CN'];

/**
 * The locale for a BCP 47 tag (`zh-CN`, `zh-Hans-SG`, `en-US`) or a POSIX locale (`zh_CN.UTF-8`, `C`), English
 * when it names none we have. Any Chinese tag picks zh-CN: the only Chinese catalogue is Simplified.
 */
export function pickLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? '').trim().replace(/_/g, '-').replace(/\..*$/, '').replace(/@.*$/, '').toLowerCase();
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  return 'en';
}

/** True when the text names a locale we have exactly (`--lang zh-CN`). */
export function isLocale(text: string): text is Locale {
  return (locales as readonly string[]).includes(text);
}
