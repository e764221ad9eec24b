/** A member name that is safe to show and to use as an artifact name, or the reason it is refused. */
export type MemberNameCheck = { ok: true; name: string } | { ok: false; code: 'archive/absolute-path' | 'archive/path-traversal' | 'archive/bad-name'; reason: string };

/**
 * Checks a path stored in an archive. Absolute paths (`/etc/x`, `C:\x`, `\\host\x`) and any `..` component are
 * refused — they are how archives write outside their folder ("zip slip"); `./` and empty components are dropped.
 * Backslashes count as separators: a zip made on Windows may use them. Ref: APPNOTE.TXT 4.4.17 (names use '/').
 */
export function checkMemberName(raw: string): MemberNameCheck {
  if (raw === '' || raw.includes('\0')) return { ok: false, code: 'archive/bad-name', reason: 'empty name or a NUL byte in the name' };
  if (/[\x00-\x1f\x7f]/.test(raw)) return { ok: false, code: 'archive/bad-name', reason: 'control characters in the name' };
  if (raw.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:/.test(raw)) {
    return { ok: false, code: 'archive/absolute-path', reason: 'absolute path' };
  }
  const parts = raw.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { ok: false, code: 'archive/path-traversal', reason: 'path climbs out of the archive with ..' };
  if (parts.length === 0) return { ok: false, code: 'archive/bad-name', reason: 'name names no file' };
  return { ok: true, name: parts.join('/') };
}
