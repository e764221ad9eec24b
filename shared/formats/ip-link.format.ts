import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { CounterFact } from '../model/log-line';
import { readLines } from '../text/read-lines';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';

// `ip -s link` / `ip -s -s link show dev X` (also `ip -s addr`): an interface header, attribute lines, then
// column blocks: a row of names (`RX:  bytes packets errors dropped  missed   mcast`) and a row of numbers under it.
// The names changed across iproute2 versions, the values did not:
//   ≤ 5.x   `RX: bytes  packets  errors  dropped overrun mcast` / `RX errors: length crc frame fifo missed`
//   ~4.x–5.x `RX: bytes  packets  errors  dropped missed  mcast` / `RX errors: length crc frame fifo overrun`
//   ≥ 5.13  right-aligned, sized columns; `TX errors: aborted fifo window heartbt transns`
// plus optional `compressed` / `nohandler` columns, and `-h` values like `627M` / `21.9k`.
// Counters are named as /sys/class/net/<dev>/statistics/ names them (rx_dropped, tx_packets, multicast,
// collisions, rx_over_errors…), so the same counter has one name whichever iproute2 printed it.
// Ref: iproute2 ip/ipaddress.c print_link_stats64 (before/after "ip: dynamically size columns when printing
// stats", netdev 2021-05-01); Documentation/ABI/testing/sysfs-class-net-statistics.

