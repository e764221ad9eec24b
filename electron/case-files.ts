import * as nodeFs from 'node:fs/promises';
import type { CaseFileText } from '../shared/ipc/contract';
import { writeFileAtomic } from './atomic-write';
import { IpcError } from './ipc-error';

/** The extension the save dialog proposes for case files (JSON inside; shared/case parses and migrates it). */
export const caseFileExtension = 'hookline';

/**
 * The largest case file main will read. A case holds annotations, artifact summaries and the verdict, never the
 * artifacts' bytes, so 32 MiB is far above any real case and keeps a wrong pick (a capture) from filling memory.
 */
export const caseFileMaxBytes = 32 * 1024 * 1024;

/** Reads a case file: refuses a non-file or an oversized file, and a file that is not JSON (`bad-case-file`). */
export async function readCaseFile(path: string, maxBytes = caseFileMaxBytes): Promise<CaseFileText> {
  const info = await nodeFs.stat(path);
  if (!info.isFile()) throw new IpcError('not-found', `${path} is not a file`);
  if (info.size > maxBytes) {
    throw new IpcError('bad-case-file', `${path} is ${info.size} bytes; a case file is at most ${maxBytes} bytes`);
  }
  const content = await nodeFs.readFile(path, 'utf8');
  try {
    JSON.parse(content);
  } catch {
    // Only the syntax is checked here; the version and schema are shared/case's business in the renderer.
    throw new IpcError('bad-case-file', `${path} is not a Hookline case file (not JSON)`);
  }
  return { path, content };
}

/** Writes a case file atomically (never a half-written case after a crash); refuses oversized content. */
export async function writeCaseFile(path: string, content: string, maxBytes = caseFileMaxBytes): Promise<{ path: string }> {
  if (Buffer.byteLength(content, 'utf8') > maxBytes) {
    throw new IpcError('invalid-argument', `the case is larger than ${maxBytes} bytes`);
  }
  await writeFileAtomic(path, content);
  return { path };
}

/** `name` with `.ext` appended unless it already ends with it (the save dialog does not add it on Linux). */
export function withExtension(name: string, extension: string): string {
  return name.toLowerCase().endsWith(`.${extension.toLowerCase()}`) ? name : `${name}.${extension}`;
}
