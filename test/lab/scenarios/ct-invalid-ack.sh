# c2 sends stray TCP ACKs (no handshake; hping3 -A) to srv:20202. With nf_conntrack_tcp_loose=0 conntrack marks them
# INVALID, and srv's filter INPUT rule "-m conntrack --ctstate INVALID -j DROP" drops them before the whitelist.
# Truth: c2 → srv:20202 tcp dropped at LOCAL_IN by iptables legacy filter INPUT, rule "--ctstate INVALID -j DROP".
source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  ip netns exec srv sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0
  centos_ruleset
  ip netns exec srv iptables-legacy -I INPUT 1 -m conntrack --ctstate INVALID -j DROP
}
clients() {
  ip netns exec c1 sh -c "echo hi | nc -w 2 10.0.0.3 $PORT" >/dev/null 2>&1
  sleep 0.5
  ip netns exec c2 hping3 -A -p $PORT -s 40404 -k -c 4 -i u300000 10.0.0.3 >/dev/null 2>&1
  ip netns exec c1 ping -c 1 -W 1 10.0.0.3 >/dev/null 2>&1
}
after_record() {
  ip netns exec srv conntrack -S > "$OUT/conntrack-S.txt" 2>/dev/null || true
}
