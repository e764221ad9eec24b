// ANSI CSI / OSC sequences as terminals print them (colour in `dmesg --color`, `nft` with colours, bat/less pastes).
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Removes ANSI escape sequences and a trailing CR from one line. */
export function cleanLine(line: string): string {
  let s = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  return s;
}

/** True when bytes look like text: no NUL, few control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let control = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / n < 0.01;
}

/** The probe view of text: decoded, ANSI and CR removed. Null when binary. */
export function probeText(bytes: Uint8Array): string | null {
  if (!looksLikeText(bytes)) return null;
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.split('\n').map(cleanLine).join('\n');
}
