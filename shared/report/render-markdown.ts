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

function noteLines(placed: PlacedAnnotation): string[] {
  const a = placed.annotation;
  const head = `**Note ${placed.number}** · ${escapeMarkdown(`${placed.where} · ${a.author || 'unknown author'}${a.at ? ` · ${a.at}` : ''}`)}`;
  return ['', ...[head, '', ...richTextMarkdown(parseRichText(a.text))].map((l) => (l ? `> ${l}` : '>'))];
}

function notesLines(list: PlacedAnnotation[] | undefined): string[] {
  return (list ?? []).flatMap(noteLines);
}

function verdictLineMarkdown(finding: Finding): string {
  const p = verdictLineParts(finding);
  const facts = [p.reason, p.confidence].filter(Boolean).join(' · ');
  return `**${p.outcome}** ${markdownCode(p.flow)} ${escapeMarkdown(`${p.where} ${p.who}`)}${p.rule ? `, rule ${markdownCode(p.rule)}` : ''} ${escapeMarkdown(`[${facts}]`)}`;
}

function findingLines(finding: Finding, index: number, verdict: Verdict, places: AnnotationPlaces, options: Required<MarkdownOptions>, files: ReportFile[]): string[] {
  const number = index + 1;
  const notes: FindingNotes = places.findings[index];
  const p = verdictLineParts(finding);
  const out: string[] = ['', `## Finding ${number}: ${markdownCode(p.flow)} ${p.outcome.toLowerCase()}`, '', verdictLineMarkdown(finding), ''];
  const caption = `Figure ${number}a. Timeline of ${p.flow}: one lane per artifact grouped by host; red: the last attempt's path, ending at the drop (${p.where}).`;
  if (finding.timeline.length) {
    if (options.figures === 'inline') {
      out.push('<div class="timeline-figure">', renderTimelineFigure(finding, verdict, { number, badges: notes.badges }), '</div>', '');
    } else {
      const name = `${options.assetBase}-finding-${number}-timeline.svg`;
      files.push({ name, mimeType: 'image/svg+xml', content: renderTimelineFigure(finding, verdict, { number, badges: notes.badges, standalone: true }) });
      out.push(`![${escapeMarkdown(caption)}](${name})`, '');
    }
    out.push(`*${escapeMarkdown(caption)}*`, '');
  }
  out.push(escapeMarkdown(finding.explanation));
  out.push(...notesLines(notes.general));

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
    ['Flow', flowText(finding.flow) + (translatedText(finding) ? ` (${translatedText(finding)})` : '')],
    ['Hook', d?.hook ?? 'not determined'],
    ['Drop reason', d?.reason ?? null],
    ['Freed at', d?.location ?? null],
    ['Owner', ownerText(d?.owner)],
    ['skb', d?.skb.length ? d.skb.join(', ') : null],
    ['Confidence', finding.confidence],
    ['Finding code', finding.code],
  ];
  out.push('', '### Facts', '', ...facts.filter(([, v]) => v).map(([k, v]) => `- **${k}:** ${escapeMarkdown(v ?? '')}`));
  if (d?.owner.rule) out.push(`- **Rule:** ${markdownCode(d.owner.rule)}`);

  out.push('', '### Timeline', '');
  const last = finding.timeline.length - 1;
  out.push(...table(['Time (UTC)', 'Artifact', 'Where', 'What'], finding.timeline.map((e, i) => [cell(timeOfDay(e.t)), cell(e.artifact), cell(e.ref), i === last ? `**${cell(`✗ ${e.what}`)}**` : cell(e.what)])));
  for (const [row, placed] of notes.timeline) {
    const e = finding.timeline[row];
    out.push('', `Notes on ${escapeMarkdown(`${timeOfDay(e.t)} ${e.artifact} ${e.ref}`)}:`, ...notesLines(placed));
  }

  out.push('', '### Evidence');
  if (finding.evidence.length === 0) out.push('', 'No evidence lines.');
  finding.evidence.forEach((e, i) => {
    out.push('', `**${escapeMarkdown(`${e.artifact} · ${e.ref}`)}**`, '', markdownFence(e.text, 'text'));
    out.push(...notesLines(notes.evidence.get(i)));
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
  const places = placeAnnotations(verdict, input.annotations);
  const files: ReportFile[] = [];
  const caveats = reportCaveats(verdict);
  const out: string[] = [
    `# ${escapeMarkdown(meta.title)}`,
    '',
    `**Hookline postmortem** · ${escapeMarkdown(`case ${meta.caseName} · generated ${meta.generatedAt} · ${meta.generator} · kernel host ${verdict.kernelHost?.addresses.join(', ') || 'not determined'}`)}`,
    '',
    '## Summary',
    '',
    escapeMarkdown(reportSummary(verdict)),
  ];
  if (verdict.findings.length) out.push('', ...verdict.findings.map((f, i) => `${i + 1}. ${verdictLineMarkdown(f)}`));
  verdict.findings.forEach((f, i) => out.push(...findingLines(f, i, verdict, places, opts, files)));

  out.push('', '## Method and caveats', '', '### Clock offsets', '');
  if (caveats.clocks.length) out.push(...table(['Artifact', 'Placed on the wall clock', 'Uncertainty', 'Method'], caveats.clocks.map((c) => [cell(c.artifact), cell(c.offset), cell(c.uncertainty), cell(c.method)])));
  else out.push('Every artifact carries its own wall-clock time; no clock was moved.');
  out.push('', '### Lost events', '', ...bullets(caveats.lostEvents, 'No tracer reported lost events.'));
  out.push('', '### What the artifacts do not cover', '', ...bullets([...caveats.coverage, ...caveats.uncertainFindings], 'Captures, kernel traces, rulesets and hook listings were all given.'));
  out.push('', '### Artifacts not recognised or with warnings', '', ...bullets([...caveats.unrecognised.map((n) => `${n}: no format recognised it; it was not analysed.`), ...caveats.warnings.map((w) => `${w.artifact}: ${w.count} warning(s), listed in the inventory.`)], 'Every artifact was recognised and read without warnings.'));
  out.push('', '### Engine notes', '', ...bullets(caveats.notes, 'None.'));

  const collect = collectNext(verdict);
  out.push('', '## What to collect next', '');
  if (collect.length) {
    const script = collect.map((item) => {
      const why = [item.note, item.findings.length ? `settles finding ${item.findings.join(', ')}` : null].filter(Boolean).join('; ');
      return `${why ? `# ${why}\n` : ''}${item.command}`;
    });
    out.push('Run these on the affected host (as root) and add the outputs to the case; each comment says what it settles.', '', markdownFence(script.join('\n\n'), 'sh'));
  } else out.push('Nothing: the artifacts settle every finding.');

  if (places.unplaced.length) out.push('', '## Other notes', ...notesLines(places.unplaced));

  out.push('', '## Artifact inventory', '', 'The files as received: format detected from content, records read, size in bytes and SHA-256 of the bytes.', '');
  out.push(...table(['Artifact', 'Format', 'Records', 'Bytes', 'SHA-256', 'Warnings'], verdict.artifacts.map((a) => [cell(a.name), cell(a.format), String(a.records), String(a.size), markdownCode(a.sha256, true), String(a.warnings.length)])));
  for (const a of verdict.artifacts) {
    const header = metaText(a.meta);
    if (header) out.push('', `Header of ${escapeMarkdown(a.name)}: ${escapeMarkdown(header)}`);
    if (a.warnings.length) out.push('', `Warnings of ${escapeMarkdown(a.name)}:`, '', markdownFence(a.warnings.slice(0, 20).join('\n') + (a.warnings.length > 20 ? `\n… ${a.warnings.length - 20} more` : ''), 'text'));
    const placed = places.artifacts.get(a.name);
    if (placed) out.push('', `Notes on ${escapeMarkdown(a.name)}:`, ...notesLines(placed));
  }
  out.push('', '---', '', `*${escapeMarkdown(`${meta.generator} · generated ${meta.generatedAt}. The JSON bundle of the same verdict is the machine-readable form.`)}*`, '');
  return { markdown: out.join('\n'), files };
}
