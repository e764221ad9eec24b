// The report's one stylesheet, inlined in the HTML (the file makes no request). Screen and print: A4 pages,
// a new page per finding after the first and per closing section, figures and cards never split, colours kept
// in print. CJK-capable font stack first so a translated report needs no CSS change.
// Ref: CSS Paged Media Level 3 (@page), CSS Fragmentation Level 3 (break-before / break-inside),
// CSS Color Adjustment Level 1 (print-color-adjust).

/** The stylesheet of the HTML report. */
export const reportCss = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --soft: #f9fafb; --red: #c81e1e; --red-soft: #fef2f2;
  --green: #15803d; --amber: #b45309; --note: #fffbeb; --note-line: #f59e0b;
  --sans: "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", system-ui, sans-serif;
  --mono: "Noto Sans Mono CJK SC", "Noto Sans Mono", "DejaVu Sans Mono", ui-monospace, monospace; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 940px; padding: 28px 32px 48px; font-family: var(--sans); font-size: 14px; line-height: 1.5; color: var(--ink); background: #fff; }
code, pre, .mono { font-family: var(--mono); font-size: 0.88em; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h1 { font-size: 24px; margin: 2px 0 10px; }
h2 { font-size: 18px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: 0.04em; color: #374151; }
p { margin: 0 0 10px; }
a { color: inherit; }
.report-header { border-top: 6px solid var(--ink); padding-top: 12px; margin-bottom: 18px; }
.kicker { margin: 0; font-size: 11px; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; color: var(--red); }
.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 0; font-size: 12px; color: var(--muted); }
.meta dt { font-weight: 600; color: #374151; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.summary { background: var(--soft); border-left: 4px solid var(--ink); padding: 12px 16px; margin: 14px 0 10px; }
.summary p:last-child { margin-bottom: 0; }
.verdict-lines { list-style: none; padding: 0; margin: 0 0 8px; }
.verdict-line { margin: 6px 0; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; }
.verdict-line .flow { font-family: var(--mono); font-weight: 700; }
.verdict-line code { background: var(--soft); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: 0.05em; padding: 1px 7px; border-radius: 10px; margin-right: 6px; color: #fff; background: var(--muted); }
.badge-dropped, .badge-rejected { background: var(--red); }
.badge-reset { background: var(--amber); }
.badge-delivered { background: var(--green); }
.confidence { font-size: 11px; color: var(--muted); white-space: nowrap; }
.finding > h2 .flow { font-family: var(--mono); }
.explanation { margin-top: 8px; }
figure { margin: 12px 0; }
figcaption { font-size: 11.5px; color: var(--muted); margin-top: 4px; }
.timeline-box { border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
svg.timeline-figure { display: block; width: 100%; height: auto; }
.hook-path { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px 16px; }
.hook-step { position: relative; flex: 1 1 150px; max-width: 230px; border: 1.5px solid #9ca3af; border-radius: 6px; padding: 6px 8px; font-size: 12px; display: flex; flex-direction: column; gap: 2px; }
.hook-step + .hook-step::before { content: "›"; position: absolute; left: -13px; top: 40%; color: var(--muted); font-size: 16px; }
.hook-prio { font-size: 10.5px; color: var(--muted); }
.hook-label { font-weight: 700; overflow-wrap: anywhere; }
.hook-rule { font-size: 10.5px; overflow-wrap: anywhere; color: #374151; }
.hook-fate { font-weight: 700; margin-top: auto; }
.hook-symbol { font-size: 15px; }
.hook-source { font-size: 10px; color: var(--muted); overflow-wrap: anywhere; }
.hook-accept { border-color: var(--green); }
.hook-accept .hook-fate { color: var(--green); }
.hook-drop { border-color: var(--red); background: var(--red-soft); border-width: 2.5px; }
.hook-drop .hook-fate { color: var(--red); }
.hook-other .hook-fate { color: var(--amber); }
.hook-unknown .hook-fate { color: var(--muted); }
.hook-not-reached { opacity: 0.55; border-style: dashed; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 12.5px; margin: 8px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--line); }
th { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border-bottom: 1.5px solid #9ca3af; }
td { overflow-wrap: break-word; }
td.time, td.ref, td.num { white-space: nowrap; font-family: var(--mono); font-size: 11px; }
td.num { text-align: right; }
td.hash { font-family: var(--mono); font-size: 10px; word-break: break-all; min-width: 180px; }
tr.drop-row td { color: var(--red); font-weight: 600; }
tr.note-row td { border-bottom: none; padding-top: 0; }
.evidence { list-style: none; padding: 0; margin: 0; }
.evidence > li { margin: 0 0 8px; }
.evidence-source { font-size: 11.5px; font-weight: 600; color: #374151; }
.evidence pre, pre.excerpt { margin: 2px 0 0; padding: 6px 10px; background: var(--soft); border-left: 3px solid #9ca3af; white-space: pre-wrap; word-break: break-all; }
.note { background: var(--note); border: 1px solid #fcd34d; border-left: 4px solid var(--note-line); border-radius: 4px; padding: 6px 10px; margin: 6px 0; font-size: 12.5px; }
.note-head { font-size: 11px; font-weight: 700; color: #92400e; margin-bottom: 2px; }
.note p { margin: 0 0 4px; }
.note pre { white-space: pre-wrap; word-break: break-all; background: #fff; padding: 4px 6px; margin: 2px 0; }
.note-url { color: var(--muted); overflow-wrap: anywhere; }
.note-table th, .note-table td { font-size: 11.5px; }
.commands { margin: 6px 0 12px; padding: 10px 12px; background: #f3f4f6; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; word-break: break-word; }
.commands .comment { color: var(--muted); }
.plain-list { margin: 4px 0 10px; padding-left: 20px; }
.plain-list li { margin: 2px 0; }
.muted { color: var(--muted); }
.artifact-meta { font-size: 10.5px; color: var(--muted); overflow-wrap: anywhere; }
.report-footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 11px; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 0; }
  .page-break { break-before: page; }
  h2, h3, .evidence-source, .note-head { break-after: avoid; }
  figure, .verdict-line, .hook-step, .note, .evidence > li, tr, .facts, .summary { break-inside: avoid; }
}
`;
