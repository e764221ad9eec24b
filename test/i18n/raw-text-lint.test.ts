import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// "No user-facing literal outside the catalogues": ESLint's @intlify/vue-i18n/no-raw-text (eslint.config.js) fails
// the lint on a bare word in a renderer template — text, a title, a placeholder, a string in {{ }} — and
// no-missing-keys on a key no catalogue has. Shown failing here on purpose, and passing on the translated form.

const eslint = new ESLint();

async function lint(template: string): Promise<string[]> {
  const [result] = await eslint.lintText(`<template>\n  ${template}\n</template>\n`, { filePath: 'renderer/src/features/lint-probe/LintProbe.vue' });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('renderer templates speak only through the catalogues', () => {
  it('fails on a bare word, a bare title and a literal in an expression', async () => {
    expect(await lint('<p title="Close">Hook path {{ ok ? \'none\' : \'\' }}</p>')).toEqual([
      "@intlify/vue-i18n/no-raw-text: raw text 'Close' is used",
      "@intlify/vue-i18n/no-raw-text: raw text 'Hook path' is used",
      "@intlify/vue-i18n/no-raw-text: raw text 'none' is used",
    ]);
  });

  it('fails on a key that no catalogue has', async () => {
    expect(await lint('<p>{{ $t(\'app.hookPath.nope\') }}</p>')).toEqual(["@intlify/vue-i18n/no-missing-keys: 'app.hookPath.nope' does not exist in localization message resources"]);
  });

  it('passes the translated form, symbols alone and tool words', async () => {
    expect(await lint('<p :title="$t(\'app.close\')">{{ $t(\'app.hookPath.title\') }} ✕ · —</p><code>SHA-256</code>')).toEqual([]);
  });
});
