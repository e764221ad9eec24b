import type { DropOwner, Finding, Flow } from '../../../../shared/model/verdict';

function endpoint(address: string, port: number | null): string {
  if (port === null) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `10.0.2.8:43482 → 10.0.0.3:20202 tcp`: the flow as the client sent it. */
export function flowText(flow: Flow): string {
  return `${endpoint(flow.src, flow.sport)} → ${endpoint(flow.dst, flow.dport)} ${flow.proto}`;
}

/** Who dropped it, in the words of the thing to change: `nftables inet resguard / net_hook_in_v4`, `module resguard_linux`. */
export function ownerText(owner: DropOwner): string {
  switch (owner.kind) {
    case 'nftables':
      return ['nftables', [owner.table, owner.chain].filter(Boolean).join(' / ')].filter(Boolean).join(' ');
    case 'iptables':
      return ['iptables', owner.backend ? `(${owner.backend})` : '', owner.table, owner.chain, owner.rule].filter(Boolean).join(' ');
    case 'module':
      return `module ${owner.module ?? owner.hookFunction ?? '?'}`;
    case 'bpf':
      return `BPF program ${owner.hookFunction ?? ''}`.trim();
    case 'kernel':
      return `the kernel${owner.hookFunction ? ` (${owner.hookFunction})` : ''}`;
    default:
      return owner.hookFunction ?? 'an unknown owner';
  }
}

/** `dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4`: the one line that says what happened. */
export function fateText(finding: Finding): string {
  const drop = finding.drop;
  if (!drop) return finding.outcome;
  const at = drop.hook ? ` at ${drop.hook}` : '';
  return `${finding.outcome}${at} by ${ownerText(drop.owner)}`;
}
