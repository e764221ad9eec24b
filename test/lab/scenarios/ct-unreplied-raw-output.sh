# srv answers c2's SYNs, but a raw-table OUTPUT rule drops the SYN-ACKs. The raw table runs before conntrack
# (priority -300 < -200), so conntrack never sees a reply: `conntrack -L` taken right after the clients shows
# c2's connection as SYN_SENT [UNREPLIED], while c1's completes. `conntrack -S` is saved before and after.
# Truth: c2 → srv:20202 tcp dropped at LOCAL_OUT (its SYN-ACK) by iptables legacy raw OUTPUT, rule "-d 10.0.2.8/32 … DROP".
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv iptables-legacy -t raw -A OUTPUT -d 10.0.2.8/32 -p tcp -m tcp --sport $PORT -j DROP
  ip netns exec srv conntrack -S > "$OUT/conntrack-S-before.txt" 2>/dev/null || true
}
after_record() {
  ip netns exec srv conntrack -S > "$OUT/conntrack-S-after.txt" 2>/dev/null || true
  ip netns exec srv conntrack -L > "$OUT/conntrack-L.txt" 2>/dev/null || true
}
