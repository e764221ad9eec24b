import type { AnnotationTarget } from '../../../../shared/model/annotation';
import type { Finding } from '../../../../shared/model/verdict';
import { isoToMicros } from '../../text/iso-micros';
import { spanText, tickLabel } from '../timeline/time-axis';

/** True when a mark target is the last step of the finding: the drop marker. */
export function isDropMarker(target: AnnotationTarget, finding: Finding | null): boolean {
  const last = finding?.timeline.at(-1);
  return !!last && target.kind === 'mark' && target.artifact === last.artifact && target.ref === last.ref;
}

const englishTarget: Record<string, string> = { 'app.target.finding': 'finding', 'app.target.dropMarker': 'drop marker', 'app.target.mark': 'mark', 'app.target.line': 'line', 'app.target.range': 'range' };

/** What a note is pinned to, in a few words: `drop marker · bpftrace.txt line 7`, `dmesg.txt line 3`, `range …`; `t` words it (vue-i18n's). */
export function targetLabel(target: AnnotationTarget, finding: Finding | null = null, t: (key: string) => string = (key) => englishTarget[key] ?? key): string {
  switch (target.kind) {
    case 'finding':
      return `${t('app.target.finding')} · ${target.flow}`;
    case 'mark':
      return `${t(isDropMarker(target, finding) ? 'app.target.dropMarker' : 'app.target.mark')} · ${target.artifact} ${target.ref}`;
    case 'line':
      return `${t('app.target.line')} · ${target.artifact}:${target.line}`;
    case 'range': {
      const from = isoToMicros(target.from);
      const to = isoToMicros(target.to);
      if (from === null || to === null) return `${t('app.target.range')} · ${target.from} – ${target.to}`;
      const span = to - from;
      const step = span > 10e6 ? 1e6 : span > 10e3 ? 1e3 : 1;
      return `${t('app.target.range')} · ${tickLabel(from, step)} – ${tickLabel(to, step)} (${spanText(span)})`;
    }
  }
}

/** `19:12` today, `2026-11-24 19:12` otherwise: when a note was written (UTC, as every time in a case). */
export function noteTime(iso: string, now = new Date()): string {
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return day === now.toISOString().slice(0, 10) ? `${time} UTC` : `${day} ${time} UTC`;
}
