import * as nodeFs from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { writeFileAtomic } from './atomic-write';

/** How many recent cases the File menu and the start screen remember. */
export const recentFilesLimit = 10;

/** The JSON kept in userData (`recent-cases.json`); versioned so a later format can migrate it. */
interface RecentFilesDocument {
  version: 1;
  paths: string[];
}

/** The most-recently-used list of case paths, persisted as JSON (one instance per app, owned by main). */
export interface RecentFiles {
  /** Newest first, at most `recentFilesLimit`, no duplicates. */
  list(): Promise<string[]>;
  /** Moves `path` to the front (adding it if new) and persists the list. */
  add(path: string): Promise<string[]>;
  /** Whether `path` is on the list (main only reopens or overwrites paths the user picked). */
  has(path: string): Promise<boolean>;
}

/** `path` moved to the front of `paths`, duplicates removed, cut to `limit`. */
export function pushRecent(paths: readonly string[], path: string, limit = recentFilesLimit): string[] {
  return [path, ...paths.filter((p) => p !== path)].slice(0, limit);
}

/** Parses the persisted list; anything unreadable (a hand-edited or truncated file) is an empty list, never a crash. */
export function parseRecentFiles(text: string): string[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof document !== 'object' || document === null) return [];
  const paths = (document as Partial<RecentFilesDocument>).paths;
  if (!Array.isArray(paths)) return [];
  const kept = paths.filter((p): p is string => typeof p === 'string' && isAbsolute(p));
  return [...new Set(kept)].slice(0, recentFilesLimit);
}

/** The recent-files list stored at `storePath` (main passes `<userData>/recent-cases.json`). */
export function createRecentFiles(storePath: string): RecentFiles {
  let cache: string[] | undefined;
  async function load(): Promise<string[]> {
    if (cache) return cache;
    const text = await nodeFs.readFile(storePath, 'utf8').catch(() => '');
    cache = parseRecentFiles(text);
    return cache;
  }
  return {
    async list() {
      return [...(await load())];
    },
    async add(path) {
      const next = pushRecent(await load(), path);
      const document: RecentFilesDocument = { version: 1, paths: next };
      await writeFileAtomic(storePath, JSON.stringify(document, null, 2) + '\n');
      cache = next;
      return [...next];
    },
    async has(path) {
      return (await load()).includes(path);
    },
  };
}
