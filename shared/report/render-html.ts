import type { Finding, Verdict } from '../model/verdict';
import { placeAnnotations, type AnnotationPlaces, type FindingNotes, type PlacedAnnotation } from './annotation-places';
import { collectNext, type CollectItem } from './collect-next';
import { flowText, ownerText, translatedText, verdictLineParts } from './finding-text';
import { renderHookPathFigure } from './hook-path-figure';
import { metaText } from './artifact-meta-text';
import { reportCaveats, type Caveats } from './report-caveats';
import { reportCss } from './report-css';
import type { ReportInput, ReportMeta } from './report-model';
import { reportSummary } from './report-summary';
import { timeOfDay } from './report-time';
import { parseRichText } from './rich-text';
import { richTextHtml } from './rich-text-html';
import { element, text } from './svg-builder';
import { renderTimelineFigure } from './timeline-figure';

// The postmortem as ONE self-contained HTML file: inline CSS, no script, no request (a CSP meta tag forbids any
// load even if a later change slipped one in), printable to A4. Every string from the verdict or an annotation
// goes through escapeHtml (via svg-builder's element/text); nothing else writes markup.
// Sections as issue 7 lists them: summary + verdict lines, per finding the timeline figure, the hook path,
// the evidence with its source lines and the notes in place; method and caveats; what to collect next; the
// artifact inventory with SHA-256.

/** The Content Security Policy of the report: nothing may load; inline styles only. Ref: CSP Level 3 §6. */
export const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Timeline rows printed per finding; longer timelines keep their first and last rows (the figure has them all). */
const MAX_TIMELINE_ROWS = 400;

/** Renders notes; a note shown twice (a time range over two findings) keeps its id and landmark name once. */
type NotesHtml = (list: PlacedAnnotation[] | undefined) => string;

function notesRenderer(): NotesHtml {
  const times = new Map<number, number>();
  return (list) =>
    (list ?? [])
      .map((placed) => {
        const a = placed.annotation;
        const seen = times.get(placed.number) ?? 0;
        times.set(placed.number, seen + 1);
        const again = seen > 0 ? ` (again, ${seen + 1})` : '';
        const head = `Note ${placed.number}${again} · ${placed.where} · ${a.author || 'unknown author'}${a.at ? ` · ${a.at}` : ''}`;
        return element('aside', { class: 'note', id: seen ? null : `note-${placed.number}`, 'aria-label': `Note ${placed.number}${again}` }, element('div', { class: 'note-head' }, text(head)), richTextHtml(parseRichText(a.text)));
      })
      .join('');
}

function verdictLineHtml(finding: Finding, number: number): string {
  const p = verdictLineParts(finding);
  const flow = element('span', { class: 'flow' }, text(p.flow));
  return element(
    'li',
    { class: 'verdict-line' },
    element('span', { class: `badge badge-${finding.outcome}` }, text(p.outcome)),
    element('a', { href: `#finding-${number}` }, flow),
    ' ',
    text(`${p.where} ${p.who}`),
    p.rule ? [text(', rule '), element('code', {}, text(p.rule))].join('') : '',
    ' ',
    element('span', { class: 'confidence' }, text(`[${[p.reason, p.confidence].filter(Boolean).join(' · ')}]`)),
  );
}

function headerHtml(meta: ReportMeta, verdict: Verdict): string {
  const facts: [string, string][] = [
    ['Case', meta.caseName],
    ['Generated', meta.generatedAt],
    ['Artifacts', String(verdict.artifacts.length)],
    ['Findings', String(verdict.findings.length)],
    ['Generator', meta.generator],
    ['Kernel host', verdict.kernelHost?.addresses.join(', ') || 'not determined'],
  ];
  return element(
    'header',
    { class: 'report-header' },
    element('p', { class: 'kicker' }, 'Hookline postmortem'),
    element('h1', {}, text(meta.title)),
    element('dl', { class: 'meta' }, ...facts.map(([k, v]) => element('dt', {}, text(k)) + element('dd', {}, text(v)))),
  );
}

