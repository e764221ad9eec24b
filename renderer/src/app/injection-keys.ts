import type { InjectionKey } from 'vue';
import type { EngineClient } from '../engine/engine-client';
import type { Platform } from '../platform/platform';

/** The engine worker's client, provided once by main.ts (tests provide a session run in-process). */
export const engineKey: InjectionKey<EngineClient> = Symbol('engine');

/** The host the renderer runs in (Electron or browser), provided once by main.ts. */
export const platformKey: InjectionKey<Platform> = Symbol('platform');
