import type { TimelineLayout } from './lane-layout';
import { isAlarm, markColours } from './mark-colours';
import { binsFromPyramid, lanePyramid } from './lane-pyramid';
import { lowerBound } from './mark-search';

/** The visible window: [fromUs, toUs] across `width` CSS pixels. */
export interface Viewport {
  fromUs: number;
  toUs: number;
  width: number;
  height: number;
}

/** Intensity levels of a dense bin: few enough to batch each into one path, enough to read density. */
const levels = 8;

/** A lane with a visible mark for fewer than this many pixels each is drawn as bins. */
const pixelsPerMark = 3;

/** Reused per-column counters (one lane at a time), grown with the canvas. */
let counts = new Uint32Array(0);
let alarms = new Uint32Array(0);
/** Visible marks per kind in the lane being drawn. */
const kindCounts = new Uint32Array(16);

/** Draws per-column counts as intensity: log scale, `levels` steps, one path and one fill per step. */
function fillLevels(ctx: CanvasRenderingContext2D, bins: Uint32Array, columns: number, max: number, top: number, height: number, colour: string): void {
  const logMax = Math.log1p(max);
  ctx.fillStyle = colour;
  for (let level = 1; level <= levels; level++) {
    ctx.beginPath();
    let any = false;
    for (let c = 0; c < columns; c++) {
      const n = bins[c];
      if (n === 0 || Math.max(1, Math.ceil((Math.log1p(n) / logMax) * levels)) !== level) continue;
      ctx.rect(c, top, 1, height);
      any = true;
    }
    if (!any) continue;
    ctx.globalAlpha = 0.15 + (0.85 * level) / levels;
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

function binsFor(width: number): void {
  if (counts.length < width) {
    counts = new Uint32Array(width);
    alarms = new Uint32Array(width);
  } else {
    counts.fill(0, 0, width);
    alarms.fill(0, 0, width);
  }
}

/** How a lane was drawn in the last frame (for tests and the lane legend). */
export interface LaneDrawn {
  artifact: string;
  visible: number;
  mode: 'marks' | 'bins' | 'empty';
}

/**
 * Draws every lane's marks for one frame. A lane with more visible marks than a third of its pixel columns is
 * drawn level-of-detail: each pixel column's count becomes an intensity (log scale, 8 levels, each level one
 * path), with drops and resets counted apart in a red strip of their own; sparse lanes draw each mark, batched by kind.
 * Zoomed far out, the counts come from the lane's bucket pyramid (lane-pyramid.ts: one subtraction per column);
 * closer in, from one pass over the visible marks (binary search for the window). Nothing is built per mark.
 */
export function drawLanes(ctx: CanvasRenderingContext2D, layout: TimelineLayout, view: Viewport): LaneDrawn[] {
  const { fromUs, toUs, width } = view;
  const scale = width / (toUs - fromUs);
  const drawn: LaneDrawn[] = [];
  ctx.clearRect(0, 0, width, view.height);
  // Zebra rows and the lane base lines first: the marks sit on them.
  for (const row of layout.rows) {
    if (row.kind === 'group') {
      ctx.fillStyle = '#f1f4f7';
      ctx.fillRect(0, row.y, width, row.height);
      continue;
    }
    ctx.fillStyle = '#e3e8ee';
    ctx.fillRect(0, Math.round(row.y + row.height / 2), width, 1);
  }
  for (const row of layout.rows) {
    if (row.kind !== 'lane') continue;
    const lane = row.lane;
    if (!lane) {
      drawn.push({ artifact: row.artifact, visible: 0, mode: 'empty' });
      continue;
    }
    const { times, kinds } = lane;
    // Half a mark's width of slack either side, so marks at the edges are drawn cut rather than vanishing.
    const slack = 3 / scale;
    const i0 = lowerBound(times, fromUs - slack);
    const i1 = lowerBound(times, toUs + slack, i0);
    const visible = i1 - i0;
    const mid = row.y + row.height / 2;
    if (visible === 0) {
      drawn.push({ artifact: lane.artifact, visible, mode: 'empty' });
      continue;
    }
    if (visible * pixelsPerMark > width) {
      const columns = Math.ceil(width);
      binsFor(columns);
      let max = 0;
      let maxAlarm = 0;
      let bulk = -1;
      const pyramid = lanePyramid(lane);
      if (1 / scale >= 4 * pyramid.bucketUs) {
        // Zoomed out: each column spans several buckets, the counts come from the prefix sums.
        ({ max, maxAlarm } = binsFromPyramid(pyramid, fromUs, scale, columns, counts, alarms));
        bulk = pyramid.bulkKind;
      } else {
        kindCounts.fill(0);
        for (let i = i0; i < i1; i++) {
          const c = ((times[i] - fromUs) * scale) | 0;
          if (c < 0 || c >= columns) continue;
          const k = kinds[i];
          kindCounts[k]++;
          if (isAlarm(k)) {
            const a = ++alarms[c];
            if (a > maxAlarm) maxAlarm = a;
          } else {
            const n = ++counts[c];
            if (n > max) max = n;
          }
        }
        for (let k = 0; k < kindCounts.length; k++) if (!isAlarm(k) && kindCounts[k] > 0 && (bulk < 0 || kindCounts[k] > kindCounts[bulk])) bulk = k;
      }
      // The bulk's colour is the lane's most frequent ordinary kind; drops and resets get a strip of their own
      // below it, so a handful of drops among millions of packets still shows, and a lane of drops reads red.
      const top = row.y + 4;
      const full = row.height - 8;
      const alarmHeight = max > 0 ? Math.max(4, Math.round(full * 0.35)) : full;
      if (max > 0) fillLevels(ctx, counts, columns, max, top, full - (maxAlarm > 0 ? alarmHeight + 1 : 0), markColours[bulk as keyof typeof markColours] ?? '#7d8ea3');
      if (maxAlarm > 0) fillLevels(ctx, alarms, columns, maxAlarm, top + full - alarmHeight, alarmHeight, markColours[4]);
      drawn.push({ artifact: lane.artifact, visible, mode: 'bins' });
      continue;
    }
    // Sparse: one tick per mark, batched by kind (one path and one fill per colour).
    const byKind = new Map<number, number[]>();
    for (let i = i0; i < i1; i++) {
      const k = kinds[i];
      let xs = byKind.get(k);
      if (!xs) byKind.set(k, (xs = []));
      xs.push((times[i] - fromUs) * scale);
    }
    for (const [kind, xs] of byKind) {
      ctx.beginPath();
      const tall = isAlarm(kind) ? 9 : 6;
      for (const x of xs) ctx.rect(Math.round(x) - 1, mid - tall, 2, tall * 2);
      ctx.fillStyle = markColours[kind as keyof typeof markColours] ?? '#7d8ea3';
      ctx.fill();
    }
    drawn.push({ artifact: lane.artifact, visible, mode: 'marks' });
  }
  return drawn;
}
