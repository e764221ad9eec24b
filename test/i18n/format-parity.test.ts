import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { catalogueKeys, catalogues, formatMessage, lookupMessage } from '../../shared/i18n/format-message';
import { locales } from '../../shared/i18n/locale';
import { renderSentences } from '../../shared/i18n/message-ref';
import { explainMessages } from '../../shared/correlate/explain';

// The report and the CLI word messages with shared/i18n/format-message.ts; the workbench words them with vue-i18n.
// Both must say the same thing: every message of every locale, with every parameter and several counts, is worded
// by both and compared.

const i18n = (createI18n as unknown as (o: object) => { global: { t: unknown; locale: { value: string } } })({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: structuredClone(catalogues), missingWarn: false, fallbackWarn: false });
// vue-i18n's `t` is typed against the message schema; here keys are plain strings.
const t = i18n.global.t as unknown as (key: string, params: Record<string, string | number>) => string;

function paramsOf(message: string, count: number): Record<string, string | number> {
  const out: Record<string, string | number> = { count };
  for (const m of message.matchAll(/\{\s*([A-Za-z_$][\w$]*)\s*\}/g)) if (m[1] !== 'count') out[m[1]] = `«${m[1]}»`;
  return out;
}

describe('engine formatter and vue-i18n word every message alike', () => {
  for (const locale of locales) {
    it(`${locale}: every key, counts 1, 2 and 7`, () => {
      i18n.global.locale.value = locale;
      const differ: string[] = [];
      for (const key of catalogueKeys(catalogues[locale])) {
        for (const count of [1, 2, 7]) {
          const params = paramsOf(lookupMessage(catalogues[locale], key)!, count);
          const ours = formatMessage(locale, key, params);
          const theirs = t(key, params);
          if (ours !== theirs) differ.push(`${key} (${count}): ${JSON.stringify(ours)} ≠ vue-i18n ${JSON.stringify(theirs)}`);
        }
      }
      expect(differ).toEqual([]);
    });
  }

  it('words an explanation the same through either translator, keeping kernel words as they are', () => {
    const messages = explainMessages('iptables-accepted-but-dropped', {
      flow: 'tcp 10.0.2.8:43482 → 10.0.0.3:20202', outcome: 'dropped', attempts: 6, hook: 'LOCAL_IN', reason: 'NETFILTER_DROP',
      owner: 'nftables table inet resguard, chain net_hook_in_v4', acceptedBy: ['iptables filter INPUT rule 3'], confidence: 'confirmed',
      missing: [], traced: true, ownerKnown: true,
    });
    i18n.global.locale.value = 'zh-CN';
    const viaVue = renderSentences(messages, (k, p) => t(k, p), 'zh-CN');
    const viaEngine = renderSentences(messages, (k, p) => formatMessage('zh-CN', k, p), 'zh-CN');
    expect(viaEngine).toBe(viaVue);
    expect(viaEngine).toBe('流 tcp 10.0.2.8:43482 → 10.0.0.3:20202 失败（共 6 次尝试）。其数据包在 netfilter LOCAL_IN 钩子上被 nftables table inet resguard, chain net_hook_in_v4 丢弃。注意：iptables filter INPUT rule 3 先 ACCEPT 了该数据包——ACCEPT 只结束该表的遍历，同一 netfilter 钩子上更靠后的处理随后丢弃了它。内核记录的丢包原因为 NETFILTER_DROP。被丢弃数据包的内核跟踪直接证明了这一点。');
  });
});
