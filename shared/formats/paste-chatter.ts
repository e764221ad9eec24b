/**
 * What surrounds tool output when people paste it: shell prompts and the commands they typed, tool banners,
 * elision markers, asides. Not data and not an error: parsers skip these lines without a warning.
 * Ref: /work/shared/spec/formats-notes.md §0 (wrappers seen around every format).
 */
export type ChatterKind = 'prompt' | 'command' | 'banner' | 'elision' | 'aside';

// `$ cmd`, `# cmd`, `% cmd`, `[root@f31 ~]# cmd`, `root@host:/dir# cmd`, `user@host ~ $ cmd`, `dropwatch> cmd`.
const PROMPT = /^\s*(?:[$#%](?:\s|$)|\[[^\]\s]*@[^\]]*\][#$]|[\w.-]+@[\w.-]+(?::\S*|\s+\S+)?\s?[#$](?:\s|$)|(?:dropwatch|crash|stap|gdb)>(?:\s|$))/;
// A command typed without a prompt (`perf script | head`, `tc qd replace dev eth0 …`, `./raw/tst-raw-sendto …`).
const COMMAND = /^\s*(?:sudo\s+)?(?:perf|stap|bpftrace|dropwatch|pwru|nettrace|tc|ip|iptables|ip6tables|nft|modprobe|sysctl|echo|cat|ping|nc|curl|while|for|do|done|export|\.\/\S+)(?:\s|$)/;
// `[ perf record: Woken up 1 times to write data ]`, `[ perf record: Captured and wrote … ]`.
const BANNER = /^\s*\[ perf (?:record|script|trace): .*\]\s*$/;
// `[...]`, `...`, `…`, `<snip>`, `(snip)`, `(pruned a bit)`, `-----`, `---- (second paste) ----`, `=====`.
const ELISION = /^\s*(?:\[\s*(?:\.\.\.|…|snip)\s*\]|\.{3,}|…|<\s*snip\s*>|\(\s*(?:snip|snipped|pruned[^)]*|cut[^)]*)\s*\)|-{3,}.*-{3,}|-{5,}|={5,}|\*{5,}|~{5,})\s*$/i;
// A whole-line parenthesised remark in words: `(send a test connection)`. A path in parentheses is a wrapped DSO.
const ASIDE = /^\s*\((?=[^)]*\s)[^()/]*\)\s*$/;

/** Classifies one line as paste chatter, or null when it is not. Callers try their own grammar first. */
export function chatterKind(text: string): ChatterKind | null {
  // `^C` as the terminal echoes Ctrl-C, glued to the next output (`^C[ perf record: … ]`).
  const line = text.startsWith('^C') ? text.slice(2) : text;
  if (line.trim().length === 0) return text.startsWith('^C') ? 'banner' : null;
  if (BANNER.test(line)) return 'banner';
  if (ELISION.test(line)) return 'elision';
  if (PROMPT.test(line)) return 'prompt';
  if (COMMAND.test(line)) return 'command';
  if (ASIDE.test(line)) return 'aside';
  return null;
}

/**
 * Chatter with memory: a command line ending in `\` continues on the next line (`perf record … -- \` then
 * `> ./tst …` once its quote is gone), and that continuation is chatter too.
 */
export class ChatterFilter {
  private continued = false;

  /** True when `text` is chatter; call it once per line, in order, for lines your grammar did not take. */
  test(text: string): boolean {
    const kind = this.continued ? 'command' : chatterKind(text);
    this.continued = kind !== null && (kind === 'prompt' || kind === 'command') && text.trimEnd().endsWith('\\');
    return kind !== null;
  }

  /** Forget a pending `\` continuation (a line your grammar did take). */
  reset(): void {
    this.continued = false;
  }
}
