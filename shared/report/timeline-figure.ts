import type { Finding, TimelineEntry, Verdict } from '../model/verdict';
import { groupByHost } from './artifact-hosts';
import { ownerShort, verdictLineParts } from './finding-text';
import { englishWords, type ReportWords } from './report-words';
import { dateOf, durationText, isoToMicros, timeOfDay, uncertaintyText } from './report-time';
import { element, emptyElement, text } from './svg-builder';
import { axisTicks } from './time-axis';

// The finding's timeline as one SVG figure, what a postmortem reader takes in at a glance: one lane per
// artifact grouped by the host it was taken on, on the corrected wall clock; every timeline entry as a mark;
// the last attempt drawn as a red path across the lanes that ENDS at the drop marker, and below it the
// verdict box naming hook and owner. Presentation attributes only (no CSS classes), so the same SVG looks the
// same inside the HTML report, printed to PDF, or as a file beside the Markdown report.
// Layout after /work/shared/design/workbench.md ("Centre: the timeline") and workbench-wireframe.png.

const WIDTH = 960;
const LABEL_X = 12;
const AXIS_H = 52;
const GROUP_H = 24;
const LANE_H = 38;
const BAND_H = 92;
const FONT = "'Noto Sans CJK SC', 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";
const MONO = "'Noto Sans Mono', 'DejaVu Sans Mono', ui-monospace, monospace";
const RED = '#c81e1e';
const INK = '#1f2937';
const MUTED = '#6b7280';

/** Mark colour per kind of artifact: wire, kernel log, rulesets and hook listings, tracers. */
function laneColor(format: string): string {
  if (format === 'pcap' || format === 'pcapng') return '#0f766e';
  if (format === 'dmesg') return '#7c3aed';
  if (/^(iptables|nft|crash)/.test(format)) return '#b45309';
  return '#475569';
}

/** Formats that are a state at one moment (rules, counters, hook tables), not events of the packet's path. */
const snapshotFormats = new Set(['iptables-save', 'iptables-list', 'nft-ruleset', 'nft-hooks', 'crash', 'nstat', 'ip-link', 'kallsyms', 'tc-stats', 'bpftool']);

/** Options of one figure. */
export interface TimelineFigureOptions {
  /** The finding's number in the report (1-based), for ids unique within one HTML document. */
  number: number;
  /** Annotation numbers attached to a mark, keyed by `markKey(artifact, ref)`: drawn as small badges. */
  badges?: Map<string, number[]>;
  /** A standalone `.svg` file (XML declaration and namespace) rather than SVG inside HTML. */
  standalone?: boolean;
  /** The report's language (English when absent). */
  words?: ReportWords;
}

/** The key of a timeline mark for annotation badges. */
export function markKey(artifact: string, ref: string): string {
  return `${artifact}\u0000${ref}`;
}

/**
 * The highlighted path: the entries of the last attempt, in timeline order, ending with the drop (the last
 * entry). Walking back from the drop, each lane joins once (a lane may contribute a run of consecutive
 * entries, like a probe's call → return → free); meeting a lane already on the path again means an earlier
 * attempt, and the walk stops. Entries without a time, and entries of snapshot artifacts (rulesets, counters,
 * hook listings), are never on the path.
 */
