// The renderer's entry: one engine worker, the host's platform, the stores, the workbench.
import './app/zod-without-eval';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { engineKey, platformKey } from './app/injection-keys';
import { startEngineWorker } from './engine/engine-client';
import { selectPlatform } from './platform/select-platform';
import './styles/workbench.css';

createApp(App).use(createPinia()).provide(engineKey, startEngineWorker()).provide(platformKey, selectPlatform()).mount('#app');