function summaryHtml(verdict: Verdict): string {
  return element(
    'section',
    { id: 'summary', 'aria-labelledby': 'summary-title' },
    element('h2', { id: 'summary-title' }, 'Summary'),
    element('div', { class: 'summary' }, element('p', {}, text(reportSummary(verdict)))),
    verdict.findings.length ? element('ol', { class: 'verdict-lines' }, ...verdict.findings.map((f, i) => verdictLineHtml(f, i + 1))) : '',
  );
}

function factsHtml(finding: Finding): string {
  const d = finding.drop;
  const facts: [string, string | null][] = [
    ['Flow', flowText(finding.flow) + (translatedText(finding) ? ` (${translatedText(finding)})` : '')],
    ['Outcome', finding.outcome],
    ['Hook', d?.hook ?? 'not determined'],
    ['Drop reason', d?.reason ?? null],
    ['Freed at', d?.location ?? null],
    ['Owner', ownerText(d?.owner)],
    ['Rule', d?.owner.rule ?? null],
    ['skb', d?.skb.length ? d.skb.join(', ') : null],
    ['Confidence', finding.confidence],
    ['Finding code', finding.code],
    ['Still open', finding.missing.length ? `${finding.missing.length} command(s) under "What to collect next"` : null],
  ];
  return element('dl', { class: 'facts' }, ...facts.filter(([, v]) => v !== null && v !== '').map(([k, v]) => element('dt', {}, text(k)) + element('dd', {}, text(v ?? ''))));
}

function timelineTableHtml(finding: Finding, notes: FindingNotes, notesHtml: NotesHtml): string {
  const rows: string[] = [];
  const n = finding.timeline.length;
  const keep = (i: number) => n <= MAX_TIMELINE_ROWS || i < 50 || i >= n - (MAX_TIMELINE_ROWS - 50);
  finding.timeline.forEach((e, i) => {
    if (!keep(i)) {
      if (i === 50) rows.push(element('tr', {}, element('td', { colspan: 4, class: 'muted' }, text(`… ${n - MAX_TIMELINE_ROWS} entries not listed (all are in the figure and the JSON bundle)`))));
      return;
    }
    rows.push(
      element(
        'tr',
        { class: i === n - 1 ? 'drop-row' : null },
        element('td', { class: 'time' }, text(timeOfDay(e.t))),
        element('td', {}, text(e.artifact)),
        element('td', { class: 'ref' }, text(e.ref)),
        element('td', {}, text(i === n - 1 ? `✗ ${e.what}` : e.what)),
      ),
    );
    const placed = notes.timeline.get(i);
    if (placed) rows.push(element('tr', { class: 'note-row' }, element('td', { colspan: 4 }, notesHtml(placed))));
  });
  return element(
    'table',
    { class: 'timeline-table' },
    element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Time (UTC)'), element('th', { scope: 'col' }, 'Artifact'), element('th', { scope: 'col' }, 'Where'), element('th', { scope: 'col' }, 'What'))),
    element('tbody', {}, ...rows),
  );
}

function evidenceHtml(finding: Finding, notes: FindingNotes, notesHtml: NotesHtml): string {
  if (finding.evidence.length === 0) return element('p', { class: 'muted' }, 'No evidence lines.');
  return element(
    'ol',
    { class: 'evidence' },
    ...finding.evidence.map((e, i) => element('li', {}, element('div', { class: 'evidence-source' }, text(`${e.artifact} · ${e.ref}`)), element('pre', {}, text(e.text)), notesHtml(notes.evidence.get(i)))),
  );
}

