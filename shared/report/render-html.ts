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
import { reportWords, type ReportWords } from './report-words';

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

function notesRenderer(w: ReportWords): NotesHtml {
  const times = new Map<number, number>();
  return (list) =>
    (list ?? [])
      .map((placed) => {
        const a = placed.annotation;
        const seen = times.get(placed.number) ?? 0;
        times.set(placed.number, seen + 1);
        const label = seen > 0 ? w.t('report.noteAgain', { number: placed.number, times: seen + 1 }) : w.t('report.note', { number: placed.number });
        const head = `${label} · ${placed.where} · ${a.author || w.t('report.unknownAuthor')}${a.at ? ` · ${a.at}` : ''}`;
        return element('aside', { class: 'note', id: seen ? null : `note-${placed.number}`, 'aria-label': label }, element('div', { class: 'note-head' }, text(head)), richTextHtml(parseRichText(a.text)));
      })
      .join('');
}

function verdictLineHtml(finding: Finding, number: number, w: ReportWords): string {
  const p = verdictLineParts(finding, w);
  const flow = element('span', { class: 'flow' }, text(p.flow));
  return element(
    'li',
    { class: 'verdict-line' },
    element('span', { class: `badge badge-${finding.outcome}` }, text(p.outcome)),
    element('a', { href: `#finding-${number}` }, flow),
    ' ',
    text(`${p.where} ${p.who}`),
    p.rule ? [text(w.t('report.rule')), element('code', {}, text(p.rule))].join('') : '',
    ' ',
    element('span', { class: 'confidence' }, text(`[${[p.reason, p.confidence].filter(Boolean).join(' · ')}]`)),
  );
}

function headerHtml(meta: ReportMeta, verdict: Verdict, w: ReportWords): string {
  const facts: [string, string][] = [
    [w.t('report.meta.case'), meta.caseName],
    [w.t('report.meta.generated'), meta.generatedAt],
    [w.t('report.meta.artifacts'), String(verdict.artifacts.length)],
    [w.t('report.meta.findings'), String(verdict.findings.length)],
    [w.t('report.meta.generator'), meta.generator],
    [w.t('report.meta.kernelHost'), verdict.kernelHost?.addresses.join(', ') || w.t('report.notDetermined')],
  ];
  return element(
    'header',
    { class: 'report-header' },
    element('p', { class: 'kicker' }, text(w.t('report.kicker'))),
    element('h1', {}, text(meta.title)),
    element('dl', { class: 'meta' }, ...facts.map(([k, v]) => element('dt', {}, text(k)) + element('dd', {}, text(v)))),
  );
}

function summaryHtml(verdict: Verdict, w: ReportWords): string {
  return element(
    'section',
    { id: 'summary', 'aria-labelledby': 'summary-title' },
    element('h2', { id: 'summary-title' }, text(w.t('report.summary'))),
    element('div', { class: 'summary' }, element('p', {}, text(reportSummary(verdict, w)))),
    verdict.findings.length ? element('ol', { class: 'verdict-lines' }, ...verdict.findings.map((f, i) => verdictLineHtml(f, i + 1, w))) : '',
  );
}

function factsHtml(finding: Finding, w: ReportWords): string {
  const d = finding.drop;
  const code = w.t(`finding.code.${finding.code}`);
  const facts: [string, string | null][] = [
    [w.t('report.fact.flow'), flowText(finding.flow) + (translatedText(finding) ? ` (${translatedText(finding)})` : '')],
    [w.t('report.fact.outcome'), w.t(`finding.outcome.${finding.outcome}`)],
    [w.t('report.fact.hook'), d?.hook ?? w.t('report.notDetermined')],
    [w.t('report.fact.reason'), d?.reason ?? null],
    [w.t('report.fact.freedAt'), d?.location ?? null],
    [w.t('report.fact.owner'), ownerText(d?.owner, w)],
    [w.t('report.fact.rule'), d?.owner.rule ?? null],
    [w.t('report.fact.skb'), d?.skb.length ? d.skb.join(', ') : null],
    [w.t('report.fact.confidence'), w.t(`finding.confidence.${finding.confidence}`)],
    [w.t('report.fact.code'), code === `finding.code.${finding.code}` ? finding.code : `${finding.code} (${code})`],
    [w.t('report.fact.stillOpen'), finding.missing.length ? w.t('report.stillOpen', { count: finding.missing.length }) : null],
  ];
  return element('dl', { class: 'facts' }, ...facts.filter(([, v]) => v !== null && v !== '').map(([k, v]) => element('dt', {}, text(k)) + element('dd', {}, text(v ?? ''))));
}

