import type { IpcErrorCode } from '../shared/ipc/contract';

/** An error that already knows its IPC code; logic modules throw it, `handleCall` turns it into a result value. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/** The IPC code of any thrown value: our own codes pass through, Node's `ENOENT` is `not-found`, the rest is I/O. */
export function errorCode(error: unknown): IpcErrorCode {
  if (error instanceof IpcError) return error.code;
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not-found';
  return 'io-error';
}

/** A message safe to show the user: the error's own message, never a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
