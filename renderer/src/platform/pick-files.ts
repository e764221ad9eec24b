/** What to ask for in the file picker. */
export interface PickFilesOptions {
  /** One folder, every file under it (`webkitdirectory`). */
  folder?: boolean;
  multiple?: boolean;
  /** The input's `accept` list, e.g. `.json,application/json`. */
  accept?: string;
}

/**
 * Opens the system file picker through a detached `<input type="file">` (works in a browser and in Electron's
 * sandboxed renderer alike). Resolves with the chosen files, or an empty list when the picker is dismissed
 * (Chromium fires `cancel` on the input since version 113).
 */
export function pickFiles(options: PickFilesOptions = {}): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = options.multiple ?? true;
    if (options.folder) input.webkitdirectory = true;
    if (options.accept) input.accept = options.accept;
    input.hidden = true;
    const finish = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish(input.files ? [...input.files] : []), { once: true });
    input.addEventListener('cancel', () => finish([]), { once: true });
    document.body.append(input);
    input.click();
  });
}