const PROBE_LINES = 200;
const INTERFACE = /^(\d+):\s+([^\s:@]+)(?:@[^\s:]*)?:\s+<[^>]*>/;
const COLUMNS = /^(RX|TX)( errors)?:\s*(.*)$/;
const VALUE = /^(\d+(?:\.\d+)?)([kKMGTPE]i?)?$/;
// Attribute lines of an interface block (`link/ether …`, `altname …`, `inet …`, `valid_lft …`, `vf 0 …`).
const ATTRIBUTE = /^[a-z][\w/.-]*(?:\s|$)/;
const LINK_COMMAND = /^[$#%] +(?:sudo +)?(?:ip|ifconfig|cat)\b/;

// Column word → sysfs statistics name, per row.
const RX: Record<string, string> = {
  bytes: 'rx_bytes', packets: 'rx_packets', errors: 'rx_errors', dropped: 'rx_dropped', overrun: 'rx_over_errors',
  missed: 'rx_missed_errors', mcast: 'multicast', compressed: 'rx_compressed', nohandler: 'rx_nohandler', otherhost: 'rx_otherhost_dropped',
};
const RX_ERRORS: Record<string, string> = {
  length: 'rx_length_errors', crc: 'rx_crc_errors', frame: 'rx_frame_errors', fifo: 'rx_fifo_errors',
  missed: 'rx_missed_errors', overrun: 'rx_over_errors', nohandler: 'rx_nohandler', otherhost: 'rx_otherhost_dropped',
};
const TX: Record<string, string> = {
  bytes: 'tx_bytes', packets: 'tx_packets', errors: 'tx_errors', dropped: 'tx_dropped', carrier: 'tx_carrier_errors',
  collsns: 'collisions', compressed: 'tx_compressed',
};
const TX_ERRORS: Record<string, string> = {
  aborted: 'tx_aborted_errors', fifo: 'tx_fifo_errors', window: 'tx_window_errors', heartbeat: 'tx_heartbeat_errors',
  heartbt: 'tx_heartbeat_errors', transns: 'carrier_changes',
};

/** The sysfs name of one column of an `RX:` / `RX errors:` / `TX:` / `TX errors:` row. */
function counterName(row: string, column: string): string {
  const table = row === 'RX' ? RX : row === 'RX errors' ? RX_ERRORS : row === 'TX' ? TX : TX_ERRORS;
  return table[column] ?? `${row.slice(0, 2).toLowerCase()}_${column}`;
}

const SCALE: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The number a printed value stands for; `-h` suffixes (k, M, Gi…) scale it, and round it. */
function valueOf(token: string): { value: number; rounded: boolean } | null {
  const m = VALUE.exec(token);
  if (!m) return null;
  if (!m[2]) return { value: Number(m[1]), rounded: false };
  const binary = m[2].endsWith('i');
  const unit = SCALE[m[2][0]];
  const scale = binary ? 1024 ** (Math.round(Math.log10(unit) / 3)) : unit;
  return { value: Math.round(Number(m[1]) * scale), rounded: true };
}

function isCommandLine(line: string): boolean {
  return promptCommand(line) !== null || LINK_COMMAND.test(line);
}

/** 0.9 for interface headers with RX/TX rows, 0.6 for RX/TX rows alone. */
export function probeIpLink(input: ProbeInput): number {
  if (input.text === null) return 0;
  let interfaces = 0;
  let rows = 0;
  for (const raw of input.text.split('\n', PROBE_LINES)) {
    const line = unquoteLine(raw).trim();
    if (INTERFACE.test(line)) interfaces++;
    else if (/^(?:RX|TX)(?: errors)?:\s+[a-z]/.test(line)) rows++;
  }
  if (interfaces > 0 && rows > 0) return 0.9;
  if (rows >= 2) return 0.6;
  return 0;
}

/** Yields one CounterFact per interface counter, scope = interface name (without the `@peer` part). */
export function* parseIpLink(source: ArtifactSource, ctx: ParseContext): Generator<CounterFact> {
  const budget = warningBudget(ctx);
  let scope: string | null = null;
  let columns: { row: string; names: string[]; line: number } | null = null;
  let noInterfaceNoted = false;
  let roundedNoted = false;
  for (const { n, text } of readLines(source)) {
    const line = unquoteLine(text).trim();
    if (line === '' || isElision(line)) continue;
    const header = INTERFACE.exec(line);
    if (header) {
      scope = header[2];
      columns = null;
      continue;
    }
    const row = COLUMNS.exec(line);
    if (row) {
      const names = row[3].split(/\s+/).filter((w) => w.length > 0);
      if (names.length === 0) {
        budget.warn('ip-link/empty-column-row', `${row[1]}${row[2] ?? ''} row without column names`, n);
        columns = null;
      } else {
        columns = { row: `${row[1]}${row[2] ?? ''}`, names, line: n };
      }
      continue;
    }
    const tokens = line.split(/\s+/);
    const values = tokens.map(valueOf);
    if (values.every((v) => v !== null)) {
      if (columns === null) {
        budget.warn('ip-link/values-without-names', 'a row of numbers with no RX/TX column names above it', n);
        continue;
      }
      if (scope === null && !noInterfaceNoted) {
        budget.warn('ip-link/no-interface', 'counters before any interface header: scope left empty', n);
        noInterfaceNoted = true;
      }
      if (values.length !== columns.names.length) {
        budget.warn('ip-link/column-mismatch', `${values.length} values under ${columns.names.length} column names (line ${columns.line})`, n);
      }
      if (!roundedNoted && values.some((v) => v!.rounded)) {
        budget.warn('ip-link/rounded-values', 'values printed with -h are rounded to 3 digits (k, M, G…)', n);
        roundedNoted = true;
      }
      const count = Math.min(values.length, columns.names.length);
      for (let i = 0; i < count; i++) {
        yield { kind: 'counter', line: n, scope: scope ?? '', name: counterName(columns.row, columns.names[i]), value: values[i]!.value };
      }
      columns = null;
      continue;
    }
    if (isCommandLine(line)) continue;
    // Attribute lines belong to the interface block above them; outside one they are not ip-link output.
    if (scope !== null && ATTRIBUTE.test(line)) continue;
    budget.warn('ip-link/not-a-stats-line', `not an ip -s link line: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`, n);
  }
  budget.finish();
}

export const ipLinkFormat: ArtifactFormat<CounterFact> = {
  id: 'ip-link',
  label: 'Interface counters (ip -s link)',
  kind: 'text',
  probe: probeIpLink,
  parse: parseIpLink,
};
