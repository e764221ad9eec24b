import type { LogPacketFields } from '../model/log-line';
import type { RawTime } from '../model/kernel-event';
import type { RuleTraceStep, TracedPacket } from '../model/rule-trace';
import { decodeLogTarget } from './log-target-fields';
import { protocolText } from './trace-tuple';

// One iptables-legacy TRACE message as the kernel logs it (the TRACE target marks the skb in raw; ipt_do_table
// then logs every rule that matches, the policy, and the implicit return of a user chain):
//   TRACE: <table>:<chain>:<rule|return|policy>:<N> IN= OUT= [PHYSIN=] [MAC=] SRC= DST= LEN= … (nf_log LOG fields)
// N is the 1-based position of the rule; for `policy`/`return`, one past the last rule of the chain.
// No verdict is printed. Ref: net/ipv4/netfilter/ip_tables.c trace_packet (comments[] "rule", "return",
// "policy"), net/netfilter/nf_log_syslog.c; /work/shared/spec/formats-notes.md §14.

const TRACE = /^TRACE: ([\w-]+):([^:\s]+):(rule|return|policy):(\d{1,9}) +(IN=.*)$/;
const TCP_BITS: Record<string, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 };

/** The TCP flags byte of the flag words a LOG / trace line printed; null when none was printed. */
export function tcpFlagsByte(words: readonly string[]): number | null {
  let bits = 0;
  let seen = false;
  for (const word of words) {
    const bit = TCP_BITS[word];
    if (bit !== undefined) {
      bits |= bit;
      seen = true;
    }
  }
  return seen ? bits : null;
}

/** A decoded LOG-style packet (TRACE / LOG lines) as a TracedPacket. */
export function tracedFromLogFields(packet: LogPacketFields, line: number): TracedPacket {
  const proto = packet.proto === null ? null : protocolText(packet.proto);
  return {
    line,
    tuple: { proto, src: packet.src, dst: packet.dst, sport: packet.sport, dport: packet.dport },
    iif: packet.in,
    oif: packet.out,
    ipId: packet.id,
    ipLen: packet.len,
    ttl: packet.ttl,
    tcpFlags: proto === 'tcp' ? tcpFlagsByte(packet.flags) ?? 0 : null,
    icmpType: packet.icmpType,
    icmpCode: packet.icmpCode,
    fields: { ...packet.fields, ...(packet.flags.length ? { FLAGS: packet.flags.join(' ') } : {}) },
  };
}

/** What one legacy TRACE message says: the step and the packet printed with it. */
export interface LegacyTraceLine {
  step: RuleTraceStep;
  view: TracedPacket;
}

/** True when a kernel log message is an iptables TRACE line (cheap test for the dmesg reader and the probes). */
export function isLegacyTraceMessage(message: string): boolean {
  return message.startsWith('TRACE: ') && TRACE.test(message);
}

/** Reads a kernel log message (prefix already removed) as a legacy TRACE line; null when it is not one. */
export function readLegacyTrace(message: string, line: number, time: RawTime | null): LegacyTraceLine | null {
  if (!message.startsWith('TRACE: ')) return null;
  const m = TRACE.exec(message.trimEnd());
  if (!m) return null;
  const packet = decodeLogTarget(m[5]);
  if (!packet) return null;
  const view = tracedFromLogFields(packet, line);
  const family = view.tuple.src?.includes(':') || 'HOPLIMIT' in packet.fields ? 'ip6' : 'ip';
  const step: RuleTraceStep = {
    line, time, family, table: m[1], chain: m[2], hook: null, kind: m[3] as RuleTraceStep['kind'],
    ruleText: null, ruleNumber: Number(m[4]), handle: null, verdict: null,
  };
  return { step, view };
}
