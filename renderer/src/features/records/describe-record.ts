import type { Frame, RawTime } from '../../../../shared/model/kernel-event';
import { tcpFlagNames } from '../../../../shared/model/packet';
import type { HooklineRecord } from '../../../../shared/model/records';
import { formatMicros } from '../../text/format-micros';

/** One record as one line of the record list: where it is in its artifact, and what it says. */
export interface RecordLine {
  /** `#11` (packet number) or `line 431`. */
  where: string;
  text: string;
}

const protocols: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' };

function rawTime(time: RawTime | null): string {
  if (!time) return '';
  if (time.clock === 'wall') return formatMicros(time.value * 1e6);
  if (time.clock === 'boot') return `[${time.value.toFixed(6)}]`;
  return `${time.value.toFixed(6)}s of day`;
}

function frame(f: Frame | null): string {
  if (!f) return '';
  const place = f.symbol ? `${f.symbol}${f.offset !== null ? `+0x${f.offset.toString(16)}` : ''}` : (f.address ?? '?');
  return f.module ? `${place} [${f.module}]` : place;
}

function endpoint(address: string | null, port: number | null): string {
  return port === null ? (address ?? '?') : `${address ?? '?'}:${port}`;
}

function join(...parts: Array<string | null | false | undefined>): string {
  return parts.filter(Boolean).join(' ');
}

/** Describes any record the formats yield, in the terms an engineer scans a listing for. */
export function describeRecord(record: HooklineRecord): RecordLine {
  switch (record.kind) {
    case 'packet': {
      const proto = record.proto === null ? record.l3 : (protocols[record.proto] ?? `proto ${record.proto}`);
      const flags = record.tcpFlags !== null ? tcpFlagNames(record.tcpFlags) : null;
      const icmp = record.icmpType !== null ? `type ${record.icmpType} code ${record.icmpCode ?? 0}` : null;
      return {
        where: `#${record.index}`,
        text: join(formatMicros(record.tUs), endpoint(record.src, record.sport), '→', endpoint(record.dst, record.dport), proto, flags, icmp, record.ipId !== null && `id ${record.ipId}`, `len ${record.origLen}`),
      };
    }
    case 'packet-table':
      // Pages of a capture come as packets (engine-session `records`); the table itself is never listed.
      return { where: 'capture', text: `${record.table.length} packets` };
    case 'kernel-event':
      return {
        where: `line ${record.line}`,
        text: join(rawTime(record.time), record.name, record.skb && `skb ${record.skb}`, record.reason && `reason ${record.reason}`, record.location && `at ${frame(record.location)}`, record.count !== null && `×${record.count}`),
      };
    case 'log-line':
      return { where: `line ${record.line}`, text: join(rawTime(record.time), record.host, record.text) };
    case 'counter':
      return { where: `line ${record.line}`, text: join(record.scope, record.name, '=', String(record.value)) };
    case 'iptables-ruleset': {
      const rules = record.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
      return { where: `line ${record.line}`, text: join(`iptables ${record.family}`, record.backend, `${record.tables.length} tables`, `${rules} rules`, record.generatedAt && `generated ${record.generatedAt}`) };
    }
    case 'nft-ruleset': {
      const chains = record.tables.reduce((n, t) => n + t.chains.length, 0);
      return { where: `line ${record.line}`, text: join('nftables', `${record.tables.length} tables`, `${chains} chains:`, record.tables.map((t) => `${t.family} ${t.name}`).join(', ')) };
    }
    case 'hook-entry':
      return { where: `line ${record.line}`, text: join(record.family, record.hook, record.priority !== null && `prio ${record.priority}`, record.hookFunction, record.module && `[${record.module}]`, record.nftChain && `${record.nftChain.table}/${record.nftChain.chain}`) };
    case 'symbol':
      return { where: `line ${record.line}`, text: join(record.address, record.type, record.name, record.module && `[${record.module}]`) };
    case 'module':
      return { where: `line ${record.line}`, text: join('module', record.name, record.size !== null && `size ${record.size}`, record.taint && `taint ${record.taint}`) };
    case 'rule-trace': {
      const p = record.packet;
      const deciding = record.decidingStep !== null ? record.steps[record.decidingStep] : null;
      const rule = deciding && `${deciding.table} ${deciding.chain} ${deciding.kind} ${deciding.ruleNumber ?? deciding.handle ?? ''}`.trim();
      return { where: `line ${record.line}`, text: join(rawTime(record.time), record.source, record.traceId, p && endpoint(p.tuple.src, p.tuple.sport), p && '→', p && endpoint(p.tuple.dst, p.tuple.dport), p?.tuple.proto, `${record.steps.length} steps`, rule && `decided at ${rule}`, record.verdict) };
    }
    case 'conntrack-entry':
    case 'conntrack-event':
      return {
        where: `line ${record.line}`,
        text: join(record.kind === 'conntrack-event' && `[${record.event}]`, record.l4, record.state, endpoint(record.original.src, record.original.sport), '→', endpoint(record.original.dst, record.original.dport), record.flags.map((f) => `[${f}]`).join(' ')),
      };
    case 'conntrack-stats':
      return { where: `line ${record.line}`, text: join('conntrack stats', record.cpu !== null && `cpu ${record.cpu}`, Object.entries(record.counters).filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`).join(' ')) };
    case 'qdisc':
      return { where: `line ${record.line}`, text: join(record.object, record.type, record.handle, record.device && `dev ${record.device}`, record.parent && `parent ${record.parent}`) };
    case 'bpf-prog':
      return { where: `line ${record.line}`, text: join('bpf prog', String(record.id), record.type, record.name, record.tag && `tag ${record.tag}`) };
    case 'bpf-attach':
      return { where: `line ${record.line}`, text: join('bpf', record.attachType, record.device, record.where, record.progId !== null && `prog ${record.progId}`) };
    case 'clock-anchor':
      return { where: `line ${record.line}`, text: join('anchor', record.label, `wall ${record.wall.toFixed(6)}`, `boot ${record.boot.toFixed(2)}`, `±${record.uncertainty.toFixed(3)} s`) };
    case 'manifest-entry':
      return { where: `line ${record.line}`, text: join(record.file, record.size !== null && `${record.size} B`, record.status !== null && record.status !== 0 && `exit ${record.status}`, '←', record.command) };
  }
}
