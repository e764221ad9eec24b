// The renderer's entry: one engine worker, the host's platform, the stores, the workbench.
import './app/zod-without-eval';
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { createAppI18n } from './app/i18n';
import { pickLocale } from '../../shared/i18n/locale';
import { useSettingsStore } from './stores/settings-store';
import { engineKey, platformKey } from './app/injection-keys';
import { startEngineWorker } from './engine/engine-client';
import { selectPlatform } from './platform/select-platform';
import './styles/workbench.css';

const pinia = createPinia();
const platform = selectPlatform();
const settings = useSettingsStore(pinia);
// The engineer's choice, else the system's language: navigator.language at once, the host's own answer when it comes
// (Electron: app.getLocale()). Switching in the header is remembered by the settings store.
const i18n = createAppI18n(settings.locale ?? pickLocale(globalThis.navigator?.language));
watch(() => settings.locale, (chosen) => {
  if (chosen) i18n.global.locale.value = chosen;
});
if (!settings.locale) {
  void platform.systemLocale?.().then((tag) => {
    if (!settings.locale) i18n.global.locale.value = pickLocale(tag);
  });
}
watch(i18n.global.locale, (locale) => document.documentElement.setAttribute('lang', locale), { immediate: true });

createApp(App).use(pinia).use(i18n).provide(engineKey, startEngineWorker()).provide(platformKey, platform).mount('#app');
