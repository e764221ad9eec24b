import { extname } from 'node:path';
import type { AppInfo, HooklineApi, HooklineChannel, IpcResult } from '../shared/ipc/contract';
import { writeFileAtomic } from './atomic-write';
import { caseFileExtension, readCaseFile, withExtension, writeCaseFile } from './case-files';
import { loadDemoCase } from './demo-case';
import { errorCode, errorMessage, IpcError } from './ipc-error';
import { ipcSchemas, isChannel } from './ipc-schemas';
import { exportPdf, type HtmlPrinter } from './pdf-export';
import type { RecentFiles } from './recent-files';

/** A file-type filter of the open/save dialogs (Electron's `FileFilter`). */
export interface DialogFilter {
  name: string;
  extensions: string[];
}

/** Everything the IPC logic needs from the outside world; main passes Electron's, tests pass fakes. */
export interface IpcDeps {
  appInfo(): AppInfo;
  /** The open dialog: the chosen path, or null when the user cancelled. */
  chooseOpenPath(options: { title: string; filters: DialogFilter[] }): Promise<string | null>;
  /** The save dialog: the chosen path, or null when the user cancelled. */
  chooseSavePath(options: { title: string; defaultName: string; filters: DialogFilter[] }): Promise<string | null>;
  recent: RecentFiles;
  /** Paths the user picked in a dialog this session: with the recent list, the only paths main reads or overwrites by name. */
  grantedPaths: Set<string>;
  demoCaseDirectory: string;
  printHtml: HtmlPrinter;
  /** Unexpected failures (not an `IpcError`) are reported here before they become an `io-error` value. */
  log?(channel: string, error: unknown): void;
}

const caseFilters: DialogFilter[] = [
  { name: 'Hookline case', extensions: [caseFileExtension] },
  { name: 'JSON', extensions: ['json'] },
];

const reportFilters: Record<string, DialogFilter> = {
  '.html': { name: 'HTML report', extensions: ['html'] },
  '.md': { name: 'Markdown report', extensions: ['md'] },
  '.json': { name: 'JSON report', extensions: ['json'] },
};

type Handlers = { [C in HooklineChannel]: (args: HooklineApi[C]['args'], deps: IpcDeps) => Promise<HooklineApi[C]['result']> };

/** The logic of each call, arguments already validated. */
const handlers: Handlers = {
  'app.info': async (_args, deps) => deps.appInfo(),

  'case.open': async (_args, deps) => {
    const path = orCancelled(await deps.chooseOpenPath({ title: 'Open case', filters: caseFilters }));
    deps.grantedPaths.add(path);
    const file = await readCaseFile(path);
    await deps.recent.add(path);
    return file;
  },

  'case.openPath': async ([path], deps) => {
    await requireKnownPath(path, deps);
    const file = await readCaseFile(path);
    await deps.recent.add(path);
    return file;
  },

  'case.save': async ([request], deps) => {
    let path = request.path;
    if (path === null) {
      const chosen = orCancelled(await deps.chooseSavePath({ title: 'Save case', defaultName: `case.${caseFileExtension}`, filters: caseFilters }));
      path = extname(chosen) ? chosen : withExtension(chosen, caseFileExtension);
      deps.grantedPaths.add(path);
    } else {
      await requireKnownPath(path, deps);
    }
    const saved = await writeCaseFile(path, request.content);
    await deps.recent.add(path);
    return saved;
  },

  'case.recent': async (_args, deps) => deps.recent.list(),

  'report.save': async ([request], deps) => {
    const filter = reportFilters[extname(request.suggestedName).toLowerCase()];
    const chosen = orCancelled(
      await deps.chooseSavePath({ title: 'Export report', defaultName: request.suggestedName, filters: filter ? [filter] : [] }),
    );
    // GTK's save dialog does not append the filter's extension: keep the suggested one if the user typed none.
    const path = extname(chosen) ? chosen : chosen + extname(request.suggestedName);
    await writeFileAtomic(path, request.content);
    return { path };
  },

  'report.pdf': async ([request], deps) => {
    const chosen = orCancelled(
      await deps.chooseSavePath({
        title: 'Export PDF',
        defaultName: withExtension(request.suggestedName, 'pdf'),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      }),
    );
    return exportPdf(request.html, withExtension(chosen, 'pdf'), deps.printHtml);
  },

  'demo.load': async (_args, deps) => loadDemoCase(deps.demoCaseDirectory),
};

/**
 * Runs one IPC call from the renderer: checks the channel and the arguments against the zod schemas, runs the
 * logic, and turns every failure into an `IpcResult` error value with a code — nothing throws across IPC.
 */
export async function handleCall(channel: unknown, rawArgs: unknown, deps: IpcDeps): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, code: 'invalid-argument', message: `unknown IPC channel ${String(channel)}` };
  const parsed = ipcSchemas[channel].safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, code: 'invalid-argument', message: `${channel}: ${issue?.message ?? 'invalid arguments'}${where}` };
  }
  try {
    const run = handlers[channel] as (args: unknown, deps: IpcDeps) => Promise<unknown>;
    return { ok: true, value: await run(parsed.data, deps) };
  } catch (error) {
    if (!(error instanceof IpcError)) deps.log?.(channel, error);
    return { ok: false, code: errorCode(error), message: errorMessage(error) };
  }
}

function orCancelled(path: string | null): string {
  if (path === null) throw new IpcError('cancelled', 'the dialog was closed');
  return path;
}

/**
 * Main reads or overwrites a case by name only if the user picked that path (this session or earlier, via the
 * recent list): a renderer that has been subverted cannot turn `case.openPath` into "read any file".
 */
async function requireKnownPath(path: string, deps: IpcDeps): Promise<void> {
  if (deps.grantedPaths.has(path) || (await deps.recent.has(path))) return;
  throw new IpcError('invalid-argument', `${path} was not opened or saved through Hookline; use Open case…`);
}
