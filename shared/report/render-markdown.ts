import type { Finding, Verdict } from '../model/verdict';
import { placeAnnotations, type AnnotationPlaces, type FindingNotes, type PlacedAnnotation } from './annotation-places';
import { metaText } from './artifact-meta-text';
import { collectNext } from './collect-next';
import { escapeMarkdown, markdownCode, markdownFence } from './escape-markdown';
import { flowText, ownerText, translatedText, verdictLineParts } from './finding-text';
import { hookPathView } from './hook-path-fate';
import { reportCaveats } from './report-caveats';
import type { ReportFile, ReportInput } from './report-model';
import { reportSummary } from './report-summary';
import { timeOfDay } from './report-time';
import { parseRichText } from './rich-text';
import { richTextMarkdown } from './rich-text-markdown';
import { renderTimelineFigure } from './timeline-figure';
import { reportWords, type ReportWords } from './report-words';

// The same report as Markdown (CommonMark + GFM tables), for tickets and wikis. Untrusted text is escaped
// (escape-markdown.ts), evidence goes in fenced blocks, and the timeline figures are SVG files beside the
// Markdown (returned as side files) or, on request, inline SVG in an HTML block for single-file viewers.

/** How the Markdown report carries its figures. */
export interface MarkdownOptions {
  /** `files`: sibling `.svg` files referenced as images (default); `inline`: SVG inside the Markdown. */
  figures?: 'files' | 'inline';
  /** Start of the side files' names, usually the report's own name without extension. */
  assetBase?: string;
}

/** The Markdown text and the files to write beside it. */
export interface MarkdownReport {
  markdown: string;
  files: ReportFile[];
}

function safeFileBase(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'report';
}

function cell(value: string): string {
  return escapeMarkdown(value) || ' ';
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- |').join('')}`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function noteLines(placed: PlacedAnnotation, w: ReportWords): string[] {
  const a = placed.annotation;
  const head = `**${escapeMarkdown(w.t('report.note', { number: placed.number }))}** · ${escapeMarkdown(`${placed.where} · ${a.author || w.t('report.unknownAuthor')}${a.at ? ` · ${a.at}` : ''}`)}`;
  return ['', ...[head, '', ...richTextMarkdown(parseRichText(a.text))].map((l) => (l ? `> ${l}` : '>'))];
}

function notesLines(list: PlacedAnnotation[] | undefined, w: ReportWords): string[] {
  return (list ?? []).flatMap((placed) => noteLines(placed, w));
}

function verdictLineMarkdown(finding: Finding, w: ReportWords): string {
  const p = verdictLineParts(finding, w);
  const facts = [p.reason, p.confidence].filter(Boolean).join(' · ');
  return `**${p.outcome}** ${markdownCode(p.flow)} ${escapeMarkdown(`${p.where} ${p.who}`)}${p.rule ? `${escapeMarkdown(w.t('report.rule'))}${markdownCode(p.rule)}` : ''} ${escapeMarkdown(`[${facts}]`)}`;
}

