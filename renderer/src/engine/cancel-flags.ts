/**
 * Cancel flags for one ingest batch (slot 0: the batch, slot i + 1: file i). In shared memory when the page is
 * cross-origin isolated, so the worker sees a cancel between two chunks of the file it is reading; otherwise a
 * plain array that travels as a copy, and cancels reach the worker as messages between files.
 * Ref: https://developer.mozilla.org/docs/Web/API/Window/crossOriginIsolated
 */
export function createCancelFlags(slots: number): Int32Array {
  const bytes = slots * Int32Array.BYTES_PER_ELEMENT;
  const shared = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  return new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}
