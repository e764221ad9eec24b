# The ct-invalid-ack situation with conntrack's own counters saved before and after the clients: c2's stray TCP
# ACKs (hping3 -A, no handshake, nf_conntrack_tcp_loose=0) are INVALID to conntrack, which counts them in
# `conntrack -S` invalid=, and srv's filter INPUT rule "-m conntrack --ctstate INVALID -j DROP" drops them.
# `conntrack -L` after shows no entry for them (an INVALID packet creates none); c1's nc leaves a TIME_WAIT entry.
# Truth: c2 → srv:20202 tcp dropped at LOCAL_IN by iptables legacy filter INPUT, rule "--ctstate INVALID -j DROP".
source "$HERE/scenarios/ct-invalid-ack.sh"
ct_stats() { ip netns exec srv conntrack -S > "$OUT/conntrack-S-$1.txt" 2>/dev/null || true; }
eval "ct_setup() $(declare -f setup | tail -n +2)"
setup() { ct_setup; ct_stats before; }
after_record() {
  ct_stats after
  ip netns exec srv conntrack -L > "$OUT/conntrack-L.txt" 2>/dev/null || true
}
