import type { MarkKind } from '../../engine/timeline-data';
import { markKind } from '../../engine/timeline-data';

/** Colour per mark kind: quiet for the bulk, strong for what matters (SYNs, resets, drops). */
export const markColours: Record<MarkKind, string> = {
  [markKind.packet]: '#7d8ea3',
  [markKind.syn]: '#2f6fde',
  [markKind.rst]: '#d97706',
  [markKind.icmp]: '#0f8f86',
  [markKind.drop]: '#cf3b3b',
  [markKind.event]: '#8a63d2',
  [markKind.probeReturn]: '#b05fd6',
  [markKind.log]: '#9aa6b5',
  [markKind.logPacket]: '#5561d6',
  [markKind.counter]: '#b7791f',
};

/** Kinds that light up a dense bin in red: a drop or a reset among thousands of marks must not disappear. */
export function isAlarm(kind: number): boolean {
  return kind === markKind.drop || kind === markKind.rst;
}

/** The words for a kind, in the lane legend and the mark's title. */
/** Catalogue keys of the mark kinds (`app.timeline.legend.<key>`). */
export const markKindNames: Record<MarkKind, string> = {
  [markKind.packet]: 'packet',
  [markKind.syn]: 'syn',
  [markKind.rst]: 'rst',
  [markKind.icmp]: 'icmp',
  [markKind.drop]: 'drop',
  [markKind.event]: 'event',
  [markKind.probeReturn]: 'probeReturn',
  [markKind.log]: 'log',
  [markKind.logPacket]: 'logPacket',
  [markKind.counter]: 'counter',
};
