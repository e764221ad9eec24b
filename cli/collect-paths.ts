import { readdirSync, statSync } from 'node:fs';
import { join, relative, basename } from 'node:path';

/** A file to analyse and the name it is reported under. */
export interface InputFile {
  path: string;
  name: string;
}

/**
 * Expands files and folders (recursively, sorted, hidden entries skipped) into the list of files to analyse.
 * Files inside a folder are named by their path relative to that folder.
 */
export function collectPaths(paths: string[]): { files: InputFile[]; errors: string[] } {
  const files: InputFile[] = [];
  const errors: string[] = [];
  const walk = (root: string, dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(root, full);
      else if (entry.isFile()) files.push({ path: full, name: relative(root, full) });
    }
  };
  for (const p of paths) {
    try {
      const st = statSync(p);
      if (st.isDirectory()) walk(p, p);
      else files.push({ path: p, name: basename(p) });
    } catch (error) {
      errors.push(`${p}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  return { files, errors };
}

/**
 * Case-insensitive, then by code point: a stable order that needs no ICU collator (`localeCompare` loads one, ~10 ms
 * of a 300 ms run on a small case).
 */
function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
