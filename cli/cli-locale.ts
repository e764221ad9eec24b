import { isLocale, pickLocale, type Locale } from '../shared/i18n/locale';

// The CLI's language: `--lang zh-CN|en`, else the POSIX locale of the environment in its order of precedence
// (LC_ALL, then LC_MESSAGES, then LANG — the first one set and not empty wins). Ref: POSIX.1-2017 §8.2
// "Internationalization Variables". `C` / `POSIX` / anything we have no catalogue for is English.

/** The locale for the printed summary and the report, from the flag or the environment. */
export function cliLocale(flag: string | null, env: NodeJS.ProcessEnv = process.env): Locale {
  if (flag !== null) return isLocale(flag) ? flag : pickLocale(flag);
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return pickLocale(tag);
}