function findingHtml(finding: Finding, index: number, verdict: Verdict, places: AnnotationPlaces, notesHtml: NotesHtml): string {
  const number = index + 1;
  const notes = places.findings[index];
  const p = verdictLineParts(finding);
  const figure = finding.timeline.length
    ? element(
        'figure',
        {},
        element('div', { class: 'timeline-box' }, renderTimelineFigure(finding, verdict, { number, badges: notes.badges })),
        element('figcaption', {}, text(`Figure ${number}a. Timeline of ${p.flow} on the corrected wall clock, one lane per artifact grouped by host. Red: the last attempt's path, ending at the drop (${p.where}). Yellow badges: notes.`)),
      )
    : element('p', { class: 'muted' }, 'No timeline entries.');
  return element(
    'section',
    { class: `finding${index > 0 ? ' page-break' : ''}`, id: `finding-${number}`, 'aria-labelledby': `finding-${number}-title` },
    element('h2', { id: `finding-${number}-title` }, text(`Finding ${number}: `), element('span', { class: 'flow' }, text(p.flow)), text(` ${p.outcome.toLowerCase()}`)),
    figure,
    element('p', { class: 'explanation' }, text(finding.explanation)),
    notesHtml(notes.general),
    renderHookPathFigure(finding, number),
    element('h3', {}, 'Facts'),
    factsHtml(finding),
    element('h3', {}, 'Timeline'),
    timelineTableHtml(finding, notes, notesHtml),
    element('h3', {}, 'Evidence'),
    evidenceHtml(finding, notes, notesHtml),
  );
}

function listHtml(items: string[], empty: string): string {
  return items.length ? element('ul', { class: 'plain-list' }, ...items.map((i) => element('li', {}, text(i)))) : element('p', { class: 'muted' }, text(empty));
}

function methodHtml(caveats: Caveats): string {
  const clocks = caveats.clocks.length
    ? element(
        'table',
        {},
        element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Artifact'), element('th', { scope: 'col' }, 'Placed on the wall clock'), element('th', { scope: 'col' }, 'Uncertainty'), element('th', { scope: 'col' }, 'Method'))),
        element('tbody', {}, ...caveats.clocks.map((c) => element('tr', {}, element('td', {}, text(c.artifact)), element('td', { class: 'ref' }, text(c.offset)), element('td', { class: 'ref' }, text(c.uncertainty)), element('td', {}, text(c.method))))),
      )
    : element('p', { class: 'muted' }, 'Every artifact carries its own wall-clock time; no clock was moved.');
  return element(
    'section',
    { id: 'method', class: 'page-break', 'aria-labelledby': 'method-title' },
    element('h2', { id: 'method-title' }, 'Method and caveats'),
    element('p', {}, 'Formats are detected from content, never from file names. Since-boot and time-of-day clocks are put on the wall clock of the captures by matching events to packets; kernel events are joined to packets by skb address and time (an address is reused within milliseconds, so identity is address and lifetime). Rules are evaluated against the packet headers; an owner is named only where the artifacts show it.'),
    element('h3', {}, 'Clock offsets'),
    clocks,
    element('h3', {}, 'Lost events'),
    listHtml(caveats.lostEvents, 'No tracer reported lost events.'),
    element('h3', {}, 'What the artifacts do not cover'),
    listHtml([...caveats.coverage, ...caveats.uncertainFindings], 'Captures, kernel traces, rulesets and hook listings were all given.'),
    element('h3', {}, 'Artifacts not recognised or with warnings'),
    listHtml([...caveats.unrecognised.map((n) => `${n}: no format recognised it; it was not analysed.`), ...caveats.warnings.map((w) => `${w.artifact}: ${w.count} warning(s), listed in the inventory.`)], 'Every artifact was recognised and read without warnings.'),
    element('h3', {}, 'Engine notes'),
    listHtml(caveats.notes, 'None.'),
  );
}

