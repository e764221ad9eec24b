import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzePaths } from '../../cli/analyze-paths';
import { catalogueKeys, catalogues, lookupMessage, pluralChoices } from '../../shared/i18n/format-message';
import { locales } from '../../shared/i18n/locale';
import { isMessageRef, type MessageParam, type MessageRef } from '../../shared/i18n/message-ref';
import { catalogueGaps, engineFindingCodes, placeholderGaps } from './catalogue-gaps';

// The catalogues are complete: every key in every locale, a title for every finding code the engine can emit, and
// every message a real verdict refers to (explanations and timeline entries of every fixture and lab case). The
// failure says which key or code is missing and where to add it, so whoever adds a code can fix it.

const cases = [
  ...readdirSync('test/fixtures/cases', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `test/fixtures/cases/${d.name}`),
  ...readdirSync('test/fixtures/lab-cases', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `test/fixtures/lab-cases/${d.name}`),
];

function refsOf(param: MessageParam | MessageRef): MessageRef[] {
  if (typeof param === 'string' || typeof param === 'number') return [];
  if (isMessageRef(param)) return [param, ...Object.values(param.params ?? {}).flatMap(refsOf)];
  return param.items.flatMap(refsOf);
}

describe('catalogue completeness', () => {
  it('has every key in every locale', () => {
    expect(catalogueGaps(catalogues)).toEqual([]);
  });

  it('fails, naming the key and the locale, when a key exists in one locale only', () => {
    const en = structuredClone(catalogues.en);
    (en.app as Record<string, unknown>).onlyInEnglish = 'x';
    const zh = structuredClone(catalogues['zh-CN']);
    delete (zh.report as Record<string, unknown>).summary;
    expect(catalogueGaps({ en, 'zh-CN': zh }).sort()).toEqual([
      'key app.onlyInEnglish is in en but missing in zh-CN (shared/i18n/locales/zh-CN.json)',
      'key report.summary is in en but missing in zh-CN (shared/i18n/locales/zh-CN.json)',
    ]);
  });

  it('uses in each translation only the parameters the English message is given', () => {
    expect(placeholderGaps(catalogues)).toEqual([]);
    const zh = structuredClone(catalogues['zh-CN']);
    (zh.timeline as Record<string, unknown>).packet = '{paket}';
    expect(placeholderGaps({ en: catalogues.en, 'zh-CN': zh })).toEqual(['zh-CN timeline.packet uses {paket}, which the en message is never given']);
  });

  it('has a title for every finding code the engine can emit (finding.code.<code>)', () => {
    const codes = engineFindingCodes();
    // The codes of today, so the scan cannot silently find nothing.
    expect(codes).toEqual(expect.arrayContaining(['iptables-accepted-but-dropped', 'iptables-drop', 'nft-drop', 'module-drop', 'kernel-drop', 'stack-reset', 'trace-drop', 'owner-unknown', 'no-kernel-evidence']));
    const missing = locales.flatMap((l) => codes.filter((c) => lookupMessage(catalogues[l], `finding.code.${c}`) === null).map((c) => `finding code ${c} has no title finding.code.${c} in shared/i18n/locales/${l}.json`));
    expect(missing).toEqual([]);
  });

  it.each(cases)('words every message the verdict of %s refers to, in every locale', (dir) => {
    const { verdict } = analyzePaths([dir]);
    const refs: MessageRef[] = [];
    const codes = new Set<string>();
    for (const f of verdict.findings) {
      codes.add(f.code);
      expect(f.explain?.length, `finding ${f.code} of ${dir} has no explain messages`).toBeGreaterThan(0);
      for (const r of f.explain ?? []) refs.push(...refsOf(r));
      for (const e of f.timeline) {
        expect(e.message, `timeline entry "${e.what}" of ${dir} has no message`).toBeDefined();
        refs.push(...refsOf(e.message!));
      }
    }
    const keys = new Set([...refs.map((r) => r.key), ...[...codes].map((c) => `finding.code.${c}`)]);
    const missing = locales.flatMap((l) => [...keys].filter((k) => lookupMessage(catalogues[l], k) === null).map((k) => `${k} missing in shared/i18n/locales/${l}.json`));
    expect(missing).toEqual([]);
  });

  it('has English plural forms of two choices wherever a message has choices', () => {
    const bad = catalogueKeys(catalogues.en).filter((k) => {
      const n = pluralChoices(lookupMessage(catalogues.en, k)!).length;
      return n !== 1 && n !== 2;
    });
    expect(bad).toEqual([]);
  });

  it('keeps every message out of vue-i18n\'s linked-message syntax (a bare @ would be read as a link)', () => {
    const bad = locales.flatMap((l) => catalogueKeys(catalogues[l]).filter((k) => /@/.test(lookupMessage(catalogues[l], k)!.replace(/\{'[^']*'\}/g, ''))).map((k) => `${l} ${k}`));
    expect(bad).toEqual([]);
  });

  it('reads the catalogues as the JSON files they are (the renderer precompiles the same files)', () => {
    for (const l of locales) expect(JSON.parse(readFileSync(`shared/i18n/locales/${l}.json`, 'utf8'))).toEqual(catalogues[l]);
  });
});
