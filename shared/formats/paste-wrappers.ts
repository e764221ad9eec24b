// What people wrap around a real tool output when they paste it: email quote marks, shell prompts with the
// command, elision markers. Ref: /work/shared/spec/formats-notes.md §0; samples/*/SOURCES.md.

const QUOTE = /^(?:[ \t]?>[ \t]?)+|^\|(?=[ \t]|$)[ \t]?/;

/** Removes an email / patch quote prefix (`> `, `>> `, `| `) from a pasted line; other lines come back unchanged. */
export function unquoteLine(text: string): string {
  const match = QUOTE.exec(text);
  return match ? text.slice(match[0].length) : text;
}

// `[root@host dir]# cmd`, `user@host:~/dir$ cmd`, `$ cmd`, `% cmd`, `# cmd` (root, as in man pages and commit
// messages). A bare `#` is also a comment in iptables-save and nft output, so it counts as a prompt only when the
// command that follows is one of the tools below.
const BRACKET_PROMPT = /^\s*\[[^\]\n]{1,120}\][#$]\s*(\S.*)$/;
const USER_PROMPT = /^\s*[\w.-]{1,64}@[\w.-]{1,128}(?::[^\s#$]{0,256})?[#$]\s*(\S.*)$/;
const BARE_PROMPT = /^\s*([$%#])\s+(\S.*)$/;
const TOOL = /^(?:sudo\s+(?:-\S+\s+)*)?(?:\/\S*\/)?(?:ip6?tables\S*|xtables\S*|ebtables\S*|arptables\S*|nft|crash|unshare|ip|cat|less|dmesg|lsmod|echo|grep)\b/;

/** The command of a shell prompt line (`[root@srv ~]# iptables-save -c` → `iptables-save -c`), or null. */
export function promptCommand(text: string): string | null {
  const line = unquoteLine(text);
  const bracket = BRACKET_PROMPT.exec(line) ?? USER_PROMPT.exec(line);
  if (bracket) return bracket[1].trim();
  const bare = BARE_PROMPT.exec(line);
  if (!bare) return null;
  if (bare[1] === '#' && !TOOL.test(bare[2])) return null;
  return bare[2].trim();
}

const ELISION = /^\s*(?:\[\s*\.{2,}\s*\]|\.{2,}|…|\(pruned[^)]*\)|\[snip\]|<snip>)\s*$/i;

/** True for an elision marker a poster left in place of lines (`...`, `[...]`, `[..]`, `..`, `(pruned a bit)`). */
export function isElision(text: string): boolean {
  return ELISION.test(text);
}
