import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecentFiles, parseRecentFiles, pushRecent, recentFilesLimit } from '../../electron/recent-files';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('recent files', () => {
  it('puts the newest first, moves a reopened path to the front, keeps 10', () => {
    let list: string[] = [];
    for (let i = 1; i <= 12; i++) list = pushRecent(list, `/cases/${i}.hookline`);
    expect(recentFilesLimit).toBe(10);
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/cases/12.hookline');
    expect(list.at(-1)).toBe('/cases/3.hookline');
    list = pushRecent(list, '/cases/5.hookline');
    expect(list.slice(0, 3)).toEqual(['/cases/5.hookline', '/cases/12.hookline', '/cases/11.hookline']);
    expect(list.filter((p) => p === '/cases/5.hookline')).toHaveLength(1);
  });

  it('persists to JSON and a new instance reads the same list', async () => {
    const store = join(tempDir(), 'recent-cases.json');
    const recent = createRecentFiles(store);
    expect(await recent.list()).toEqual([]);
    await recent.add('/cases/a.hookline');
    await recent.add('/cases/b.hookline');
    await recent.add('/cases/a.hookline');
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ version: 1, paths: ['/cases/a.hookline', '/cases/b.hookline'] });
    const reloaded = createRecentFiles(store);
    expect(await reloaded.list()).toEqual(['/cases/a.hookline', '/cases/b.hookline']);
    expect(await reloaded.has('/cases/b.hookline')).toBe(true);
    expect(await reloaded.has('/etc/passwd')).toBe(false);
  });

  it('treats a corrupt or hand-edited store as an empty or filtered list', async () => {
    expect(parseRecentFiles('')).toEqual([]);
    expect(parseRecentFiles('{"version":1,"paths":')).toEqual([]);
    expect(parseRecentFiles('[1,2,3]')).toEqual([]);
    expect(parseRecentFiles('null')).toEqual([]);
    expect(parseRecentFiles('{"paths":["/a.hookline",42,"relative.hookline","/a.hookline","/b.hookline"]}')).toEqual(['/a.hookline', '/b.hookline']);
    const store = join(tempDir(), 'recent-cases.json');
    writeFileSync(store, 'not json');
    const recent = createRecentFiles(store);
    expect(await recent.list()).toEqual([]);
    expect(await recent.add('/cases/c.hookline')).toEqual(['/cases/c.hookline']);
  });
});
