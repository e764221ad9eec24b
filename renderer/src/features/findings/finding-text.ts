import type { DropOwner, Finding, Flow } from '../../../../shared/model/verdict';

/** Words a message (vue-i18n's `t` in components); English by default, as the tests and the CLI read it. */
export type Words = (key: string, params?: Record<string, string | number>) => string;

const english: Record<string, string> = {
  'app.owner.module': 'module {name}', 'app.owner.bpf': 'BPF program {name}', 'app.owner.kernel': 'the kernel', 'app.owner.kernelFn': 'the kernel ({name})', 'app.owner.unknown': 'an unknown owner',
  'app.fate.hook': '{outcome} at {hook} by {owner}', 'app.fate.noHook': '{outcome} by {owner}',
};
const englishWords: Words = (key, params = {}) => (english[key] ?? String(params.outcome ?? key)).replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));

function endpoint(address: string, port: number | null): string {
  if (port === null) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `10.0.2.8:43482 → 10.0.0.3:20202 tcp`: the flow as the client sent it. */
export function flowText(flow: Flow): string {
  return `${endpoint(flow.src, flow.sport)} → ${endpoint(flow.dst, flow.dport)} ${flow.proto}`;
}

/** Who dropped it, in the words of the thing to change: `nftables inet resguard / net_hook_in_v4`, `module resguard_linux`. */
export function ownerText(owner: DropOwner, t: Words = englishWords): string {
  switch (owner.kind) {
    case 'nftables':
      return ['nftables', [owner.table, owner.chain].filter(Boolean).join(' / ')].filter(Boolean).join(' ');
    case 'iptables':
      return ['iptables', owner.backend ? `(${owner.backend})` : '', owner.table, owner.chain, owner.rule].filter(Boolean).join(' ');
    case 'module':
      return t('app.owner.module', { name: owner.module ?? owner.hookFunction ?? '?' });
    case 'bpf':
      return t('app.owner.bpf', { name: owner.hookFunction ?? '' }).trim();
    case 'kernel':
      return owner.hookFunction ? t('app.owner.kernelFn', { name: owner.hookFunction }) : t('app.owner.kernel');
    default:
      return owner.hookFunction ?? t('app.owner.unknown');
  }
}

/** `dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4`: the one line that says what happened. */
export function fateText(finding: Finding, t: Words = englishWords): string {
  const drop = finding.drop;
  const outcome = t === englishWords ? finding.outcome : t(`finding.outcome.${finding.outcome}`);
  if (!drop) return outcome;
  const params = { outcome, owner: ownerText(drop.owner, t), hook: drop.hook ?? '' };
  return t(drop.hook ? 'app.fate.hook' : 'app.fate.noHook', params);
}
