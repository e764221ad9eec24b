import type { Frame } from '../model/kernel-event';

// One stack frame or location as each tool prints it, turned into a Frame.
// Ref: /work/shared/spec/kernel-notes.md §6 (frame text formats), formats-notes.md §1, §3, §5, §10.

/** A Frame with nothing known. */
export function emptyFrame(): Frame {
  return { address: null, symbol: null, offset: null, module: null };
}

/** `0x`-prefixed lower-case hex, from hex digits with or without `0x`. */
export function hexAddress(text: string): string {
  const digits = text.toLowerCase().startsWith('0x') ? text.slice(2) : text;
  return `0x${digits.toLowerCase()}`;
}

// `sym`, `sym+0x3e8`, `sym+0xeb/0x110`, `sym+1000` (decimal tools), then an optional ` [module]`.
const SYMBOL_OFFSET = /^([A-Za-z_.$][\w.$@]*)(?:\+(0x[0-9a-fA-F]+|[0-9a-fA-F]+))?(?:\/(?:0x)?[0-9a-fA-F]+)?(?:\s+\[([^\]]*)\])?$/;

/**
 * Reads a location as printed: `0xffffffff816ea931` (address), `nft_do_chain+0x3e8` (perf %pS, hex offset),
 * `kfree_skb+118` (bpftrace, decimal: pass `radix` 10), `nf_hook_slow+0xf3/0x190 [kernel]` (stap, %pS with size).
 * Offsets written with `0x` are always hex. Returns null for text that is neither.
 */
export function frameFromSymbolText(text: string, radix: 10 | 16 = 16): Frame | null {
  const trimmed = text.trim();
  if (/^0x[0-9a-fA-F]+$/.test(trimmed)) return { ...emptyFrame(), address: hexAddress(trimmed) };
  if (trimmed === '[unknown]' || trimmed === '(nil)') return emptyFrame();
  const m = SYMBOL_OFFSET.exec(trimmed);
  if (!m) return null;
  let offset: number | null = null;
  if (m[2] !== undefined) {
    if (radix === 10 && !/^(?:0x[0-9a-fA-F]+|\d+)$/.test(m[2])) return null;
    offset = m[2].startsWith('0x') || m[2].startsWith('0X') ? parseInt(m[2].slice(2), 16) : parseInt(m[2], radix);
    if (!Number.isFinite(offset)) return null;
  }
  return { address: null, symbol: m[1], offset, module: moduleName(m[3]) };
}

/**
 * Module name from a printed module or DSO: `[nf_tables]` / `nf_tables` → `nf_tables`; the kernel itself
 * (`kernel`, `[kernel.kallsyms]`, `vmlinux`, `vmlinux-4.14.252`, `/lib/modules/…/vmlinux`), `[unknown]` and
 * stap's empty `[]` → null; a user-space DSO path is kept as printed.
 */
export function moduleName(printed: string | undefined | null): string | null {
  if (printed === undefined || printed === null) return null;
  let name = printed.trim();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1).trim();
  if (name === '' || name === 'kernel' || name === 'unknown' || name.startsWith('kernel.')) return null;
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base.startsWith('vmlinux')) return null;
  if (base.endsWith('.ko') || base.endsWith('.ko.xz') || base.endsWith('.ko.zst')) return base.slice(0, base.indexOf('.ko'));
  return name;
}

/** True when a DSO names the kernel or a kernel module (not a user-space library). */
function isKernelDso(dso: string | undefined): boolean {
  if (dso === undefined) return true;
  const name = dso.trim();
  if (name.startsWith('[')) return true;
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.startsWith('vmlinux') || base.includes('.ko');
}

// perf script -g: TAB-or-spaces, IP (hex, no 0x), symbol (`sym+0x7b`, `sym`, `[unknown]`), ` (DSO)` — the DSO may
// be missing when a paste wrapped it onto the next line. `(inlined)` tails of newer perf are tolerated.
const PERF_FRAME = /^\s+([0-9a-f]+)\s+(\S.*?)(?:\s+\(([^()]*)\))?(?:\s+\(inlined\))?\s*$/;

/**
 * One perf callchain line → Frame. Kernel frames keep their address only when it has 16 hex digits: older perf
 * prints mis-relocated `7fff8168279b` or DSO-relative `9bfd56` for kernel maps, which are not absolute addresses.
 */
export function parsePerfFrame(text: string): Frame | null {
  const m = PERF_FRAME.exec(text);
  if (!m) return null;
  const symbolFrame = frameFromSymbolText(m[2]) ?? { ...emptyFrame(), symbol: m[2] };
  const kernel = isKernelDso(m[3]);
  // User-space frames print an absolute address (12 hex digits on x86_64) or, for some DSOs, an offset.
  const absolute = m[1].length === 16 || (!kernel && m[1].length >= 12);
  return {
    address: absolute ? hexAddress(m[1]) : null,
    symbol: symbolFrame.symbol,
    offset: symbolFrame.offset,
    module: m[3] === undefined ? null : moduleName(m[3]),
  };
}

