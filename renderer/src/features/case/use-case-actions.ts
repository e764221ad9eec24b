import { caseSnapshot } from './case-snapshot';
import { parseCaseFile, createCaseFile, serializeCaseFile } from '../../../../shared/case/case-file';
import type { EngineClient } from '../../engine/engine-client';
import type { Platform } from '../../platform/platform';
import { useCaseFileStore } from '../../stores/case-file-store';
import { useImportStore } from '../../stores/import-store';
import { applyCaseFile } from './apply-case-file';

/** Says something in the workbench's notice line. */
export type Tell = (message: string, tone?: 'info' | 'error') => void;

/** A file name for a case download: the storage key made safe, `.hookline` appended. */
export function caseDownloadName(location: string | null): string {
  const stem = (location ?? 'hookline-case').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'hookline-case';
  return `${stem}.hookline`;
}

/** Opening, saving and downloading the case, through the platform; problems go to the notice line. */
export function useCaseActions(platform: Platform, engine: EngineClient, tell: Tell) {
  const caseFile = useCaseFileStore();

  /** Opens a case: the one at `location` (a recent case), else the one the engineer picks. */
  async function openCase(location?: string): Promise<boolean> {
    const opened = await platform.openCase(location);
    if (!opened.ok) {
      if (opened.code !== 'cancelled') tell(opened.message, 'error');
      return false;
    }
    const parsed = parseCaseFile(opened.value.content);
    if (!parsed.ok) {
      tell(`${opened.value.path}: ${parsed.message}`, 'error');
      return false;
    }
    // A case holds no bytes: whatever the engine read for the previous case is dropped, the files are added again.
    useImportStore().cancelAll();
    await engine.clear();
    applyCaseFile(parsed.value);
    caseFile.markOpened(opened.value.path, parsed.value.savedAt, JSON.stringify(caseSnapshot()));
    const missing = parsed.value.artifacts.length;
    const name = `"${opened.value.path}"`;
    tell(missing > 0 ? `Reopened ${name}. Add its ${missing} artifact${missing === 1 ? '' : 's'} again (drop the files or the folder) to see their marks and text.` : `Reopened ${name}.`);
    return true;
  }

  /** The desktop writes the case file (asking where the first time); the browser stores it and downloads a copy. */
  async function saveCase(saveNow: (ask?: boolean) => Promise<void>): Promise<void> {
    await saveNow(true);
    if (caseFile.status === 'error') {
      tell(caseFile.message ?? 'the case could not be saved', 'error');
      return;
    }
    if (platform.name === 'browser') {
      const content = serializeCaseFile(createCaseFile(caseSnapshot(), new Date().toISOString()));
      const name = caseDownloadName(caseFile.location);
      const saved = await platform.exportReport(name, content, 'application/json');
      if (saved.ok) tell(`Case stored in this browser as "${caseFile.location}" and downloaded as ${name}.`);
      else if (saved.code !== 'cancelled') tell(saved.message, 'error');
    } else if (caseFile.status === 'saved') tell(`Case saved to ${caseFile.location}.`);
  }

  /** The saved cases to offer on the empty workbench, most recent first (none when the host cannot list them). */
  async function recentCases(): Promise<string[]> {
    const recent = await platform.recentCases();
    return recent.ok ? recent.value : [];
  }

  return { openCase, saveCase, recentCases };
}
