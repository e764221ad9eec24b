import type { CaseFileText } from '../../../shared/ipc/contract';
import { downloadFile } from './download-file';
import type { KeyValueStore } from './key-value-store';
import { openKeyValueStore } from './key-value-store';
import { pickFiles } from './pick-files';
import type { Platform, PlatformResult } from './platform';

/** A case as the browser host keeps it in IndexedDB. */
export interface StoredCase {
  content: string;
  /** ISO-8601, for the recent list's order. */
  savedAt: string;
}

/** The demo case's listing, written at build time by scripts/copy-demo-case.mjs. */
export interface DemoCaseIndex {
  case: string;
  files: Array<{ name: string; size: number; sha256: string }>;
}

/** What the browser host is built from; tests replace any of it. */
export interface BrowserPlatformDeps {
  fetch: typeof fetch;
  /** The URL the demo case folder is resolved against (the document's base: the app may live in a sub-path). */
  baseUrl: string;
  cases: () => KeyValueStore<StoredCase>;
  pick: typeof pickFiles;
  download: typeof downloadFile;
  now: () => Date;
}

function isDemoCaseIndex(value: unknown): value is DemoCaseIndex {
  if (typeof value !== 'object' || value === null) return false;
  const files = (value as { files?: unknown }).files;
  return Array.isArray(files) && files.every((f) => typeof f === 'object' && f !== null && typeof (f as { name?: unknown }).name === 'string');
}

function failure(code: 'not-found' | 'io-error' | 'cancelled' | 'unavailable', message: string): PlatformResult<never> {
  return { ok: false, code, message };
}

/** The plain-browser host: File API picker, the demo case from the web build, cases in IndexedDB, downloads. */
export function createBrowserPlatform(overrides: Partial<BrowserPlatformDeps> = {}): Platform {
  let store: KeyValueStore<StoredCase> | null = null;
  const deps: BrowserPlatformDeps = {
    fetch: (input, init) => fetch(input, init),
    baseUrl: document.baseURI,
    cases: () => (store ??= openKeyValueStore<StoredCase>('hookline', 'cases')),
    pick: pickFiles,
    download: downloadFile,
    now: () => new Date(),
    ...overrides,
  };

  async function loadDemoCase(): Promise<PlatformResult<File[]>> {
    const folder = new URL('demo-case/', deps.baseUrl);
    try {
      const listing = await deps.fetch(new URL('index.json', folder));
      if (!listing.ok) return failure('not-found', `the demo case is not in this build (${listing.status} for demo-case/index.json)`);
      const index: unknown = await listing.json();
      if (!isDemoCaseIndex(index)) return failure('io-error', 'demo-case/index.json does not list files');
      const files: File[] = [];
      for (const { name } of index.files) {
        const response = await deps.fetch(new URL(encodeURIComponent(name), folder));
        if (!response.ok) return failure('not-found', `demo file ${name} is missing (${response.status})`);
        files.push(new File([await response.blob()], name));
      }
      return { ok: true, value: files };
    } catch (error) {
      return failure('io-error', `cannot load the demo case: ${String(error)}`);
    }
  }

  async function openCase(location?: string): Promise<PlatformResult<CaseFileText>> {
    try {
      if (location !== undefined) {
        const stored = await deps.cases().get(location);
        return stored ? { ok: true, value: { path: location, content: stored.content } } : failure('not-found', `no saved case named ${location}`);
      }
      const [file] = await deps.pick({ multiple: false, accept: '.hookline,.json,application/json' });
      if (!file) return failure('cancelled', 'no case file chosen');
      return { ok: true, value: { path: file.name, content: await file.text() } };
    } catch (error) {
      return failure('io-error', `cannot open the case: ${String(error)}`);
    }
  }

  return {
    name: 'browser',
    pickArtifacts: (options = {}) => deps.pick({ folder: options.folder === true, multiple: true }),
    loadDemoCase,
    async saveCase(content, location) {
      const savedAt = deps.now().toISOString();
      const key = location ?? `case ${savedAt.slice(0, 19).replace('T', ' ')}`;
      try {
        await deps.cases().set(key, { content, savedAt });
        return { ok: true, value: { location: key } };
      } catch (error) {
        return failure('io-error', `cannot store the case in this browser: ${String(error)}`);
      }
    },
    openCase,
    async recentCases() {
      try {
        const entries = await deps.cases().entries();
        entries.sort((a, b) => b[1].savedAt.localeCompare(a[1].savedAt));
        return { ok: true, value: entries.map(([key]) => key) };
      } catch (error) {
        return failure('io-error', `cannot read saved cases: ${String(error)}`);
      }
    },
    async exportReport(name, content, mime) {
      deps.download(name, content, mime);
      return { ok: true, value: { location: name } };
    },
    async exportPdf() {
      // The page's CSP (no inline script, no popups written from script) leaves no way to print a report window.
      return failure('unavailable', 'PDF export needs the desktop app; in the browser, export the HTML report and print it from the browser.');
    },
    onMenuAction: () => () => {},
    systemLocale: async () => globalThis.navigator?.language ?? 'en',
  };
}
