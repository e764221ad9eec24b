import type { BrushBehavior, D3BrushEvent, D3ZoomEvent, Selection, ZoomBehavior } from 'd3';
import { axisTop, brushX, pointer, scaleLinear, select, zoom, zoomIdentity } from 'd3';
import type { LaneDrawn, Viewport } from './draw-lanes';
import { drawLanes } from './draw-lanes';
import type { TimelineLayout } from './lane-layout';
import { nearestIndex } from './mark-search';
import { tickLabel, ticks } from './time-axis';

/** One step of the selected finding's path, placed on a lane. */
export interface PathPoint {
  artifact: string;
  ref: string;
  tUs: number;
  what: string;
  /** True for the last step: the drop. */
  drop: boolean;
}

/** A note drawn on the timeline: a flag at a mark, or a band over a range. */
export type TimelineNote = { kind: 'flag'; id: string; artifact: string; tUs: number; text: string } | { kind: 'band'; id: string; fromUs: number; toUs: number; text: string };

/** The DOM the chart draws into (owned by the Vue component). */
export interface ChartElements {
  canvas: HTMLCanvasElement;
  overlay: SVGSVGElement;
  axis: SVGSVGElement;
  dropMarker: HTMLElement;
}

/** What the chart tells its owner. */
export interface ChartEvents {
  /** The view moved; `user` is true for a wheel / drag / brush gesture (not a programmatic move). */
  onView(fromUs: number, toUs: number, user: boolean): void;
  onMarkClick(artifact: string, index: number): void;
  onPathClick(point: PathPoint): void;
  onRange(range: { fromUs: number; toUs: number } | null): void;
}

/** The frame-time measure the Performance API records for every drawn frame (read by the e2e benchmark). */
export const frameMeasure = 'hookline:timeline-frame';

/** A timeline chart: canvas marks, SVG axis and overlay, d3 zoom (wheel, drag), brush (shift-drag), clicks. */
export interface TimelineChart {
  setLayout(layout: TimelineLayout, domain: [number, number]): void;
  /** Moves the view to [fromUs, toUs] (clamped to the domain). */
  setView(fromUs: number, toUs: number): void;
  view(): { fromUs: number; toUs: number };
  setPath(points: PathPoint[]): void;
  setSelected(mark: { artifact: string; tUs: number } | null): void;
  setNotes(notes: TimelineNote[]): void;
  setRange(range: { fromUs: number; toUs: number } | null): void;
  resize(width: number): void;
  /** How each lane was drawn in the last frame. */
  lastDrawn(): LaneDrawn[];
  destroy(): void;
}

const axisHeight = 26;
/** The narrowest view: 20 µs across the plot (below that the clocks are not that good anyway). */
const minSpanUs = 20;
/** Click tolerance around a mark, in pixels. */
const hitPixels = 6;