function findingLines(finding: Finding, index: number, verdict: Verdict, places: AnnotationPlaces, options: Required<MarkdownOptions>, files: ReportFile[], w: ReportWords): string[] {
  const number = index + 1;
  const notes: FindingNotes = places.findings[index];
  const p = verdictLineParts(finding, w);
  const notesLinesOf = (list: PlacedAnnotation[] | undefined) => notesLines(list, w);
  const out: string[] = ['', `## ${escapeMarkdown(w.t('report.finding', { number }))}${markdownCode(p.flow)} ${escapeMarkdown(w.t(`finding.outcome.${finding.outcome}`))}`, '', verdictLineMarkdown(finding, w), ''];
  const caption = w.t('report.mdCaption', { number, flow: p.flow, where: p.where });
  if (finding.timeline.length) {
    if (options.figures === 'inline') {
      out.push('<div class="timeline-figure">', renderTimelineFigure(finding, verdict, { number, badges: notes.badges, words: w }), '</div>', '');
    } else {
      const name = `${options.assetBase}-finding-${number}-timeline.svg`;
      files.push({ name, mimeType: 'image/svg+xml', content: renderTimelineFigure(finding, verdict, { number, badges: notes.badges, standalone: true, words: w }) });
      out.push(`![${escapeMarkdown(caption)}](${name})`, '');
    }
    out.push(`*${escapeMarkdown(caption)}*`, '');
  }
  out.push(escapeMarkdown(w.explanation(finding)));
  out.push(...notesLinesOf(notes.general));

  const view = hookPathView(finding.hookPath);
  if (view.length) {
    out.push('', `### Hook path at ${escapeMarkdown(finding.drop?.hook ?? 'the dropping hook')}, in priority order`, '');
    out.push(
      ...table(
        ['#', 'Priority', 'Entry', 'Rule', 'Fate', 'Known from'],
        view.map((v, i) => [String(i + 1), cell(v.step.priority === null ? '?' : String(v.step.priority)), `${cell(v.step.label)} (${cell(v.step.kind)})`, v.step.rule ? markdownCode(v.step.rule, true) : ' ', v.fate === 'drop' ? `**${cell(`${v.symbol} ${v.label}`)}**` : cell(`${v.symbol} ${v.label}`), cell([v.step.artifact, v.step.ref].filter(Boolean).join(' '))]),
      ),
      '',
      '✓ let it pass, ✗ dropped it, ? code not read, – never reached.',
    );
  }

  const d = finding.drop;
  const facts: [string, string | null][] = [
    [w.t('report.fact.flow'), flowText(finding.flow) + (translatedText(finding) ? ` (${translatedText(finding)})` : '')],
    [w.t('report.fact.hook'), d?.hook ?? w.t('report.notDetermined')],
    [w.t('report.fact.reason'), d?.reason ?? null],
    [w.t('report.fact.freedAt'), d?.location ?? null],
    [w.t('report.fact.owner'), ownerText(d?.owner, w)],
    [w.t('report.fact.skb'), d?.skb.length ? d.skb.join(', ') : null],
    [w.t('report.fact.confidence'), w.t(`finding.confidence.${finding.confidence}`)],
    [w.t('report.fact.code'), finding.code],
  ];
  out.push('', `### ${w.t('report.facts')}`, '', ...facts.filter(([, v]) => v).map(([k, v]) => `- **${escapeMarkdown(k)}:** ${escapeMarkdown(v ?? '')}`));
  if (d?.owner.rule) out.push(`- **${escapeMarkdown(w.t('report.fact.rule'))}:** ${markdownCode(d.owner.rule)}`);

  out.push('', `### ${w.t('report.timeline')}`, '');
  const last = finding.timeline.length - 1;
  out.push(...table(['time', 'artifact', 'where', 'what'].map((c) => w.t(`report.col.${c}`)), finding.timeline.map((e, i) => [cell(timeOfDay(e.t)), cell(e.artifact), cell(e.ref), i === last ? `**${cell(`✗ ${w.what(e)}`)}**` : cell(w.what(e))])));
  for (const [row, placed] of notes.timeline) {
    const e = finding.timeline[row];
    out.push('', escapeMarkdown(w.t('report.notesOn', { what: `${timeOfDay(e.t)} ${e.artifact} ${e.ref}` })), ...notesLinesOf(placed));
  }

  out.push('', `### ${w.t('report.evidence')}`);
  if (finding.evidence.length === 0) out.push('', w.t('report.noEvidence'));
  finding.evidence.forEach((e, i) => {
    out.push('', `**${escapeMarkdown(`${e.artifact} · ${e.ref}`)}**`, '', markdownFence(e.text, 'text'));
    out.push(...notesLinesOf(notes.evidence.get(i)));
  });
  return out;
}

function bullets(items: string[], empty: string): string[] {
  return items.length ? items.map((i) => `- ${escapeMarkdown(i)}`) : [escapeMarkdown(empty)];
}