function timelineTableHtml(finding: Finding, notes: FindingNotes, notesHtml: NotesHtml, w: ReportWords): string {
  const rows: string[] = [];
  const n = finding.timeline.length;
  const keep = (i: number) => n <= MAX_TIMELINE_ROWS || i < 50 || i >= n - (MAX_TIMELINE_ROWS - 50);
  finding.timeline.forEach((e, i) => {
    if (!keep(i)) {
      if (i === 50) rows.push(element('tr', {}, element('td', { colspan: 4, class: 'muted' }, text(w.t('report.rowsNotListed', { count: n - MAX_TIMELINE_ROWS })))));
      return;
    }
    rows.push(
      element(
        'tr',
        { class: i === n - 1 ? 'drop-row' : null },
        element('td', { class: 'time' }, text(timeOfDay(e.t))),
        element('td', {}, text(e.artifact)),
        element('td', { class: 'ref' }, text(e.ref)),
        element('td', {}, text(i === n - 1 ? `✗ ${w.what(e)}` : w.what(e))),
      ),
    );
    const placed = notes.timeline.get(i);
    if (placed) rows.push(element('tr', { class: 'note-row' }, element('td', { colspan: 4 }, notesHtml(placed))));
  });
  return element(
    'table',
    { class: 'timeline-table' },
    element('thead', {}, element('tr', {}, ...['time', 'artifact', 'where', 'what'].map((c) => element('th', { scope: 'col' }, text(w.t(`report.col.${c}`)))))),
    element('tbody', {}, ...rows),
  );
}

function evidenceHtml(finding: Finding, notes: FindingNotes, notesHtml: NotesHtml, w: ReportWords): string {
  if (finding.evidence.length === 0) return element('p', { class: 'muted' }, text(w.t('report.noEvidence')));
  return element(
    'ol',
    { class: 'evidence' },
    ...finding.evidence.map((e, i) => element('li', {}, element('div', { class: 'evidence-source' }, text(`${e.artifact} · ${e.ref}`)), element('pre', {}, text(e.text)), notesHtml(notes.evidence.get(i)))),
  );
}

function findingHtml(finding: Finding, index: number, verdict: Verdict, places: AnnotationPlaces, notesHtml: NotesHtml, w: ReportWords): string {
  const number = index + 1;
  const notes = places.findings[index];
  const p = verdictLineParts(finding, w);
  const figure = finding.timeline.length
    ? element(
        'figure',
        {},
        element('div', { class: 'timeline-box' }, renderTimelineFigure(finding, verdict, { number, badges: notes.badges, words: w })),
        element('figcaption', {}, text(w.t('report.figureCaption', { number, flow: p.flow, where: p.where }))),
      )
    : element('p', { class: 'muted' }, text(w.t('report.noTimeline')));
  return element(
    'section',
    { class: `finding${index > 0 ? ' page-break' : ''}`, id: `finding-${number}`, 'aria-labelledby': `finding-${number}-title` },
    element('h2', { id: `finding-${number}-title` }, text(w.t('report.finding', { number })), element('span', { class: 'flow' }, text(p.flow)), text(` ${w.t(`finding.outcome.${finding.outcome}`)}`)),
    figure,
    element('p', { class: 'explanation' }, text(w.explanation(finding))),
    notesHtml(notes.general),
    renderHookPathFigure(finding, number),
    element('h3', {}, text(w.t('report.facts'))),
    factsHtml(finding, w),
    element('h3', {}, text(w.t('report.timeline'))),
    timelineTableHtml(finding, notes, notesHtml, w),
    element('h3', {}, text(w.t('report.evidence'))),
    evidenceHtml(finding, notes, notesHtml, w),
  );
}

function listHtml(items: string[], empty: string): string {
  return items.length ? element('ul', { class: 'plain-list' }, ...items.map((i) => element('li', {}, text(i)))) : element('p', { class: 'muted' }, text(empty));
}

