import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundledFile } from '../../shared/ipc/contract';
import { handleCall, type DialogFilter, type IpcDeps } from '../../electron/ipc-handlers';
import { createRecentFiles } from '../../electron/recent-files';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

/** Deps with scripted dialogs: each call takes the next answer; every dialog request is recorded. */
function fakeDeps(answers: (string | null)[] = []) {
  const dir = tempDir();
  const dialogs: { kind: 'open' | 'save'; title: string; defaultName?: string; filters: DialogFilter[] }[] = [];
  const logged: string[] = [];
  const deps: IpcDeps = {
    appInfo: () => ({ version: '0.1.0', platform: 'linux', electron: '45.4.1', locale: 'en-US' }),
    chooseOpenPath: async ({ title, filters }) => {
      dialogs.push({ kind: 'open', title, filters });
      return answers.shift() ?? null;
    },
    chooseSavePath: async ({ title, defaultName, filters }) => {
      dialogs.push({ kind: 'save', title, defaultName, filters });
      return answers.shift() ?? null;
    },
    recent: createRecentFiles(join(dir, 'recent-cases.json')),
    grantedPaths: new Set(),
    demoCaseDirectory: join(process.cwd(), 'test/fixtures/cases/hidden-hook'),
    printHtml: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
    log: (channel, error) => logged.push(`${channel}: ${(error as Error).message}`),
  };
  return { deps, dir, dialogs, logged };
}