// systemtap print_backtrace(): `[ ]0xADDR : sym+0xOFF/0xSIZE [module]`, module `kernel` or empty on RHEL5-era stap,
// optional ` (inexact)`; hex-only `0xADDR [module+0xOFF/0xSIZE]`; a bare unresolved `0x0000000c`.
// Ref: STAP runtime/sym.c _stp_snprint_addr (kernel-notes.md §6).
const STAP_FRAME = /^\s*(0x[0-9a-f]+)\s+:\s+(.+?)(?:\s+\(inexact\))?\s*$/i;
const STAP_HEX_ONLY = /^\s*(0x[0-9a-f]+)\s+\[([\w.-]+)\+0x([0-9a-f]+)(?:\/0x[0-9a-f]+)?\](?:\s+\(inexact\))?\s*$/i;
const STAP_BARE = /^\s*(0x[0-9a-f]+)\s*$/i;

/** One stap backtrace line → Frame. `bare` also accepts an unresolved address alone on its line. */
export function parseStapFrame(text: string, bare = false): Frame | null {
  let m = STAP_FRAME.exec(text);
  if (m) {
    const symbol = frameFromSymbolText(m[2]);
    if (!symbol) return null;
    return { ...symbol, address: hexAddress(m[1]) };
  }
  m = STAP_HEX_ONLY.exec(text);
  if (m) return { address: hexAddress(m[1]), symbol: null, offset: parseInt(m[3], 16), module: moduleName(m[2]) };
  m = bare ? STAP_BARE.exec(text) : null;
  return m ? { ...emptyFrame(), address: hexAddress(m[1]) } : null;
}

// crash `bt`: ` #N [STACKADDR] sym at TEXTADDR [module]`; `bt -s` prints `sym+DECOFF`.
// Ref: CRASH x86_64.c x86_64_print_stack_entry (kernel-notes.md §6).
const CRASH_FRAME = /^\s*#\s*\d+\s+\[[0-9a-f]+\]\s+(\S+)\s+at\s+([0-9a-f]+)(?:\s+\[([^\]]+)\])?/;
// `[exception RIP: sym+248]` (decimal offset).
const CRASH_EXCEPTION = /^\s*\[exception RIP:\s*([^\]\s]+)\]/;

/** One crash `bt` frame (or exception RIP line) → Frame. */
export function parseCrashFrame(text: string): Frame | null {
  const m = CRASH_FRAME.exec(text);
  if (m) {
    const symbol = frameFromSymbolText(m[1], 10) ?? { ...emptyFrame(), symbol: m[1] };
    return { address: hexAddress(m[2]), symbol: symbol.symbol, offset: symbol.offset, module: moduleName(m[3]) };
  }
  const e = CRASH_EXCEPTION.exec(text);
  return e ? frameFromSymbolText(e[1], 10) : null;
}

// bpftrace kstack: indented `sym+DECIMAL` (or an unresolved `0xADDR`); kstack(perf) mode: `\tADDR sym+DECIMAL`.
// Ref: formats-notes.md §10 — offsets are decimal, unlike perf/stap/crash.
const BPFTRACE_FRAME = /^\s+(?:([0-9a-f]{8,16})\s+)?([A-Za-z_.$][\w.$]*(?:\+\d+)?|0x[0-9a-f]+)(?:\s+\[([\w.-]+)\])?\s*$/;

/** One bpftrace kstack line → Frame (must be indented). */
export function parseBpftraceFrame(text: string): Frame | null {
  const m = BPFTRACE_FRAME.exec(text);
  if (!m) return null;
  const frame = frameFromSymbolText(m[2], 10);
  if (!frame) return null;
  return { ...frame, address: m[1] ? hexAddress(m[1]) : frame.address, module: moduleName(m[3]) };
}

// Symbols the linker puts at the END of vmlinux (or of its text): an address past them is not in vmlinux, and a
// resolver that only knows vmlinux symbols names module addresses `__brk_limit+1de1308c` or
// `__init_scratch_end+fbdc203`. Ref: formats-notes.md §4; dropwatch samples (clearlinux-1043, goflow2-408).
const VMLINUX_END_SYMBOLS = new Set([
  '_end', '__brk_limit', '__bss_stop', '__end_of_kernel_reserve', '__init_scratch_end', '_etext', '__etext',
  '_einittext', '__init_end', '_edata', '__end_rodata', '__end_rodata_aligned', '__per_cpu_end', '__stop___ex_table',
  '_sinittext', '__brk_base', '__bss_start', '__smp_locks_end',
]);
/** No kernel function is a megabyte long: an offset past this means the symbol is only the nearest known one. */
const IMPLAUSIBLE_OFFSET = 0x100000;

/** True when `symbol+offset` cannot be where the address really is (vmlinux end marker, absurd offset). */
export function isUntrustedSymbol(symbol: string | null, offset: number | null): boolean {
  if (symbol === null) return false;
  return VMLINUX_END_SYMBOLS.has(symbol) || (offset !== null && offset >= IMPLAUSIBLE_OFFSET);
}
