# srv's eth0 has MTU 1000 while everything else stays at 1500: c2's big pings (1200-byte payload) cross the bridge
# and are dropped by srv's veth on receive because they do not fit (____dev_forward_skb counts them in eth0's
# rx_dropped), before srv's stack or netfilter sees them. c1's small pings and the TCP connections go through.
# `ip -s link` of srv's eth0 is saved before and after the clients.
# Truth: c2 → srv icmp dropped outside netfilter (hook null) by the device's receive path (owner kind kernel),
# eth0 rx_dropped grew by the number of c2's pings.
source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv ip link set dev eth0 mtu 1000
  ip netns exec srv ip -s link show dev eth0 > "$OUT/ip-link-stats-before.txt"
}
clients() {
  ip netns exec c1 sh -c "echo hi | nc -w 2 10.0.0.3 $PORT" >/dev/null 2>&1
  ip netns exec c1 ping -c 2 -i 0.5 -W 1 10.0.0.3 >/dev/null 2>&1
  ip netns exec c2 ping -c 3 -i 0.5 -W 1 -s 1200 10.0.0.3 >/dev/null 2>&1
}
after_record() {
  ip netns exec srv ip -s link show dev eth0 > "$OUT/ip-link-stats-after.txt"
}