describe('handleCall: validation at the boundary', () => {
  it('answers app.info', async () => {
    const { deps } = fakeDeps();
    expect(await handleCall('app.info', [], deps)).toEqual({
      ok: true,
      value: { version: '0.1.0', platform: 'linux', electron: '45.4.1', locale: 'en-US' },
    });
  });

  it('refuses unknown channels, prototype keys and non-string channels', async () => {
    const { deps } = fakeDeps();
    for (const channel of ['fs.read', '__proto__', 'toString', 42, undefined]) {
      expect(await handleCall(channel, [], deps)).toMatchObject({ ok: false, code: 'invalid-argument' });
    }
  });

  it('refuses wrong argument counts and shapes', async () => {
    const { deps } = fakeDeps();
    const bad: [string, unknown][] = [
      ['app.info', ['extra']],
      ['app.info', 'not an array'],
      ['case.openPath', []],
      ['case.openPath', [42]],
      ['case.openPath', ['relative/case.hookline']],
      ['case.openPath', ['/cases/a\0.hookline']],
      ['case.save', [{ path: null }]],
      ['case.save', [{ path: null, content: '{}', extra: true }]],
      ['report.save', [{ suggestedName: '../../.bashrc', content: 'x' }]],
      ['report.save', [{ suggestedName: 'a\\b.html', content: 'x' }]],
      ['report.save', [{ suggestedName: '..', content: 'x' }]],
      ['report.pdf', [{ suggestedName: '', html: '<p>' }]],
    ];
    for (const [channel, args] of bad) {
      const result = await handleCall(channel, args, deps);
      expect(result, `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, code: 'invalid-argument' });
    }
  });

  it('names the failing argument in the message', async () => {
    const { deps } = fakeDeps();
    expect(await handleCall('case.openPath', ['relative.hookline'], deps)).toEqual({
      ok: false,
      code: 'invalid-argument',
      message: 'case.openPath: the path must be absolute at 0',
    });
  });

  it('turns an unexpected exception into an io-error value and logs it', async () => {
    const { deps, logged } = fakeDeps();
    deps.appInfo = () => {
      throw new Error('locale service down');
    };
    expect(await handleCall('app.info', [], deps)).toEqual({ ok: false, code: 'io-error', message: 'locale service down' });
    expect(logged).toEqual(['app.info: locale service down']);
  });
});

describe('handleCall: cases', () => {
  it('opens a case picked in the dialog and remembers it as recent', async () => {
    const { deps, dir, dialogs } = fakeDeps();
    const file = join(dir, 'incident.hookline');
    writeFileSync(file, '{"version":1}');
    deps.chooseOpenPath = async ({ title, filters }) => {
      dialogs.push({ kind: 'open', title, filters });
      return file;
    };
    expect(await handleCall('case.open', [], deps)).toEqual({ ok: true, value: { path: file, content: '{"version":1}' } });
    expect(dialogs[0]).toEqual({ kind: 'open', title: 'Open case', filters: [{ name: 'Hookline case', extensions: ['hookline'] }, { name: 'JSON', extensions: ['json'] }] });
    expect(await handleCall('case.recent', [], deps)).toEqual({ ok: true, value: [file] });
    // A recent path can be reopened by name.
    expect(await handleCall('case.openPath', [file], deps)).toMatchObject({ ok: true, value: { path: file } });
  });

  it('reports a closed dialog as cancelled', async () => {
    const { deps } = fakeDeps([null]);
    expect(await handleCall('case.open', [], deps)).toEqual({ ok: false, code: 'cancelled', message: 'the dialog was closed' });
  });

  it('refuses to open by path a file the user never picked', async () => {
    const { deps, dir } = fakeDeps();
    const file = join(dir, 'planted.hookline');
    writeFileSync(file, '{"secret":true}');
    const result = await handleCall('case.openPath', [file], deps);
    expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('reports a recent case deleted since as not-found', async () => {
    const { deps, dir } = fakeDeps();
    const gone = join(dir, 'gone.hookline');
    await deps.recent.add(gone);
    expect(await handleCall('case.openPath', [gone], deps)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('reports a picked file that is not a case as bad-case-file', async () => {
    const { deps, dir } = fakeDeps();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'iptables -L output, not a case');
    deps.chooseOpenPath = async () => file;
    expect(await handleCall('case.open', [], deps)).toMatchObject({ ok: false, code: 'bad-case-file' });
  });

  it('saves a new case through the dialog, adding .hookline, then saves again to the same path', async () => {
    const { deps, dir, dialogs } = fakeDeps();
    const chosen = join(dir, 'incident');
    deps.chooseSavePath = async ({ title, defaultName, filters }) => {
      dialogs.push({ kind: 'save', title, defaultName, filters });
      return chosen;
    };
    expect(await handleCall('case.save', [{ path: null, content: '{"version":1}' }], deps)).toEqual({ ok: true, value: { path: `${chosen}.hookline` } });
    expect(dialogs[0]).toMatchObject({ title: 'Save case', defaultName: 'case.hookline' });
    expect(readFileSync(`${chosen}.hookline`, 'utf8')).toBe('{"version":1}');
    expect(await handleCall('case.save', [{ path: `${chosen}.hookline`, content: '{"version":1,"n":2}' }], deps)).toMatchObject({ ok: true });
    expect(readFileSync(`${chosen}.hookline`, 'utf8')).toBe('{"version":1,"n":2}');
    expect(dialogs).toHaveLength(1);
  });

  it('refuses to overwrite by path a file the user never picked, and writes nothing', async () => {
    const { deps, dir } = fakeDeps();
    const target = join(dir, 'elsewhere.hookline');
    expect(await handleCall('case.save', [{ path: target, content: '{}' }], deps)).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(existsSync(target)).toBe(false);
  });
});

describe('handleCall: reports, PDF, demo', () => {
  it('exports a report where the user chose, keeping the suggested extension', async () => {
    const { deps, dir, dialogs } = fakeDeps();
    const chosen = join(dir, 'postmortem');
    deps.chooseSavePath = async ({ title, defaultName, filters }) => {
      dialogs.push({ kind: 'save', title, defaultName, filters });
      return chosen;
    };
    const result = await handleCall('report.save', [{ suggestedName: 'hidden-hook.html', content: '<h1>Verdict</h1>' }], deps);
    expect(result).toEqual({ ok: true, value: { path: `${chosen}.html` } });
    expect(dialogs[0]).toEqual({ kind: 'save', title: 'Export report', defaultName: 'hidden-hook.html', filters: [{ name: 'HTML report', extensions: ['html'] }] });
    expect(readFileSync(`${chosen}.html`, 'utf8')).toBe('<h1>Verdict</h1>');
  });

  it('exports a PDF through the printer', async () => {
    const { deps, dir, dialogs } = fakeDeps();
    deps.chooseSavePath = async ({ title, defaultName, filters }) => {
      dialogs.push({ kind: 'save', title, defaultName, filters });
      return join(dir, 'postmortem');
    };
    const result = await handleCall('report.pdf', [{ suggestedName: 'hidden-hook', html: '<h1>Verdict</h1>' }], deps);
    expect(result).toEqual({ ok: true, value: { path: join(dir, 'postmortem.pdf') } });
    expect(dialogs[0]).toMatchObject({ defaultName: 'hidden-hook.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    expect(readFileSync(join(dir, 'postmortem.pdf'), 'latin1').startsWith('%PDF-')).toBe(true);
  });

  it('loads the demo case', async () => {
    const { deps } = fakeDeps();
    const result = await handleCall('demo.load', [], deps);
    expect(result.ok).toBe(true);
    const files = (result as { value: BundledFile[] }).value;
    expect(files).toHaveLength(10);
    expect(files.map((f) => f.name)).toContain('perf-script-kfree_skb.txt');
  });
});