export function createTimelineChart(elements: ChartElements, events: ChartEvents): TimelineChart {
  const { canvas, overlay, axis, dropMarker } = elements;
  const ctx = canvas.getContext('2d');
  let layout: TimelineLayout = { rows: [], height: 0, centre: new Map() };
  let domain: [number, number] = [0, 1];
  let width = 0;
  let from = 0;
  let to = 1;
  let path: PathPoint[] = [];
  let selected: { artifact: string; tUs: number } | null = null;
  let notes: TimelineNote[] = [];
  let range: { fromUs: number; toUs: number } | null = null;
  let frame = 0;
  let drawn: LaneDrawn[] = [];
  let measures = 0;
  /** True while the chart itself moves the zoom transform (no view event goes out as a user gesture). */
  let programmatic = false;

  const svg = select(overlay);
  const brushLayer = svg.append('g').attr('class', 'tl-brush');
  const bandLayer = svg.append('g').attr('class', 'tl-bands');
  const pathLine = svg.append('path').attr('class', 'tl-path-line');
  const pointLayer = svg.append('g').attr('class', 'tl-points');
  const flagLayer = svg.append('g').attr('class', 'tl-flags');
  const selectedRing = svg.append('circle').attr('class', 'tl-selected').attr('r', 7).style('display', 'none');
  const axisLayer = select(axis).append('g').attr('transform', `translate(0,${axisHeight - 1})`);

  const zoomer: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .filter((event: MouseEvent | WheelEvent) => event.type === 'wheel' || (!event.shiftKey && !event.button))
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      const span = (domain[1] - domain[0]) / event.transform.k;
      from = domain[0] + (-event.transform.x / Math.max(1, width)) * (domain[1] - domain[0]) / event.transform.k;
      to = from + span;
      schedule();
      events.onView(from, to, !programmatic && event.sourceEvent !== null);
    });
  svg.call(zoomer).on('dblclick.zoom', null);

  const brusher: BrushBehavior<unknown> = brushX()
    .filter((event: MouseEvent) => event.shiftKey && !event.button)
    .on('end', (event: D3BrushEvent<unknown>) => {
      if (!event.sourceEvent) return; // moved by the chart itself
      const s = event.selection as [number, number] | null;
      if (!s || s[1] - s[0] < 2) {
        range = null;
        events.onRange(null);
      } else {
        range = { fromUs: xToUs(s[0]), toUs: xToUs(s[1]) };
        events.onRange(range);
      }
      schedule();
    });
  brushLayer.call(brusher);

  svg.on('click', (event: MouseEvent) => {
    if (event.shiftKey || event.defaultPrevented) return;
    const [x, y] = pointer(event, overlay);
    const row = layout.rows.find((r) => r.kind === 'lane' && y >= r.y && y < r.y + r.height);
    if (!row || row.kind !== 'lane' || !row.lane) return;
    const index = nearestIndex(row.lane.times, xToUs(x), hitPixels / scale());
    if (index >= 0) events.onMarkClick(row.artifact, index);
  });

  function scale(): number {
    return Math.max(1, width) / (to - from);
  }

  function xOf(us: number): number {
    return (us - from) * scale();
  }

  function xToUs(x: number): number {
    return from + x / scale();
  }

  function schedule(): void {
    if (frame) return;
    frame = requestAnimationFrame(render);
  }

  function sizeCanvas(): void {
    const ratio = globalThis.devicePixelRatio || 1;
    const height = Math.max(1, layout.height);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
    overlay.setAttribute('width', String(width));
    overlay.setAttribute('height', String(height));
    axis.setAttribute('width', String(width));
    axis.setAttribute('height', String(axisHeight));
    zoomer.extent([[0, 0], [Math.max(1, width), Math.max(1, height)]]).translateExtent([[0, 0], [Math.max(1, width), Math.max(1, height)]]);
    zoomer.scaleExtent([1, Math.max(1, (domain[1] - domain[0]) / minSpanUs)]);
    brusher.extent([[0, 0], [Math.max(1, width), Math.max(1, height)]]);
    brushLayer.call(brusher);
  }

  function render(): void {
    frame = 0;
    if (width <= 0) return;
    const started = performance.now();
    if (ctx) {
      const viewport: Viewport = { fromUs: from, toUs: to, width, height: layout.height };
      drawn = drawLanes(ctx, layout, viewport);
    }
    drawAxis();
    drawOverlay();
    performance.measure(frameMeasure, { start: started, end: performance.now() });
    // Keep the buffer bounded in a long session; a benchmark reads well under this many frames.
    if (++measures > 5000) {
      performance.clearMeasures(frameMeasure);
      measures = 0;
    }
  }

  function drawAxis(): void {
    const { step, values } = ticks(from, to, Math.max(2, Math.floor(width / 80)));
    const x = scaleLinear().domain([from, to]).range([0, width]);
    axisLayer.call(
      axisTop<number>(x)
        .tickValues(values)
        .tickFormat((v) => tickLabel(v, step))
        .tickSizeOuter(0),
    );
  }

  function drawOverlay(): void {
    const visible = path.filter((p) => layout.centre.has(p.artifact));
    const line = visible.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(p.tUs).toFixed(1)},${layout.centre.get(p.artifact)!.toFixed(1)}`).join('');
    pathLine.attr('d', line || null);
    pointLayer
      .selectAll<SVGCircleElement, PathPoint>('circle')
      .attr('cx', (p) => xOf(p.tUs))
      .attr('cy', (p) => layout.centre.get(p.artifact) ?? -100);
    const last = visible.at(-1);
    if (last && last.drop) {
      const x = xOf(last.tUs);
      const y = layout.centre.get(last.artifact)!;
      const inside = x >= -2 && x <= width + 2;
      dropMarker.style.display = inside ? '' : 'none';
      if (inside) {
        // Right of the drop when it fits (the path comes from the left), else left of it; centred on its lane.
        const box = dropMarker.offsetWidth || 260;
        const high = dropMarker.offsetHeight || 38;
        const left = x + 14 + box <= width ? x + 14 : x - box - 14;
        const top = Math.max(1, Math.min(layout.height - high - 1, y - high / 2));
        dropMarker.style.transform = `translate(${Math.round(Math.max(0, left))}px, ${Math.round(top)}px)`;
      }
    } else dropMarker.style.display = 'none';
    if (selected && layout.centre.has(selected.artifact)) {
      selectedRing.style('display', null).attr('cx', xOf(selected.tUs)).attr('cy', layout.centre.get(selected.artifact)!);
    } else selectedRing.style('display', 'none');
    flagLayer
      .selectAll<SVGPathElement, TimelineNote>('path')
      .attr('transform', (n) => (n.kind === 'flag' && layout.centre.has(n.artifact) ? `translate(${xOf(n.tUs).toFixed(1)},${(layout.centre.get(n.artifact)! - 8).toFixed(1)})` : 'translate(-100,-100)'));
    bandLayer
      .selectAll<SVGRectElement, TimelineNote>('rect')
      .attr('x', (n) => (n.kind === 'band' ? xOf(n.fromUs) : -100))
      .attr('width', (n) => (n.kind === 'band' ? Math.max(1, xOf(n.toUs) - xOf(n.fromUs)) : 0))
      .attr('y', 0)
      .attr('height', layout.height);
    // The brush follows the selected range as the view moves (without sending events back).
    brushLayer.call(brusher.move, range ? [xOf(range.fromUs), xOf(range.toUs)] : null);
  }

  function applyView(nextFrom: number, nextTo: number): void {
    const span = Math.max(minSpanUs, Math.min(domain[1] - domain[0], nextTo - nextFrom));
    let start = Math.max(domain[0], Math.min(nextFrom, domain[1] - span));
    if (!Number.isFinite(start)) start = domain[0];
    const k = (domain[1] - domain[0]) / span;
    const tx = -((start - domain[0]) / (domain[1] - domain[0])) * Math.max(1, width) * k;
    programmatic = true;
    try {
      svg.call(zoomer.transform, zoomIdentity.translate(tx, 0).scale(k));
    } finally {
      programmatic = false;
    }
  }

  return {
    setLayout(next, nextDomain) {
      const keep = { from, to };
      layout = next;
      domain = nextDomain[1] > nextDomain[0] ? nextDomain : [nextDomain[0] - 1e6, nextDomain[0] + 1e6];
      sizeCanvas();
      applyView(keep.from, keep.to);
      schedule();
    },
    setView(nextFrom, nextTo) {
      applyView(nextFrom, nextTo);
    },
    view: () => ({ fromUs: from, toUs: to }),
    setPath(points) {
      path = points;
      pointLayer
        .selectAll<SVGCircleElement, PathPoint>('circle')
        .data(points, (p) => `${p.artifact}|${p.ref}|${p.tUs}|${p.drop}`)
        .join((enter) =>
          enter
            .append('circle')
            .attr('data-testid', 'path-point')
            .on('click', (event: MouseEvent, p) => {
              event.stopPropagation();
              events.onPathClick(p);
            })
            .call((c) => c.append('title')),
        )
        .attr('class', (p) => (p.drop ? 'tl-point tl-point-drop' : 'tl-point'))
        .attr('r', (p) => (p.drop ? 7 : 4.5))
        .attr('data-artifact', (p) => p.artifact)
        .attr('data-ref', (p) => p.ref)
        .select('title')
        .text((p) => `${p.artifact} ${p.ref}: ${p.what}`);
      schedule();
    },
    setSelected(mark) {
      selected = mark;
      schedule();
    },
    setNotes(next) {
      notes = next;
      flagLayer
        .selectAll<SVGPathElement, TimelineNote>('path')
        .data(notes.filter((n) => n.kind === 'flag'), (n) => n.id)
        .join((enter) => enter.append('path').attr('class', 'tl-flag').attr('data-testid', 'annotation-flag').attr('d', 'M0,0 L0,-12 L9,-8 L0,-4').call((p) => p.append('title')))
        .select('title')
        .text((n) => n.text);
      bandLayer
        .selectAll<SVGRectElement, TimelineNote>('rect')
        .data(notes.filter((n) => n.kind === 'band'), (n) => n.id)
        .join((enter) => enter.append('rect').attr('class', 'tl-band').attr('data-testid', 'annotation-band').call((r) => r.append('title')))
        .select('title')
        .text((n) => n.text);
      schedule();
    },
    setRange(next) {
      range = next;
      schedule();
    },
    resize(next) {
      if (Math.abs(next - width) < 0.5) return;
      const keep = { from, to };
      width = next;
      sizeCanvas();
      applyView(keep.from, keep.to);
      schedule();
    },
    lastDrawn: () => drawn,
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      svg.on('.zoom', null).on('click', null);
      (svg as Selection<SVGSVGElement, unknown, null, undefined>).selectAll('*').remove();
      select(axis).selectAll('*').remove();
    },
  };
}
