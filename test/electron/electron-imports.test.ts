import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Tests run without the Electron binary, so only the two wiring files may import electron at runtime; every other
// module of electron/ is plain Node logic (a type-only import is erased at compile time and is fine).

const electronDir = join(process.cwd(), 'electron');

function runtimeElectronImports(code: string): string[] {
  return [...code.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+['"]electron['"]/gm)].map((m) => m[0].trim());
}

describe('electron/ layering', () => {
  it('only main.ts and preload.ts import electron at runtime', () => {
    const importing = readdirSync(electronDir)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => runtimeElectronImports(readFileSync(join(electronDir, name), 'utf8')).length > 0)
      .sort();
    expect(importing).toEqual(['main.ts', 'preload.ts']);
  });

  it('the other modules use at most type imports from electron', () => {
    expect(runtimeElectronImports("import type { BrowserWindowConstructorOptions } from 'electron';")).toEqual([]);
    expect(runtimeElectronImports("import { app } from 'electron';")).toHaveLength(1);
    const typeOnly = readFileSync(join(electronDir, 'window-options.ts'), 'utf8');
    expect(typeOnly).toContain("import type { BrowserWindowConstructorOptions } from 'electron';");
  });
});