/** Renders the report as Markdown plus the figure files it references. */
export function renderMarkdown(input: ReportInput, options: MarkdownOptions = {}): MarkdownReport {
  const opts: Required<MarkdownOptions> = { figures: options.figures ?? 'files', assetBase: safeFileBase(options.assetBase ?? 'report') };
  const { meta, verdict } = input;
  const w = reportWords(meta.locale);
  const places = placeAnnotations(verdict, input.annotations);
  const files: ReportFile[] = [];
  const caveats = reportCaveats(verdict, w);
  const out: string[] = [
    `# ${escapeMarkdown(meta.title)}`,
    '',
    `**${escapeMarkdown(w.t('report.kicker'))}** · ${escapeMarkdown(w.t('report.mdMeta', { case: meta.caseName, at: meta.generatedAt, generator: meta.generator, host: verdict.kernelHost?.addresses.join(', ') || w.t('report.notDetermined') }))}`,
    '',
    `## ${w.t('report.summary')}`,
    '',
    escapeMarkdown(reportSummary(verdict, w)),
  ];
  if (verdict.findings.length) out.push('', ...verdict.findings.map((f, i) => `${i + 1}. ${verdictLineMarkdown(f, w)}`));
  verdict.findings.forEach((f, i) => out.push(...findingLines(f, i, verdict, places, opts, files, w)));

  out.push('', `## ${w.t('report.method')}`, '', `### ${w.t('report.clockOffsets')}`, '');
  if (caveats.clocks.length) out.push(...table(['artifact', 'placed', 'uncertainty', 'method'].map((c) => w.t(`report.col.${c}`)), caveats.clocks.map((c) => [cell(c.artifact), cell(c.offset), cell(c.uncertainty), cell(c.method)])));
  else out.push(w.t('report.noClockMoved'));
  out.push('', `### ${w.t('report.lostEvents')}`, '', ...bullets(caveats.lostEvents, w.t('report.noLostEvents')));
  out.push('', `### ${w.t('report.notCovered')}`, '', ...bullets([...caveats.coverage, ...caveats.uncertainFindings], w.t('report.allCovered')));
  out.push('', `### ${w.t('report.unrecognisedTitle')}`, '', ...bullets([...caveats.unrecognised.map((name) => w.t('report.unrecognised', { name })), ...caveats.warnings.map((x) => w.t('report.withWarnings', { name: x.artifact, count: x.count }))], w.t('report.allRecognised')));
  out.push('', `### ${w.t('report.engineNotes')}`, '', ...bullets(caveats.notes, w.t('report.none')));

  const collect = collectNext(verdict);
  out.push('', `## ${w.t('report.collect')}`, '');
  if (collect.length) {
    const script = collect.map((item) => {
      const why = [item.note, item.findings.length ? w.t('report.settles', { findings: item.findings.join(', ') }) : null].filter(Boolean).join('; ');
      return `${why ? `# ${why}\n` : ''}${item.command}`;
    });
    out.push(w.t('report.collectIntro'), '', markdownFence(script.join('\n\n'), 'sh'));
  } else out.push(w.t('report.collectNothing'));

  if (places.unplaced.length) out.push('', `## ${w.t('report.otherNotes')}`, ...notesLines(places.unplaced, w));

  out.push('', `## ${w.t('report.inventory')}`, '', w.t('report.inventoryIntro'), '');
  out.push(...table([...['artifact', 'format', 'records', 'bytes'].map((c) => w.t(`report.col.${c}`)), 'SHA-256', w.t('report.col.warnings')], verdict.artifacts.map((a) => [cell(a.name), cell(a.format), String(a.records), String(a.size), markdownCode(a.sha256, true), String(a.warnings.length)])));
  for (const a of verdict.artifacts) {
    const header = metaText(a.meta);
    if (header) out.push('', escapeMarkdown(w.t('report.headerOf', { name: a.name, header })));
    if (a.warnings.length) out.push('', escapeMarkdown(w.t('report.warningsOf', { name: a.name })), '', markdownFence(a.warnings.slice(0, 20).join('\n') + (a.warnings.length > 20 ? `\n${w.t('report.moreWarnings', { count: a.warnings.length - 20 })}` : ''), 'text'));
    const placed = places.artifacts.get(a.name);
    if (placed) out.push('', escapeMarkdown(w.t('report.notesOn', { what: a.name })), ...notesLines(placed, w));
  }
  out.push('', '---', '', `*${escapeMarkdown(w.t('report.footer', { generator: meta.generator, at: meta.generatedAt }))}*`, '');
  return { markdown: out.join('\n'), files };
}
