/**
 * One loaded BPF program from `bpftool prog show` (text or `-j`). A netfilter program is what a BPF netfilter
 * link (a HookEntry with `bpfId`) runs; its JIT symbol `bpf_prog_<tag>_<name>` is what stacks and kallsyms show.
 */
export interface BpfProgFact {
  kind: 'bpf-prog';
  line: number;
  id: number;
  /** Program type as printed (`netfilter`, `xdp`, `sched_cls`…), or `type N` from a bpftool that does not know it. */
  type: string;
  name: string | null;
  /** 16 hex digits. */
  tag: string | null;
  /** `loaded_at` as printed (`2026-11-25T01:03:26+0000`, or an epoch number from `-j`). */
  loadedAt: string | null;
  uid: number | null;
  mapIds: number[];
  /** Processes holding it (`pids comm(pid)`), as printed. */
  pids: string[];
}

/**
 * A BPF program attached outside netfilter, where it can drop packets before any hook: XDP, tc / tcx, flow
 * dissector (`bpftool net show`, `bpftool link show` of xdp / tcx links).
 */
export interface BpfAttachFact {
  kind: 'bpf-attach';
  line: number;
  /** xdp | tc | tcx | flow_dissector | netkit | … (the section or link type). */
  attachType: string;
  device: string | null;
  /** `ingress` / `egress` / XDP mode (`driver`, `generic`, `offload`) / clsact direction, as printed. */
  where: string | null;
  progId: number | null;
  progName: string | null;
}
