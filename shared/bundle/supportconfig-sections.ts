import type { ArtifactSource } from '../formats/format';
import { chunkSource } from '../archive/chunk-source';
import { wholeBytes } from '../archive/whole-bytes';

// supportconfig writes many commands into one file, each section headed by a `#==[ Kind ]====…#` line and a
// `# label` line (the command with its binary's full path, or a file's path), then the output, then a blank line:
//   #==[ Command ]======================================#
//   # /usr/sbin/iptables -t filter -nvL
//   Chain INPUT (policy DROP 3 packets, 180 bytes)
// Ref: openSUSE/supportutils bin/supportconfig.rc `_log_cmd`, `log_entry`, `conf_files`, `log_files`.

/** One section of a supportconfig file: its kind, label and output, with the output's first line number. */
export interface SupportconfigSection {
  /** `Command`, `Configuration File`, `Log File`, `Note`, `Summary`… */
  kind: string;
  /** The `# …` line after the header: the command line or the file path. */
  label: string;
  /** 1-based number of the output's first line in the file. */
  line: number;
  /** The output bytes (a view on the file, no copy). */
  body: Uint8Array;
}

const HASH = 0x23;
const NL = 0x0a;
const HEADER = /^#==\[ ([^\]]+) \]=*#?\s*$/;

/** The sections of one supportconfig file, in order. Text before the first header is not a section. */
export function splitSections(source: ArtifactSource): SupportconfigSection[] {
  const bytes = wholeBytes(source);
  const decoder = new TextDecoder('utf-8');
  const lineAt = (start: number) => {
    let end = bytes.indexOf(NL, start);
    if (end < 0) end = bytes.length;
    return { text: decoder.decode(bytes.subarray(start, end)).replace(/\r$/, ''), next: end + 1 };
  };
  const out: SupportconfigSection[] = [];
  let open: { kind: string; label: string; line: number; start: number } | null = null;
  let pos = 0;
  let n = 1;
  while (pos < bytes.length) {
    // Only a line starting `#==[` can be a header: other lines are skipped without decoding.
    if (bytes[pos] === HASH && bytes[pos + 1] === 0x3d && bytes[pos + 2] === 0x3d && bytes[pos + 3] === 0x5b) {
      const header = lineAt(pos);
      const m = HEADER.exec(header.text);
      if (m) {
        if (open) out.push({ kind: open.kind, label: open.label, line: open.line, body: bytes.subarray(open.start, pos) });
        const label = header.next < bytes.length ? lineAt(header.next) : { text: '', next: bytes.length };
        const hasLabel = label.text.startsWith('# ');
        const start = hasLabel ? Math.min(label.next, bytes.length) : header.next;
        open = { kind: m[1].trim(), label: hasLabel ? label.text.slice(2).trim() : '', line: n + (hasLabel ? 2 : 1), start };
        n += hasLabel ? 2 : 1;
        pos = start;
        continue;
      }
    }
    const end = bytes.indexOf(NL, pos);
    pos = end < 0 ? bytes.length : end + 1;
    n++;
  }
  if (open) out.push({ kind: open.kind, label: open.label, line: open.line, body: bytes.subarray(open.start) });
  return out;
}

/** A section as an artifact source of its own (output only, trailing blank lines kept as printed). */
export function sectionSource(name: string, section: SupportconfigSection): ArtifactSource {
  return chunkSource(name, section.body.length ? [section.body] : []);
}
