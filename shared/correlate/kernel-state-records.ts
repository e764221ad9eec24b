import type { BpfAttachFact, BpfProgFact } from '../model/bpf-prog';
import type { ConntrackEntry, ConntrackEvent, ConntrackStats } from '../model/conntrack';
import type { QdiscFact } from '../model/qdisc';

/** The kernel-state records of issue 10 the case index keeps together: conntrack, tc objects, BPF facts. */
export type KernelStateRecord = ConntrackEntry | ConntrackEvent | ConntrackStats | QdiscFact | BpfProgFact | BpfAttachFact;

/** A kernel-state record of one kind with the artifact it came from. */
export interface StateOf<T> {
  artifact: string;
  record: T;
}

/** The records of one kind, in artifact order. */
export function stateOfKind<K extends KernelStateRecord['kind']>(state: Array<{ artifact: string; record: KernelStateRecord }>, kind: K): Array<StateOf<Extract<KernelStateRecord, { kind: K }>>> {
  return state.filter((s): s is StateOf<Extract<KernelStateRecord, { kind: K }>> => s.record.kind === kind);
}
