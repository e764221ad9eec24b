import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { Frame, KernelEvent } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { emptyFrame, frameFromSymbolText, hexAddress, isUntrustedSymbol } from './frame-text';
import { kernelEvent, readReason } from './kernel-event-record';
import { ctimeSeconds } from './trace-time';
import { probeLines, scoreHits } from './probe-lines';

// dropwatch (drop_monitor netlink client). Ref: /work/shared/spec/formats-notes.md §4; nhorman/dropwatch
// src/main.c handle_dm_alert_msg / handle_dm_packet_alert_msg / print_nested_hw_entry.
//
// Summary mode: `%d drops at %s+%llx (%p)` (offset hex WITHOUT 0x), `%d drops at location %p` when the lookup
// failed, ` [software]` appended from dropwatch 1.5 (drop_monitor v2), `%d drops at TRAP [hardware]` for hardware
// traps. Packet mode (`set alertmode packet`): blank-line separated `key: value` records starting `drop at:`.
//
// `-l kas` resolves with /proc/kallsyms, and a module address past the end of vmlinux comes out as the nearest
// vmlinux symbol (`__brk_limit+1de1308c (0xffffffffa052308c)`): such a symbol is flagged and dropped, the address
// kept (kernel-notes: module text lives above the kernel image).

const SUMMARY = /^\s*(\d+)\s+drops\s+at\s+(?:location\s+(0x[0-9a-f]+)|(\S+?)\+([0-9a-f]+)\s+\((0x[0-9a-f]+)\)|(\S+))(?:\s+\[(software|hardware)\])?\s*$/i;
const DROP_AT = /^\s*drop at:\s*(.*?)\s*$/;
const FIELD = /^\s*([a-z][a-z ]*?):\s*(.*?)\s*$/i;
const PROMPT = /^\s*dropwatch>\s*(.*?)\s*$/;
const BANNERS = /^(?:Initi?alizing kallsyms db|Initializing null lookup method|Enabling monitoring\.*|Kernel monitoring activated\.|Issue Ctrl-C to stop monitoring|Got a stop message|Terminating dropwatch\.*|Shutting down \.*|Deactivation requested, turning off monitoring|Alert limit reached, deactivating!|Alert mode successfully set|Truncation length successfully set|Queue length successfully set|Software statistics:|Hardware statistics:|Command Syntax:)\s*$/i;

/** Reports a symbol that cannot be where its address is (warning on that line). */
type Distrust = (line: number, printed: string, address: string | null) => void;

/** A place printed by dropwatch, with the symbol dropped when it cannot be where the address is. */
function placeOf(symbol: string | null, offset: number | null, address: string | null, module: string | null): { frame: Frame; untrusted: boolean } {
  const untrusted = isUntrustedSymbol(symbol, offset);
  if (untrusted) return { frame: { ...emptyFrame(), address }, untrusted };
  return { frame: { address, symbol, offset, module }, untrusted };
}

function* parseDropwatch(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'dropwatch');
  const chatter = new ChatterFilter();
  const banners: string[] = [];
  const commands: string[] = [];
  let packet: KernelEvent | null = null;
  let packetTimes = false;

  function untrusted(line: number, printed: string, address: string | null): void {
    warnings.warn('untrusted-symbol', line, `${address ?? 'the address'} resolved to ${printed}, a vmlinux end marker or an impossible offset: it is in a module, the symbol is not trusted`);
  }

  for (const line of unquotedLines(readLines(source))) {
    const text = line.text;
    if (text.trim().length === 0) {
      if (packet) yield packet;
      packet = null;
      continue;
    }
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', line.n, `line of ${text.length} characters skipped`);
      continue;
    }
    const dropAt = DROP_AT.exec(text);
    if (dropAt) {
      if (packet) yield packet;
      packet = packetStart(dropAt[1], line.n, untrusted);
      continue;
    }
    if (packet) {
      const field = FIELD.exec(text);
      if (field) {
        if (applyPacketField(packet, field[1].toLowerCase(), field[2])) {
          packet.endLine = line.n;
          if (field[1].toLowerCase() === 'timestamp' && !packetTimes) {
            packetTimes = true;
            // asctime(localtime()): the recording host's time zone is not in the output.
            ctx.meta('timeZone', 'unknown: dropwatch prints local time, read here as UTC');
          }
          continue;
        }
      }
      yield packet;
      packet = null;
    }
    const summary = SUMMARY.exec(text);
    if (summary) {
      yield summaryEvent(summary, line.n, untrusted);
      continue;
    }
    const prompt = PROMPT.exec(text);
    if (prompt) {
      if (prompt[1].length > 0 && commands.length < 20) commands.push(prompt[1]);
      ctx.meta('commands', commands.join(' | '));
      continue;
    }
    const trimmed = text.trim();
    if (BANNERS.test(trimmed)) {
      if (banners.length < 20 && !banners.includes(trimmed)) banners.push(trimmed);
      ctx.meta('banners', banners.join(' | '));
      continue;
    }
    const stats = /^(Tail dropped|Alert mode|Truncation length|Queue length):\s*(.*)$/.exec(trimmed);
    if (stats) {
      ctx.meta(stats[1].replace(/\s+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase()), stats[2]);
      continue;
    }
    if (chatter.test(text)) continue;
    warnings.unreadable(line.n, text);
  }
  if (packet) yield packet;
  warnings.finish();
}

