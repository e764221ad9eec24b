// A catalogue imported with `?i18n` is precompiled by @intlify/unplugin-vue-i18n (renderer/vite.shared.ts).
declare module '*.json?i18n' {
  import type { LocaleMessage } from '@intlify/core-base';
  const messages: LocaleMessage;
  export default messages;
}