function collectHtml(items: CollectItem[]): string {
  const body = items.length
    ? element(
        'pre',
        { class: 'commands' },
        element(
          'code',
          {},
          items
            .map((item) => {
              const why = [item.note, item.findings.length ? `settles finding ${item.findings.join(', ')}` : null].filter(Boolean).join('; ');
              return (why ? element('span', { class: 'comment' }, text(`# ${why}`)) + '\n' : '') + text(item.command);
            })
            .join('\n\n'),
        ),
      )
    : element('p', {}, 'Nothing: the artifacts settle every finding.');
  return element(
    'section',
    { id: 'collect', 'aria-labelledby': 'collect-title' },
    element('h2', { id: 'collect-title' }, 'What to collect next'),
    items.length ? element('p', {}, 'Run these on the affected host (as root) and add the outputs to the case; each comment says what it settles.') : '',
    body,
  );
}

function inventoryHtml(verdict: Verdict, places: AnnotationPlaces, notesHtml: NotesHtml): string {
  const rows = verdict.artifacts.flatMap((a) => {
    const row = element(
      'tr',
      {},
      element('td', {}, text(a.name)),
      element('td', {}, text(a.format)),
      element('td', { class: 'num' }, text(String(a.records))),
      element('td', { class: 'num' }, text(String(a.size))),
      element('td', { class: 'hash' }, text(a.sha256)),
      element('td', { class: 'num' }, text(String(a.warnings.length))),
    );
    const extra: string[] = [];
    const header = metaText(a.meta);
    if (header) extra.push(element('div', { class: 'artifact-meta' }, text(header)));
    if (a.warnings.length) extra.push(element('pre', { class: 'excerpt' }, text(a.warnings.slice(0, 20).join('\n') + (a.warnings.length > 20 ? `\n… ${a.warnings.length - 20} more` : ''))));
    extra.push(notesHtml(places.artifacts.get(a.name)));
    const detail = extra.join('');
    return detail ? [row, element('tr', { class: 'note-row' }, element('td', { colspan: 6 }, detail))] : [row];
  });
  return element(
    'section',
    { id: 'inventory', class: 'page-break', 'aria-labelledby': 'inventory-title' },
    element('h2', { id: 'inventory-title' }, 'Artifact inventory'),
    element('p', {}, 'The files as received: format detected from content, records read, size in bytes and SHA-256 of the bytes (the originals are never modified).'),
    element(
      'table',
      {},
      element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Artifact'), element('th', { scope: 'col' }, 'Format'), element('th', { scope: 'col' }, 'Records'), element('th', { scope: 'col' }, 'Bytes'), element('th', { scope: 'col' }, 'SHA-256'), element('th', { scope: 'col' }, 'Warnings'))),
      element('tbody', {}, ...rows),
    ),
  );
}

/** Renders the report as one self-contained HTML document. */
export function renderHtml(input: ReportInput): string {
  const { meta, verdict } = input;
  const places = placeAnnotations(verdict, input.annotations);
  const notesHtml = notesRenderer();
  const other = places.unplaced.length
    ? element('section', { id: 'other-notes', 'aria-labelledby': 'other-notes-title' }, element('h2', { id: 'other-notes-title' }, 'Other notes'), notesHtml(places.unplaced))
    : '';
  const body = [
    headerHtml(meta, verdict),
    element(
      'main',
      {},
      summaryHtml(verdict),
      ...verdict.findings.map((f, i) => findingHtml(f, i, verdict, places, notesHtml)),
      methodHtml(reportCaveats(verdict)),
      collectHtml(collectNext(verdict)),
      other,
      inventoryHtml(verdict, places, notesHtml),
    ),
    element('footer', { class: 'report-footer' }, text(`${meta.generator} · generated ${meta.generatedAt} · self-contained report: no script, no external resource. The JSON bundle of the same verdict is the machine-readable form.`)),
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${text(meta.locale || 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${text(reportPolicy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${text(meta.generator)}">`,
    `<title>${text(meta.title)}</title>`,
    `<style>${reportCss}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