function summaryEvent(m: RegExpExecArray, n: number, untrusted: Distrust): KernelEvent {
  const count = Number(m[1]);
  const origin = m[7] ? m[7].toLowerCase() : null;
  const args: Record<string, string> = {};
  if (origin) args.origin = origin;
  let location: Frame | null = null;
  if (m[2]) {
    location = { ...emptyFrame(), address: hexAddress(m[2]) };
  } else if (m[3]) {
    const address = hexAddress(m[5]);
    const offset = parseInt(m[4], 16);
    args.symbol = `${m[3]}+${m[4]}`;
    const place = placeOf(m[3], offset, address, null);
    if (place.untrusted) untrusted(n, args.symbol, address);
    location = place.frame;
  } else if (m[6]) {
    // `N drops at TRAP [hardware]`: a device trap name, not a kernel symbol.
    args.trap = m[6];
  }
  return kernelEvent({ line: n, type: 'drop-summary', name: 'dropwatch:summary', count, location, args });
}

/** `drop at: sym+0xoff/0xsize [module] (0xADDR)` or, for hardware, `drop at: TRAP (GROUP)`. */
function packetStart(value: string, n: number, untrusted: Distrust): KernelEvent {
  const event = kernelEvent({ line: n, type: 'kfree_skb', name: 'dropwatch:packet', args: { 'drop at': value } });
  const m = /^(.*?)\s+\((0x[0-9a-f]+)\)$/i.exec(value);
  if (m) {
    const address = hexAddress(m[2]);
    const symbol = frameFromSymbolText(m[1]);
    if (symbol) {
      const place = placeOf(symbol.symbol, symbol.offset, address, symbol.module);
      if (place.untrusted) untrusted(n, m[1], address);
      event.location = place.frame;
    } else {
      event.location = { ...emptyFrame(), address };
    }
  } else {
    const trap = /^(.*?)\s+\(([^)]*)\)$/.exec(value);
    event.args.trap = trap ? trap[1] : value;
    if (trap) event.args.group = trap[2];
  }
  return event;
}

/** One `key: value` line of a packet record; false when the key is not one dropwatch prints. */
function applyPacketField(event: KernelEvent, key: string, value: string): boolean {
  switch (key) {
    case 'origin':
    case 'input port ifindex':
    case 'input port name':
    case 'length':
    case 'original length':
      event.args[key] = value;
      return true;
    case 'timestamp': {
      event.args[key] = value;
      const seconds = ctimeSeconds(value);
      const ns = /\s(\d{9})\s+nsec\s*$/.exec(value);
      if (seconds !== null) event.time = { clock: 'wall', value: seconds + (ns ? Number(ns[1]) / 1e9 : 0) };
      return true;
    }
    case 'protocol': {
      event.args[key] = value;
      const number = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value.slice(2), 16) : /^\d+$/.test(value) ? Number(value) : null;
      event.protocol = number;
      return true;
    }
    case 'drop reason':
    case 'reason': {
      event.args[key] = value;
      const reason = readReason(value);
      event.reason = reason.reason;
      event.reasonCode = reason.reasonCode;
      return true;
    }
    default:
      return false;
  }
}

function probeDropwatch(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const line of lines) {
    if (SUMMARY.test(line) && /drops at (?:location |\S+\+[0-9a-f]+ \(0x|\S+ \[hardware\])/.test(line)) hits++;
    else if (DROP_AT.test(line) || PROMPT.test(line) || /kallsyms db|Kernel monitoring activated/.test(line)) hits++;
  }
  return scoreHits(hits, lines);
}

/** dropwatch: `-l kas` summary lines (with or without `[software]`/`[hardware]`) and packet alert mode records. */
export const dropwatchFormat: ArtifactFormat<KernelEvent> = {
  id: 'dropwatch',
  label: 'dropwatch (drop_monitor summaries and packet alerts)',
  kind: 'text',
  probe: probeDropwatch,
  parse: parseDropwatch,
};
