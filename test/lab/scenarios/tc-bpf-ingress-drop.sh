# A tc BPF program on srv's eth0 ingress drops c2's packets before netfilter sees them: a clsact qdisc and a
# direct-action `bpf` filter running hl_tc_drop (test/lab/bpf-tc-drop.c: TC_ACT_SHOT for IPv4 from 10.0.2.8).
# The iptables whitelist accepts c2, so no rule drops. `tc -s qdisc`, `tc -s filter … ingress` and `ip -s link` are
# saved before the clients run and after: the clsact qdisc's `dropped` grows by the dropped packets. The kernel
# frees them with drop reason TC_INGRESS; `bpftool net show` / `prog show` name the attached program.
# (The lab kernel has no act_gact / cls_u32, so a classic `u32 … action drop` filter cannot be used here.)
# Needs cc and bpftool. Truth: c2 → srv:20202 tcp dropped on eth0 tc ingress by the BPF program hl_tc_drop.
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
BPFFS=${TMPDIR:-/tmp}/hookline-lab-bpffs
tc_stats() { # when: each file starts with the command line, as an engineer's paste keeps it
  { echo "# tc -s qdisc show dev eth0"; ip netns exec srv tc -s qdisc show dev eth0; } > "$OUT/tc-s-qdisc-$1.txt"
  { echo "# tc -s filter show dev eth0 ingress"; ip netns exec srv tc -s filter show dev eth0 ingress; } > "$OUT/tc-s-filter-ingress-$1.txt"
  ip netns exec srv ip -s link show dev eth0 > "$OUT/ip-link-stats-$1.txt"
}
setup() {
  centos_ruleset
  cc -O2 -o "${TMPDIR:-/tmp}/bpf-tc-drop" "$HERE/bpf-tc-drop.c"
  mkdir -p "$BPFFS"; mountpoint -q "$BPFFS" || mount -t bpf bpf "$BPFFS"
  rm -f "$BPFFS/hl_tc_drop"
  "${TMPDIR:-/tmp}/bpf-tc-drop" 10.0.2.8 "$BPFFS/hl_tc_drop"
  ip netns exec srv tc qdisc add dev eth0 clsact
  ip netns exec srv tc filter add dev eth0 ingress pref 10 bpf object-pinned "$BPFFS/hl_tc_drop" direct-action
  rm -f "$BPFFS/hl_tc_drop"   # the filter holds the program now
  tc_stats before
}
after_record() {
  tc_stats after
  { echo "# bpftool net show"; ip netns exec srv bpftool net show; echo "# bpftool prog show name hl_tc_drop"; ip netns exec srv bpftool prog show name hl_tc_drop; } > "$OUT/bpftool-net-prog-show.txt" 2>&1
}
