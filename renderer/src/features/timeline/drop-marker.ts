import type { DropOwner, Finding } from '../../../../shared/model/verdict';

/** The owner as the drop marker names it: `nft inet resguard / net_hook_in_v4`, `iptables filter INPUT`, `module x`. */
export function markerOwner(owner: DropOwner): string {
  switch (owner.kind) {
    case 'nftables':
      return ['nft', [owner.table, owner.chain].filter(Boolean).join(' / ')].filter(Boolean).join(' ');
    case 'iptables':
      return ['iptables', owner.backend === 'nft' ? '(nft)' : '', owner.table, owner.chain].filter(Boolean).join(' ');
    case 'module':
      return ['module', owner.module, owner.hookFunction && `/ ${owner.hookFunction}`].filter(Boolean).join(' ');
    case 'bpf':
      return `BPF ${owner.hookFunction ?? 'program'}`;
    case 'kernel':
      return `kernel ${owner.hookFunction ?? ''}`.trim();
    default:
      return owner.hookFunction ?? 'owner unknown';
  }
}

/** `LOCAL_IN · nft inet resguard / net_hook_in_v4`: where and by whom, on the marker that ends the path. */
export function dropMarkerLabel(finding: Finding): string {
  const drop = finding.drop;
  if (!drop) return finding.outcome;
  return [drop.hook ?? 'not at a netfilter hook', markerOwner(drop.owner)].join(' · ');
}

/** `✗ DROPPED`, `✗ REJECTED`… the marker's headline. */
export function dropMarkerTitle(finding: Finding): string {
  return finding.outcome === 'delivered' ? '✓ DELIVERED' : `✗ ${finding.outcome.toUpperCase()}`;
}

/**
 * What the drop marker opens: the traced stack of the drop when the engine says the site was traced in another
 * artifact than the last step's (`… [site as traced in perf-script.txt line 1426]`, `… [stack from X line N]`,
 * written by shared/correlate/findings.ts), else the last step itself.
 */
export function dropEvidence(finding: Finding): { artifact: string; ref: string } | null {
  const last = finding.timeline.at(-1);
  if (!last) return null;
  const traced = /\[(?:site as traced in|stack from) (.+) line (\d+)\]\s*$/.exec(last.what);
  if (traced) return { artifact: traced[1], ref: `line ${traced[2]}` };
  return { artifact: last.artifact, ref: last.ref };
}
