import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { HooklineApi, HooklineChannel } from '../shared/ipc/contract';
import { caseFileMaxBytes } from './case-files';

// The argument schemas of every IPC call: main checks what the renderer sends before any logic runs, because a
// compromised renderer may send anything (Electron security checklist: "validate the sender and the input").
// The mapped type below makes a schema that disagrees with shared/ipc/contract.ts a compile error.

/** Reports and PDFs are rendered from the verdict and annotations; 64 MiB is far above any real one. */
export const reportMaxChars = 64 * 1024 * 1024;

/** An absolute path without NUL (the kernel would cut it there) and no longer than Linux's PATH_MAX. */
export const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path has no NUL character')
  .refine((p) => isAbsolute(p), 'the path must be absolute');

/**
 * A file name the save dialog proposes: a name, not a path, so the renderer cannot aim the dialog at a directory.
 * The user still chooses the final place in the dialog.
 */
export const suggestedFileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\\u0000-\u001f]/.test(n), 'a file name has no slash, backslash or control character')
  .refine((n) => n !== '.' && n !== '..', 'a file name is not . or ..');

/** One schema per channel: the tuple of its arguments. */
export const ipcSchemas: { [C in HooklineChannel]: z.ZodType<HooklineApi[C]['args']> } = {
  'app.info': z.tuple([]),
  'case.open': z.tuple([]),
  'case.openPath': z.tuple([absolutePath]),
  'case.save': z.tuple([z.strictObject({ path: absolutePath.nullable(), content: z.string().max(caseFileMaxBytes) })]),
  'case.recent': z.tuple([]),
  'report.save': z.tuple([z.strictObject({ suggestedName: suggestedFileName, content: z.string().max(reportMaxChars) })]),
  'report.pdf': z.tuple([z.strictObject({ suggestedName: suggestedFileName, html: z.string().max(reportMaxChars) })]),
  'demo.load': z.tuple([]),
};

/** Whether `channel` is one of the contract's channels (an own key, so `__proto__` or `toString` are not). */
export function isChannel(channel: unknown): channel is HooklineChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(ipcSchemas, channel);
}
