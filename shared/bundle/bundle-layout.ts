import { artifactCommand, factCommand, normaliseCommand, type FactKind } from './bundle-commands';

// Which bundle an archive or folder is, from member paths alone, and what each member of it is for.
// sosreport: `sosreport-<host>-<date>-<rand>/` holding `sos_commands/<plugin>/<mangled command>`, `sos_reports/`,
// `sos_logs/`, `version.txt` and root symlinks (`date`, `uname`, `uptime` → sos_commands/…). sos names a command's
// file with `_mangle_command`: a leading /usr/bin/ or /sbin/ dropped, every run of characters other than word
// characters, `-`, `.` and `/` turned into `_`, `/` into `.` (sos/report/plugins/__init__.py); the commands
// Hookline reads have only spaces to turn back. Per-namespace commands go under `namespaces/<ns>/`.
// supportconfig: `scc_<host>_<yymmdd>_<hhmm>/` (older `nts_…`) of `*.txt` section files, each section headed
// `#==[ Command ]====…#` then `# /full/path/command args` (supportconfig.rc `_log_cmd`).

/** The collector that made a bundle. */
export type BundleKind = 'sosreport' | 'supportconfig';

/** A recognised bundle: its kind and the folder its files are under ('' when the files are at the top). */
export interface BundleLayout {
  kind: BundleKind;
  root: string;
}

/** What one file of a bundle is for; null when Hookline does not read it. */
export type MemberRole =
  | { role: 'artifact'; command: string; format: string; namespace: string | null }
  | { role: 'fact'; fact: FactKind; command: string }
  | { role: 'sections' };

const SOS_DIRS = new Set(['sos_commands', 'sos_reports', 'sos_logs', 'sos_strings']);
const SCC_MARKERS = new Set(['supportconfig.txt', 'basic-environment.txt', 'basic-health-check.txt']);
/** supportconfig files whose sections Hookline reads (network, firewall, kernel log, modules, clock and host). */
const SCC_SECTION_FILES = /^(?:network|firewall[\w-]*|security-firewall[\w-]*|basic-environment|basic-health-check|boot|modules)\.txt$/;

/** The bundle one path proves (a marker directory or file), or null. */
export function bundleOf(path: string): BundleLayout | null {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return null;
  for (let i = 0; i < Math.min(parts.length, 3); i++) {
    if (SOS_DIRS.has(parts[i]) && (i < parts.length - 1 || path.endsWith('/'))) return { kind: 'sosreport', root: parts.slice(0, i).join('/') };
    if (SCC_MARKERS.has(parts[i]) && i === parts.length - 1) return { kind: 'supportconfig', root: parts.slice(0, i).join('/') };
  }
  if (/^sosreport-[^/]+$/.test(parts[0]) && !/\.(?:tar|t?xz|t?gz|bz2|zip)$/.test(parts[0])) return { kind: 'sosreport', root: parts[0] };
  if (/^(?:scc|nts)_[^/]+_\d{6}_\d{4}$/.test(parts[0])) return { kind: 'supportconfig', root: parts[0] };
  return null;
}

/** The path inside the bundle root, or null when the path is outside it. */
export function insideBundle(layout: BundleLayout, path: string): string | null {
  const clean = path.replace(/^\.\//, '');
  if (layout.root === '') return clean;
  return clean.startsWith(`${layout.root}/`) ? clean.slice(layout.root.length + 1) : null;
}

function roleOfCommand(command: string): MemberRole | null {
  const artifact = artifactCommand(command);
  const { namespace } = normaliseCommand(command);
  if (artifact?.format) return { role: 'artifact', command, format: artifact.format, namespace };
  const fact = namespace ? null : factCommand(command);
  return fact ? { role: 'fact', fact, command } : null;
}

/** sos: `sos_commands/<plugin>/[namespaces/<ns>/]<mangled>` → the command it holds, when Hookline reads it. */
function sosRole(rel: string): MemberRole | null {
  const parts = rel.split('/');
  if (parts[0] === 'sos_commands' && parts.length >= 3) {
    const file = parts[parts.length - 1].replace(/\.\d+$/, '');
    return roleOfCommand(file.replace(/_/g, ' '));
  }
  // Files copied from /proc: the kernel's own symbol and conntrack tables.
  if (rel === 'proc/kallsyms') return { role: 'artifact', command: 'cat /proc/kallsyms', format: 'kallsyms', namespace: null };
  if (rel === 'proc/net/nf_conntrack') return { role: 'artifact', command: 'cat /proc/net/nf_conntrack', format: 'conntrack', namespace: null };
  return null;
}

/** What a member of a recognised bundle is for (its path relative to the bundle root); null = not read. */
export function roleOf(layout: BundleLayout, rel: string): MemberRole | null {
  if (layout.kind === 'sosreport') return sosRole(rel);
  return !rel.includes('/') && SCC_SECTION_FILES.test(rel) ? { role: 'sections' } : null;
}

/** The role of a command written in a supportconfig section header. */
export function sectionRole(command: string): MemberRole | null {
  return roleOfCommand(command);
}
