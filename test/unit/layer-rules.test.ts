import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// The layer rules are enforced twice: ESLint forbids the imports, and the per-runtime tsconfig makes Node and DOM
// APIs compile errors in shared/. Each check is shown failing on purpose here.

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

function compileWithSharedConfig(code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile('tsconfig.shared.json', {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  if (!config) throw new Error('tsconfig.shared.json did not parse');
  const dir = mkdtempSync(join(tmpdir(), 'layer-'));
  const file = join(dir, 'probe.ts');
  writeFileSync(file, code);
  const program = ts.createProgram([file], config.options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('layer rules', () => {
  it('lint fails when shared/ imports node:fs', async () => {
    const messages = await lintAs('shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('lint fails when shared/ touches document', async () => {
    const messages = await lintAs('shared/probe.ts', 'export const title = document.title;\n');
    expect(messages.some((m) => m.startsWith('no-restricted-globals'))).toBe(true);
  });

  it('lint fails when shared/ imports from renderer/ or electron/', async () => {
    const a = await lintAs('shared/probe.ts', "import { x } from '../renderer/src/x';\nexport const y = x;\n");
    const b = await lintAs('shared/probe.ts', "import { x } from '../electron/case-files';\nexport const y = x;\n");
    expect(a.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(b.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('lint fails when the renderer imports electron', async () => {
    const messages = await lintAs('renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('lint accepts a pure engine module', async () => {
    expect(await lintAs('shared/probe.ts', 'export function double(n: number): number {\n  return n * 2;\n}\n')).toEqual([]);
  });

  it('the shared tsconfig makes document and node:fs compile errors', () => {
    const dom = compileWithSharedConfig('export const t: string = document.title;\n');
    expect(dom.join('\n')).toMatch(/Cannot find name 'document'/);
    const node = compileWithSharedConfig("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    expect(node.join('\n')).toMatch(/Cannot find module 'node:fs'/);
    expect(compileWithSharedConfig('export const n: number = 1;\n')).toEqual([]);
  });
});
