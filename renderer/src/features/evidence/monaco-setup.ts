// Monaco, loaded locally and lazily (this module is imported on first use): the core editor only, with the few
// editor features an evidence viewer needs, one web worker (the editor worker — no language services), our
// Monarch languages and a quiet theme. Nothing here evaluates strings as code, so it runs under the app's CSP
// (`script-src 'self'`, `worker-src 'self' blob:`, `style-src 'self' 'unsafe-inline'`).
// Ref: monaco-editor 0.56 CHANGELOG ("monaco-editor/editor" + "features/<feature>/register" entry points).
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/wordHighlighter/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { evidenceLanguages } from './languages/evidence-languages';

/** Monaco's worker hook: the editor worker for everything (read-only text needs no language worker). */
(globalThis as unknown as { MonacoEnvironment: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

for (const [id, grammar] of Object.entries(evidenceLanguages)) {
  monaco.languages.register({ id });
  monaco.languages.setMonarchTokensProvider(id, grammar);
}

/** Colours of the evidence tokens: readable on white, strong only for what decides a case. */
monaco.editor.defineTheme('hookline', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '7b8794', fontStyle: 'italic' },
    { token: 'keyword', foreground: '1f4fa8', fontStyle: 'bold' },
    { token: 'keyword.netfilter', foreground: 'b42318', fontStyle: 'bold' },
    { token: 'keyword.prompt', foreground: '1f4fa8', fontStyle: 'bold' },
    { token: 'keyword.flag', foreground: '1f4fa8' },
    { token: 'invalid.reason', foreground: 'b42318', fontStyle: 'bold' },
    { token: 'number', foreground: '0f766e' },
    { token: 'number.time', foreground: '0f766e', fontStyle: 'bold' },
    { token: 'number.hex', foreground: '6b7280' },
    { token: 'number.ip', foreground: '0e7490' },
    { token: 'number.counter', foreground: 'b7791f', fontStyle: 'bold' },
    { token: 'entity.function', foreground: '5b3fa8' },
    { token: 'type', foreground: '9a3412' },
    { token: 'type.module', foreground: 'c2410c', fontStyle: 'bold' },
    { token: 'type.hook', foreground: '9a3412' },
    { token: 'attribute.name', foreground: '3b5998' },
    { token: 'string', foreground: '047857' },
    { token: 'variable', foreground: '7c2d12', fontStyle: 'bold' },
    { token: 'verdict.accept', foreground: '15803d', fontStyle: 'bold' },
    { token: 'verdict.drop', foreground: 'b91c1c', fontStyle: 'bold' },
  ],
  colors: {
    'editor.background': '#fbfcfd',
    'editorLineNumber.foreground': '#9aa5b1',
    'editor.lineHighlightBackground': '#eef3fb',
  },
});

export { monaco };
