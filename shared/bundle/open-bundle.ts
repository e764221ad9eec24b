import type { ArtifactSource } from '../formats/format';
import type { FactKind } from './bundle-commands';
import { bundleFacts, type BundleFacts } from './bundle-clock';
import { insideBundle, roleOf, sectionRole, type BundleKind, type BundleLayout } from './bundle-layout';
import { sectionSource, splitSections } from './supportconfig-sections';

// From the members a bundle kept to the artifacts Hookline ingests: sos command files as they are, supportconfig
// files split into one artifact per section it reads, and the host facts (date, uptime, hostname, uname) read here.

/** One artifact of a bundle with where it came from (shown to the engineer). */
export interface BundleArtifact {
  source: ArtifactSource;
  /** The command that made it, as the collector ran it. */
  command: string;
  /** The format the command's output should detect as. */
  expected: string;
  namespace: string | null;
}

/** A bundle opened: its artifacts, its facts, and how much of it was not read. */
export interface OpenedBundle {
  kind: BundleKind;
  root: string;
  artifacts: BundleArtifact[];
  facts: BundleFacts;
  /** Files (and supportconfig sections) not read. */
  ignored: number;
  /** The sos files the facts were read from (a folder's bundle hangs its facts on the first: there is no archive). */
  factSources: ArtifactSource[];
  /** One line for the engineer: "sosreport of srv: 14 files read, 4 812 other files ignored". */
  summary: string;
}

function text(source: ArtifactSource): string {
  const decoder = new TextDecoder('utf-8');
  let out = '';
  for (const c of source.chunks()) out += decoder.decode(c, { stream: true });
  return out + decoder.decode();
}

/** Thin spaces between thousands, the way the issue writes counts ("4 812"). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/**
 * Opens the members kept from a bundle (`prefix/` + path inside the archive or folder); `ignored` = entries
 * already skipped by name.
 */
export function openBundle(layout: BundleLayout, members: ArtifactSource[], prefix: string, ignored: number): OpenedBundle {
  const artifacts: BundleArtifact[] = [];
  const factTexts: Partial<Record<FactKind, string>> = {};
  const factSources: ArtifactSource[] = [];
  let skipped = ignored;
  const pathOf = (name: string) => (prefix && name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : name);
  for (const member of members) {
    const rel = insideBundle(layout, pathOf(member.name));
    const role = rel === null ? null : roleOf(layout, rel);
    if (!role) continue;
    if (role.role === 'artifact') artifacts.push({ source: member, command: role.command, expected: role.format, namespace: role.namespace });
    else if (role.role === 'fact') {
      factTexts[role.fact] ??= text(member);
      factSources.push(member);
    }
    else {
      let n = 0;
      for (const section of splitSections(member)) {
        n++;
        const sr = section.kind === 'Command' ? sectionRole(section.label) : null;
        if (!sr) {
          skipped++;
          continue;
        }
        if (sr.role === 'fact') {
          factTexts[sr.fact] ??= new TextDecoder('utf-8').decode(section.body);
          continue;
        }
        if (sr.role !== 'artifact') continue;
        const command = sr.command.replace(/^(\S*\/)?(ip netns exec \S+ )?\S*\//, '$2');
        artifacts.push({ source: sectionSource(`${member.name} § ${n} ${command}`, section), command: sr.command, expected: sr.format, namespace: sr.namespace });
      }
    }
  }
  const facts = bundleFacts({ date: factTexts.date, dateUtc: factTexts['date-utc'], uptime: factTexts.uptime, hostname: factTexts.hostname, uname: factTexts.uname }, `${layout.kind} date + uptime`);
  const what = layout.kind === 'sosreport' ? 'files' : 'files and sections';
  const summary = `${layout.kind}${facts.host ? ` of ${facts.host}` : ''}: ${artifacts.length} command output(s) read, ${groupDigits(skipped)} other ${what} ignored`;
  return { kind: layout.kind, root: layout.root, artifacts, facts, ignored: skipped, factSources, summary };
}