function methodHtml(caveats: Caveats, w: ReportWords): string {
  const clocks = caveats.clocks.length
    ? element(
        'table',
        {},
        element('thead', {}, element('tr', {}, ...['artifact', 'placed', 'uncertainty', 'method'].map((c) => element('th', { scope: 'col' }, text(w.t(`report.col.${c}`)))))),
        element('tbody', {}, ...caveats.clocks.map((c) => element('tr', {}, element('td', {}, text(c.artifact)), element('td', { class: 'ref' }, text(c.offset)), element('td', { class: 'ref' }, text(c.uncertainty)), element('td', {}, text(c.method))))),
      )
    : element('p', { class: 'muted' }, text(w.t('report.noClockMoved')));
  return element(
    'section',
    { id: 'method', class: 'page-break', 'aria-labelledby': 'method-title' },
    element('h2', { id: 'method-title' }, text(w.t('report.method'))),
    element('p', {}, text(w.t('report.methodText'))),
    element('h3', {}, text(w.t('report.clockOffsets'))),
    clocks,
    element('h3', {}, text(w.t('report.lostEvents'))),
    listHtml(caveats.lostEvents, w.t('report.noLostEvents')),
    element('h3', {}, text(w.t('report.notCovered'))),
    listHtml([...caveats.coverage, ...caveats.uncertainFindings], w.t('report.allCovered')),
    element('h3', {}, text(w.t('report.unrecognisedTitle'))),
    listHtml([...caveats.unrecognised.map((name) => w.t('report.unrecognised', { name })), ...caveats.warnings.map((x) => w.t('report.withWarnings', { name: x.artifact, count: x.count }))], w.t('report.allRecognised')),
    element('h3', {}, text(w.t('report.engineNotes'))),
    listHtml(caveats.notes, w.t('report.none')),
  );
}

function collectHtml(items: CollectItem[], w: ReportWords): string {
  const body = items.length
    ? element(
        'pre',
        { class: 'commands' },
        element(
          'code',
          {},
          items
            .map((item) => {
              const why = [item.note, item.findings.length ? w.t('report.settles', { findings: item.findings.join(', ') }) : null].filter(Boolean).join('; ');
              return (why ? element('span', { class: 'comment' }, text(`# ${why}`)) + '\n' : '') + text(item.command);
            })
            .join('\n\n'),
        ),
      )
    : element('p', {}, text(w.t('report.collectNothing')));
  return element(
    'section',
    { id: 'collect', 'aria-labelledby': 'collect-title' },
    element('h2', { id: 'collect-title' }, text(w.t('report.collect'))),
    items.length ? element('p', {}, text(w.t('report.collectIntro'))) : '',
    body,
  );
}

function inventoryHtml(verdict: Verdict, places: AnnotationPlaces, notesHtml: NotesHtml, w: ReportWords): string {
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
    if (a.warnings.length) extra.push(element('pre', { class: 'excerpt' }, text(a.warnings.slice(0, 20).join('\n') + (a.warnings.length > 20 ? `\n${w.t('report.moreWarnings', { count: a.warnings.length - 20 })}` : ''))));
    extra.push(notesHtml(places.artifacts.get(a.name)));
    const detail = extra.join('');
    return detail ? [row, element('tr', { class: 'note-row' }, element('td', { colspan: 6 }, detail))] : [row];
  });
  return element(
    'section',
    { id: 'inventory', class: 'page-break', 'aria-labelledby': 'inventory-title' },
    element('h2', { id: 'inventory-title' }, text(w.t('report.inventory'))),
    element('p', {}, text(w.t('report.inventoryIntro'))),
    element(
      'table',
      {},
      element('thead', {}, element('tr', {}, ...['artifact', 'format', 'records', 'bytes'].map((c) => element('th', { scope: 'col' }, text(w.t(`report.col.${c}`)))), element('th', { scope: 'col' }, 'SHA-256'), element('th', { scope: 'col' }, text(w.t('report.col.warnings'))))),
      element('tbody', {}, ...rows),
    ),
  );
}

/** Renders the report as one self-contained HTML document. */
export function renderHtml(input: ReportInput): string {
  const { meta, verdict } = input;
  const w = reportWords(meta.locale);
  const places = placeAnnotations(verdict, input.annotations);
  const notesHtml = notesRenderer(w);
  const other = places.unplaced.length
    ? element('section', { id: 'other-notes', 'aria-labelledby': 'other-notes-title' }, element('h2', { id: 'other-notes-title' }, text(w.t('report.otherNotes'))), notesHtml(places.unplaced))
    : '';
  const body = [
    headerHtml(meta, verdict, w),
    element(
      'main',
      {},
      summaryHtml(verdict, w),
      ...verdict.findings.map((f, i) => findingHtml(f, i, verdict, places, notesHtml, w)),
      methodHtml(reportCaveats(verdict, w), w),
      collectHtml(collectNext(verdict), w),
      other,
      inventoryHtml(verdict, places, notesHtml, w),
    ),
    element('footer', { class: 'report-footer' }, text(w.t('report.footer', { generator: meta.generator, at: meta.generatedAt }))),
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${text(w.locale)}">`,
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
