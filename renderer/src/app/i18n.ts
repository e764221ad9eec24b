// The workbench's vue-i18n: the catalogues of shared/i18n/locales, precompiled by @intlify/unplugin-vue-i18n (the
// `?i18n` import, renderer/vite.shared.ts) for the runtime-only build — the CSP forbids eval, and the runtime-only
// build has no message compiler. The locale is the settings store's (navigator.language / app.getLocale() until
// the engineer picks one).
import { createI18n } from 'vue-i18n';
import en from '../../../shared/i18n/locales/en.json?i18n';
import zhCN from '../../../shared/i18n/locales/zh-CN.json?i18n';
import type { Locale } from '../../../shared/i18n/locale';

/** The app's i18n instance (Composition API; `useI18n()` in components, `i18n.global.t` elsewhere). */
export function createAppI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
    // Ref: vue-i18n "Number Formatting" — counts in the workbench are grouped per locale.
    numberFormats: { en: { count: { style: 'decimal', useGrouping: true } }, 'zh-CN': { count: { style: 'decimal', useGrouping: true } } },
    missingWarn: false,
    fallbackWarn: false,
  });
}
