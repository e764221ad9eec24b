import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { isLocale, type Locale } from '../../../shared/i18n/locale';

/** Where settings live in the browser's local storage (both hosts: it is per machine, not per case). */
export const settingsKey = 'hookline.settings';

/** The settings as stored. */
interface StoredSettings {
  author?: unknown;
  locale?: unknown;
}

function readStored(): StoredSettings {
  try {
    const raw = globalThis.localStorage?.getItem(settingsKey);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as StoredSettings) : {};
  } catch {
    // Storage refused (private mode, quota) or a hand-edited value: defaults, never a crash.
    return {};
  }
}

/** The engineer's own settings, kept on this machine. */
export const useSettingsStore = defineStore('settings', () => {
  const stored = readStored();
  /** Who writes the annotations: stamped on each one. Empty until the engineer says. */
  const author = ref(typeof stored.author === 'string' ? stored.author.slice(0, 80) : '');
  /** The workbench's language as the engineer chose it; null follows the system (browser / OS language). */
  const locale = ref<Locale | null>(typeof stored.locale === 'string' && isLocale(stored.locale) ? stored.locale : null);

  watch([author, locale], ([name, language]) => {
    try {
      globalThis.localStorage?.setItem(settingsKey, JSON.stringify({ author: name, ...(language ? { locale: language } : {}) }));
    } catch {
      // Not persisted this time; the value still holds for the session.
    }
  });

  /** The author to stamp: the name given, or "engineer" until one is. */
  function authorName(): string {
    return author.value.trim() || 'engineer';
  }

  return { author, locale, authorName };
});
