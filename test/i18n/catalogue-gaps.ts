import { readdirSync, readFileSync } from 'node:fs';
import { catalogueKeys, lookupMessage, type Catalogue } from '../../shared/i18n/format-message';
import type { Locale } from '../../shared/i18n/locale';

/** Keys present in one locale and missing in another, each said with the file to add it to. */
export function catalogueGaps(cats: Record<Locale, Catalogue>): string[] {
  const out: string[] = [];
  const all = Object.keys(cats) as Locale[];
  for (const from of all) {
    for (const key of catalogueKeys(cats[from])) {
      for (const to of all) {
        if (to !== from && lookupMessage(cats[to], key) === null) out.push(`key ${key} is in ${from} but missing in ${to} (shared/i18n/locales/${to}.json)`);
      }
    }
  }
  return out;
}

function placeholders(message: string): Set<string> {
  return new Set([...message.matchAll(/\{\s*([A-Za-z_$][\w$]*)\s*\}/g)].map((m) => m[1]));
}

/** Translations that use a parameter the English message (what the engine and the views are written against) never gets. */
export function placeholderGaps(cats: Record<Locale, Catalogue>): string[] {
  const out: string[] = [];
  for (const locale of Object.keys(cats) as Locale[]) {
    if (locale === 'en') continue;
    for (const key of catalogueKeys(cats[locale])) {
      const en = lookupMessage(cats.en, key);
      if (en === null) continue;
      const given = placeholders(en);
      for (const p of placeholders(lookupMessage(cats[locale], key)!)) if (!given.has(p) && p !== 'count' && p !== 'n') out.push(`${locale} ${key} uses {${p}}, which the en message is never given`);
    }
  }
  return out;
}

/**
 * The finding codes the engine's source can assign: the string literals of every `code: …` / `code = …` expression in
 * shared/correlate (decide-owner.ts and findings.ts today, and any new correlation file).
 */
export function engineFindingCodes(dir = 'shared/correlate'): string[] {
  const codes = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    for (const m of source.matchAll(/\bcode\s*(?::|=(?!=))\s*([^;,}\n]*)/g)) {
      for (const lit of m[1].matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) codes.add(lit[1]);
    }
  }
  return [...codes].sort();
}
