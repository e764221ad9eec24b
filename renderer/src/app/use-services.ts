import { inject } from 'vue';
import type { EngineClient } from '../engine/engine-client';
import type { Platform } from '../platform/platform';
import { engineKey, platformKey } from './injection-keys';

/** The engine and the platform, as provided by the app; a component mounted without them is a wiring bug. */
export function useServices(): { engine: EngineClient; platform: Platform } {
  const engine = inject(engineKey);
  const platform = inject(platformKey);
  if (!engine || !platform) throw new Error('Hookline services are not provided (engineKey, platformKey)');
  return { engine, platform };
}