export function figurePath(timeline: TimelineEntry[], isSnapshot: (artifact: string) => boolean = () => false): number[] {
  const n = timeline.length;
  if (n === 0) return [];
  const drop = timeline[n - 1];
  const dropT = isoToMicros(drop.t);
  const path = [n - 1];
  if (dropT === null) return path;
  const lanes = new Set([drop.artifact]);
  let lastLane: string | null = null;
  for (let i = n - 2; i >= 0; i--) {
    const e = timeline[i];
    const t = isoToMicros(e.t);
    if (e.artifact === drop.artifact && e.ref === drop.ref) continue; // the drop's own line, told twice
    // A ruleset or counter dump is a snapshot: its entry borrows a packet's time and is not a step of the path.
    if (t === null || t > dropT || isSnapshot(e.artifact)) continue;
    if (lanes.has(e.artifact) && e.artifact !== lastLane) break;
    lanes.add(e.artifact);
    lastLane = e.artifact;
    path.unshift(i);
  }
  return path;
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(1, max - 1))}…`;
}

/** Middle ellipsis for file names: the start and the extension both matter. */
function clipMiddle(value: string, max: number): string {
  if (value.length <= max) return value;
  const head = Math.ceil((max - 1) * 0.6);
  return `${value.slice(0, head)}…${value.slice(value.length - (max - 1 - head))}`;
}

/** Approximate advance of a proportional sans font at `size` px (no text metrics in the engine). */
function textWidth(value: string, size: number): number {
  return value.length * size * 0.56;
}

/** How many characters of a 12 px path label fit in `width`, at most 52 (the label is a hint; the table has it all). */
function labelChars(width: number): number {
  return Math.max(8, Math.min(52, Math.floor(width / (12 * 0.56))));
}

/** Renders the timeline figure of one finding as an SVG string. */
export function renderTimelineFigure(finding: Finding, verdict: Verdict, options: TimelineFigureOptions): string {
  const timeline = finding.timeline;
  const id = `timeline-${options.number}`;
  const w = options.words ?? englishWords;
  const formatOf = new Map(verdict.artifacts.map((a) => [a.name, a.format]));
  const clockOf = new Map(verdict.clocks.map((c) => [c.artifact, c]));
  const times = timeline.map((e) => isoToMicros(e.t));
  const timed = times.filter((t): t is number => t !== null);
  const untimed = times.some((t) => t === null);

  const laneOrder: string[] = [];
  for (const e of timeline) if (!laneOrder.includes(e.artifact)) laneOrder.push(e.artifact);
  const groups = groupByHost(verdict, laneOrder);

  const noClockX0 = 256;
  const noClockW = untimed ? 70 : 0;
  const plotX0 = noClockX0 + noClockW + (untimed ? 14 : 0);
  const plotX1 = WIDTH - 24;
  const lanesY0 = AXIS_H;
  let y = lanesY0;
  const laneY = new Map<string, number>();
  const rows: string[] = [];
  groups.forEach((group) => {
    rows.push(
      emptyElement('rect', { x: 0, y, width: WIDTH, height: GROUP_H, fill: '#f3f4f6' }),
      element('text', { x: LABEL_X, y: y + 16.5, 'font-size': 12, 'font-weight': 700, fill: INK, 'letter-spacing': 0.4 }, text(group.label.toUpperCase()), element('title', {}, text(group.detail))),
    );
    y += GROUP_H;
    group.artifacts.forEach((name, k) => {
      const center = y + LANE_H / 2;
      laneY.set(name, center);
      const format = formatOf.get(name) ?? 'unknown';
      const clock = clockOf.get(name);
      const sub = clock ? `${format} · clock placed ${uncertaintyText(clock.uncertainty)}` : format;
      if (k % 2 === 1) rows.push(emptyElement('rect', { x: 0, y, width: WIDTH, height: LANE_H, fill: '#fafafa' }));
      rows.push(
        emptyElement('line', { x1: noClockX0, x2: plotX1, y1: center, y2: center, stroke: '#e5e7eb', 'stroke-width': 1 }),
        element('text', { x: LABEL_X, y: center - 2, 'font-size': 13.5, 'font-weight': 600, fill: INK }, text(clipMiddle(name, 30)), element('title', {}, text(name))),
        element('text', { x: LABEL_X, y: center + 12.5, 'font-size': 11, fill: MUTED }, text(clip(sub, 40)), clock ? element('title', {}, text(clock.method)) : ''),
      );
      y += LANE_H;
    });
  });
  const lanesY1 = y;

  // Time scale over the timed entries, padded so marks do not sit on the frame.
  const t0 = timed.length ? Math.min(...timed) : 0;
  const t1 = timed.length ? Math.max(...timed) : 0;
  const span = Math.max(t1 - t0, 100);
  const pad = span * 0.04;
  const domain0 = t0 - pad;
  const domain1 = t0 + span + pad;
  const xOf = (t: number) => plotX0 + ((t - domain0) / (domain1 - domain0)) * (plotX1 - plotX0);

  const axis: string[] = [];
  if (timed.length) {
    const origin = timeline[times.indexOf(t0)].t;
    axis.push(
      element('text', { x: LABEL_X, y: 16, 'font-size': 12.5, 'font-weight': 600, fill: INK }, text(w.t('report.figure.timeAfter', { time: timeOfDay(origin) }))),
      element('text', { x: LABEL_X, y: 33, 'font-size': 11, fill: MUTED }, text(w.t('report.figure.wallClock', { date: dateOf(origin) ?? '' }))),
    );
    for (const tick of axisTicks(t0, t0 + span, 6)) {
      const x = xOf(tick.us);
      axis.push(
        emptyElement('line', { x1: x, x2: x, y1: 40, y2: lanesY1, stroke: '#e5e7eb', 'stroke-width': 1, 'stroke-dasharray': '2 3' }),
        element('text', { x, y: 35, 'font-size': 11.5, fill: MUTED, 'text-anchor': 'middle' }, text(tick.label)),
      );
    }
  }
  if (untimed) {
    axis.push(
      emptyElement('rect', { x: noClockX0, y: lanesY0, width: noClockW, height: lanesY1 - lanesY0, fill: '#f3f4f6', stroke: '#d1d5db', 'stroke-dasharray': '3 3' }),
      element('text', { x: noClockX0 + noClockW / 2, y: 35, 'font-size': 11, fill: MUTED, 'text-anchor': 'middle' }, text(w.t('report.figure.noClock'))),
    );
  }

  const path = figurePath(timeline, (name) => snapshotFormats.has(formatOf.get(name) ?? ''));
  const onPath = new Set(path);
  const dropIndex = timeline.length - 1;
  const untimedSeen = new Map<string, number>();
  const position = timeline.map((e, i) => {
    const yy = laneY.get(e.artifact) ?? lanesY0;
    const t = times[i];
    if (t !== null) return { x: xOf(t), y: yy };
    const k = untimedSeen.get(e.artifact) ?? 0;
    untimedSeen.set(e.artifact, k + 1);
    return { x: noClockX0 + 10 + (k % 6) * 10, y: yy };
  });

  const marks: string[] = [];
  timeline.forEach((e, i) => {
    if (onPath.has(i)) return;
    const p = position[i];
    const color = laneColor(formatOf.get(e.artifact) ?? '');
    marks.push(
      element('circle', { cx: p.x, cy: p.y, r: 4, fill: color, 'fill-opacity': 0.45, stroke: color, 'stroke-width': 1 }, element('title', {}, text(`${timeOfDay(e.t)} · ${e.artifact} ${e.ref} · ${w.what(e)}`))),
    );
  });

  // The path of the last attempt, ending at the drop.
  const pathMarks: string[] = [];
  if (path.length > 1) {
    pathMarks.push(emptyElement('polyline', { points: path.map((i) => `${position[i].x.toFixed(1)},${position[i].y.toFixed(1)}`).join(' '), fill: 'none', stroke: RED, 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
  }
  const midX = (plotX0 + plotX1) / 2;
  // One label per lane on the path (its last entry there), so a probe's call → return → free does not overprint.
  const labelled = new Set<number>();
  const seenLanes = new Set<string>();
  for (const i of [...path].reverse()) if (!seenLanes.has(timeline[i].artifact)) {
    seenLanes.add(timeline[i].artifact);
    labelled.add(i);
  }
  for (const i of path) {
    if (i === dropIndex) continue;
    const p = position[i];
    const e = timeline[i];
    const left = p.x > midX;
    pathMarks.push(
      element('circle', { cx: p.x, cy: p.y, r: 5.5, fill: RED, stroke: '#ffffff', 'stroke-width': 1.5 }, element('title', {}, text(`${timeOfDay(e.t)} · ${e.artifact} ${e.ref} · ${w.what(e)}`))),
      !labelled.has(i) ? '' : element('text', { x: p.x + (left ? -10 : 10), y: p.y - 7, 'font-size': 12, fill: RED, 'text-anchor': left ? 'end' : 'start', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' }, text(clip(w.what(e), labelChars(left ? p.x - 10 - plotX0 : WIDTH - 4 - (p.x + 10))))),
    );
  }

  // Annotation badges.
  const badges: string[] = [];
  if (options.badges) {
    timeline.forEach((e, i) => {
      const numbers = options.badges?.get(markKey(e.artifact, e.ref));
      if (!numbers?.length) return;
      const p = position[i];
      const label = numbers.join(',');
      const w = Math.max(14, textWidth(label, 9) + 8);
      badges.push(
        element('g', {}, emptyElement('rect', { x: p.x + 4, y: p.y - 19, width: w, height: 13, rx: 6.5, fill: '#fde68a', stroke: '#b45309', 'stroke-width': 0.8 }), element('text', { x: p.x + 4 + w / 2, y: p.y - 9.5, 'font-size': 9, 'font-weight': 700, fill: '#78350f', 'text-anchor': 'middle' }, text(label)), element('title', {}, text(`annotation ${label}`))),
      );
    });
  }

  // The drop marker and the verdict box in the band below the lanes.
  const parts = verdictLineParts(finding, w);
  const drop = timeline[dropIndex];
  const dropOut: string[] = [];
  const legend: string[] = [];
  if (drop) {
    const p = position[dropIndex];
    const lines = [
      `✗ ${parts.outcome} ${parts.where}${parts.reason ? ` · ${parts.reason}` : ''}`,
      ownerShort(finding.drop?.owner),
      parts.rule ? w.t('report.figure.rule', { rule: parts.rule }) : finding.drop?.location ? w.t('report.figure.freedAt', { location: finding.drop.location }) : `${drop.artifact} ${drop.ref}`,
    ];
    const maxW = WIDTH - 2 * LABEL_X;
    const maxChars = Math.floor((maxW - 28) / (13 * 0.56));
    const shown = lines.map((l) => clip(l, maxChars));
    const boxW = Math.min(maxW, Math.max(220, ...shown.map((l, k) => textWidth(l, k === 0 ? 15 : 13) + 30)));
    const boxH = 70;
    const boxY = lanesY1 + 14;
    const boxX = Math.min(Math.max(p.x - boxW + 40, LABEL_X), WIDTH - LABEL_X - boxW);
    dropOut.push(
      emptyElement('line', { x1: p.x, x2: p.x, y1: p.y + 9, y2: boxY, stroke: RED, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
      element('circle', { cx: p.x, cy: p.y, r: 9, fill: RED, stroke: '#ffffff', 'stroke-width': 2 }, element('title', {}, text(`${timeOfDay(drop.t)} · ${drop.artifact} ${drop.ref} · ${w.what(drop)}`))),
      element('text', { x: p.x, y: p.y + 4.5, 'font-size': 13, 'font-weight': 700, fill: '#ffffff', 'text-anchor': 'middle' }, '✗'),
      element(
        'g',
        {},
        emptyElement('rect', { x: boxX, y: boxY, width: boxW, height: boxH, rx: 5, fill: RED }),
        element('text', { x: boxX + 14, y: boxY + 22, 'font-size': 15, 'font-weight': 700, fill: '#ffffff' }, text(shown[0])),
        element('text', { x: boxX + 14, y: boxY + 42, 'font-size': 13, fill: '#ffffff' }, text(shown[1])),
        element('text', { x: boxX + 14, y: boxY + 60, 'font-size': 12, fill: '#fde2e2', 'font-family': MONO }, text(shown[2])),
      ),
    );
    const first = path.length > 1 ? times[path[0]] : null;
    const last = times[dropIndex];
    const story = first !== null && last !== null ? w.t('report.figure.story', { duration: durationText(last - first) }) : w.t('report.figure.storyDrop');
    const attempts = timed.length ? ` · ${w.t('report.figure.entries', { count: timeline.length, duration: durationText(t1 - t0) })}` : '';
    legend.push(element('text', { x: plotX1, y: 16, 'font-size': 12, fill: RED, 'text-anchor': 'end' }, text(story + attempts)));
  }

  const height = lanesY1 + (drop ? BAND_H : 12);
  const title = w.t('report.figure.title', { number: options.number, flow: parts.flow, outcome: w.t(`finding.outcome.${finding.outcome}`), where: parts.where });
  const body = [
    element('title', { id: `${id}-title` }, text(title)),
    emptyElement('rect', { x: 0, y: 0, width: WIDTH, height, fill: '#ffffff' }),
    ...rows,
    ...axis,
    ...legend,
    ...marks,
    ...pathMarks,
    ...badges,
    ...dropOut,
  ].join('');
  const attributes = {
    xmlns: options.standalone ? 'http://www.w3.org/2000/svg' : null,
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: options.standalone ? WIDTH : null,
    height: options.standalone ? height : null,
    role: 'img',
    'aria-labelledby': `${id}-title`,
    'font-family': FONT,
    class: 'timeline-figure',
  };
  const svg = element('svg', attributes, body);
  return options.standalone ? `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` : svg;
}
