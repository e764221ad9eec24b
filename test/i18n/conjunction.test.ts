import { describe, expect, it } from 'vitest';
import { conjunction } from '../../shared/i18n/message-ref';
import { locales } from '../../shared/i18n/locale';

// The engine joins lists by hand (an Intl.ListFormat costs ~25 ms of ICU loading per CLI run); it must say what
// ECMA-402's conjunction list format says for every locale we ship.
describe('conjunction', () => {
  for (const locale of locales) {
    it(`joins 0 to 5 items as Intl.ListFormat does in ${locale}`, () => {
      const intl = new Intl.ListFormat(locale, { type: 'conjunction' });
      for (let n = 0; n <= 5; n++) {
        const items = ['ACCEPT', 'nf_hook_slow', 'LOCAL_IN', 'raw OUTPUT', 'c5'].slice(0, n);
        expect(conjunction(items, locale)).toBe(intl.format(items));
      }
    });
  }
});
