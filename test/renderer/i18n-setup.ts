// Every component test mounts with the workbench's vue-i18n, in English (the catalogues of shared/i18n/locales),
// as main.ts installs it. Only where there is a DOM (happy-dom files): the engine and format tests run in Node.
if (typeof document !== 'undefined') {
  const { config } = await import('@vue/test-utils');
  const { createAppI18n } = await import('../../renderer/src/app/i18n');
  config.global.plugins = [...(config.global.plugins ?? []), createAppI18n('en')];
}
export {};
