// The timeline benchmark page (out/web/timeline-bench.html): the real TimelineView over a million synthetic marks,
// so the end-to-end test can pan and zoom it and read the frame times the chart records with the Performance API.
import '../app/zod-without-eval';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import TimelineView from '../features/timeline/TimelineView.vue';
import { useTimelineStore } from '../stores/timeline-store';
import '../styles/workbench.css';
import { syntheticTimeline } from './synthetic-marks';
import { createAppI18n } from '../app/i18n';

const count = Number(new URLSearchParams(location.search).get('marks') ?? 1_000_000);
const pinia = createPinia();
const app = createApp(TimelineView).use(pinia).use(createAppI18n('en'));
const timeline = useTimelineStore(pinia);
const started = performance.now();
timeline.data = syntheticTimeline(count);
app.mount('#app');
requestAnimationFrame(() => {
  document.body.dataset.ready = String(count);
  document.body.dataset.prepareMs = (performance.now() - started).toFixed(1);
});
