// Which table a listing without a table name shows (`iptables -L` without `-t`, an iptables-save fragment cut
// before its `*table` line). Built-in chains per table: filter INPUT FORWARD OUTPUT; nat PREROUTING INPUT OUTPUT
// POSTROUTING; mangle all five; raw PREROUTING OUTPUT; security INPUT FORWARD OUTPUT. Targets that are valid in
// one table only (DNAT/SNAT/MASQUERADE/REDIRECT: nat; NOTRACK/CT: raw) settle it.
// Ref: iptables(8) TABLES; iptables-extensions(8) target restrictions.

/** A table name and how it was found; `sure` is false when only the default ('filter') was left. */
export interface TableGuess {
  table: string;
  sure: boolean;
  why: string;
}

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
const RAW_TARGETS = new Set(['NOTRACK', 'CT']);

/** Guesses the table from the chain names and targets seen. */
export function guessIptablesTable(chains: Iterable<string>, targets: Iterable<string>): TableGuess {
  const names = new Set(chains);
  const used = [...targets];
  const nat = used.find((t) => NAT_TARGETS.has(t));
  if (nat) return { table: 'nat', sure: true, why: `target ${nat} exists only in the nat table` };
  const raw = used.find((t) => RAW_TARGETS.has(t));
  if (raw) return { table: 'raw', sure: true, why: `target ${raw} exists only in the raw table` };
  const pre = names.has('PREROUTING');
  const post = names.has('POSTROUTING');
  if ((pre || post) && names.has('FORWARD')) return { table: 'mangle', sure: true, why: 'FORWARD with PREROUTING/POSTROUTING is only in mangle' };
  if (post || (pre && names.has('INPUT'))) return { table: 'nat', sure: false, why: 'PREROUTING/POSTROUTING without FORWARD (nat or mangle)' };
  if (pre) return { table: 'raw', sure: false, why: 'PREROUTING without FORWARD/POSTROUTING (raw, nat or mangle)' };
  if (names.has('INPUT') && names.has('FORWARD') && names.has('OUTPUT')) {
    return { table: 'filter', sure: true, why: 'INPUT, FORWARD and OUTPUT without PREROUTING/POSTROUTING' };
  }
  if (names.has('INPUT') || names.has('FORWARD') || names.has('OUTPUT')) {
    return { table: 'filter', sure: false, why: 'only some of INPUT/FORWARD/OUTPUT shown (filter, mangle or security)' };
  }
  return { table: 'filter', sure: false, why: 'no built-in chain shown' };
}
