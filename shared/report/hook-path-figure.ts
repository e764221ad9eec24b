import type { Finding } from '../model/verdict';
import { hookPathView } from './hook-path-fate';
import { element, text } from './svg-builder';

// The hook-path picture in HTML: the entries registered on the dropping hook in priority order, each with the
// packet's fate there, the dropping entry highlighted and the entries after it greyed as never reached. HTML
// boxes rather than SVG so long rule texts wrap and print. Styles: `.hook-path*` in report-css.ts.
// Layout after /work/shared/design/workbench-wireframe.png ("HOOK PATH").

function priorityText(priority: number | null): string {
  if (priority === null) return 'prio ?';
  // INT_MIN / INT_MAX are the "first" / "last" priorities (NF_IP_PRI_FIRST/LAST, include/uapi/linux/netfilter_ipv4.h).
  if (priority >= 2147483647) return 'prio MAX';
  if (priority <= -2147483648) return 'prio MIN';
  return `prio ${priority}`;
}

/** The hook-path picture of one finding as an HTML `<figure>`, or '' when the finding has no hook path. */
export function renderHookPathFigure(finding: Finding, number: number): string {
  const view = hookPathView(finding.hookPath);
  if (view.length === 0) return '';
  const hook = finding.drop?.hook ?? 'the dropping hook';
  const items = view.map((v) =>
    element(
      'li',
      { class: `hook-step hook-${v.fate}` },
      element('span', { class: 'hook-prio' }, text(priorityText(v.step.priority)), ' · ', text(v.step.kind)),
      element('span', { class: 'hook-label' }, text(v.step.label)),
      v.step.rule ? element('code', { class: 'hook-rule' }, text(v.step.rule)) : '',
      element('span', { class: 'hook-fate' }, element('span', { class: 'hook-symbol', 'aria-hidden': 'true' }, text(v.symbol)), ' ', text(v.label)),
      v.step.artifact ? element('span', { class: 'hook-source' }, text(`${v.step.artifact}${v.step.ref ? ` ${v.step.ref}` : ''}`)) : '',
    ),
  );
  const caption = `Figure ${number}b. Hook path at ${hook}, in priority order: what each entry did with the packet. ✓ let it pass, ✗ dropped it, ? code not read, – never reached.`;
  return element('figure', { class: 'hook-path-figure' }, element('ol', { class: 'hook-path' }, ...items), element('figcaption', {}, text(caption)));
}
