// Lint, and the layer rules of the house (CODE.md "Layers"): shared/ is the engine and may import neither Node,
// nor DOM, nor the other layers; the renderer never imports electron or Node.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueI18n from '@intlify/eslint-plugin-vue-i18n';

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'url', 'worker_threads', 'stream', 'buffer', 'util', 'events', 'http', 'net'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'build/**', 'renderer/dist/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'vue/multi-word-component-names': 'off', 'vue/max-attributes-per-line': 'off', 'vue/singleline-html-element-content-newline': 'off', 'vue/html-self-closing': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'shared/ is the engine: it runs in a Web Worker too, so no Node modules.' },
          { group: ['electron', '**/electron/**', '**/renderer/**', 'vue', 'pinia'], message: 'shared/ imports nothing from electron/ or renderer/.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'document', message: 'shared/ has no DOM.' },
        { name: 'window', message: 'shared/ has no DOM.' },
        { name: 'navigator', message: 'shared/ has no DOM.' },
        { name: 'localStorage', message: 'shared/ has no DOM.' },
        { name: 'process', message: 'shared/ has no Node.' },
        { name: 'Buffer', message: 'shared/ has no Node; use Uint8Array.' },
        { name: 'require', message: 'shared/ has no Node.' },
        { name: '__dirname', message: 'shared/ has no Node.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The renderer never imports electron: go through the Platform seam (renderer/src/platform).' },
          { group: nodeModules, message: 'The renderer runs in a sandbox: no Node modules.' },
          { group: ['**/electron/**'], message: 'The renderer talks to the shell only through the preload contract.' },
        ],
      }],
    },
  },
  {
    // Every word the workbench shows comes from shared/i18n/locales (issue 12): a bare literal in a template — text,
    // a title, a placeholder, an aria-label, a string in a {{ }} expression — fails the lint. Symbols and numbers
    // alone (✕ ▾ ↶ · —) are not words. Keys used in templates must exist in the catalogues.
    files: ['renderer/**/*.vue'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    settings: { 'vue-i18n': { localeDir: 'shared/i18n/locales/*.json', messageSyntaxVersion: '^11.0.0' } },
    rules: {
      '@intlify/vue-i18n/no-raw-text': ['error', {
        attributes: { '/.+/': ['title', 'placeholder', 'aria-label', 'label', 'alt'] },
        ignorePattern: '^[\\s\\p{P}\\p{S}\\d]*$',
        // Names of algorithms and formats are tool words, never translated.
        ignoreText: ['SHA-256'],
      }],
      '@intlify/vue-i18n/no-missing-keys': 'error',
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', 'vue', 'pinia'], message: 'electron/ does not import the renderer.' }] }],
    },
  },
);
