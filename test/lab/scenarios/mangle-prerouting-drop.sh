# A mangle PREROUTING rule (iptables legacy) drops c2's SYNs before filter INPUT — which would have accepted them.
# Truth: dropped, PRE_ROUTING, iptables legacy table mangle, chain PREROUTING, rule "-s 10.0.2.8/32 … -j DROP".
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv iptables-legacy -t mangle -A PREROUTING -s 10.0.2.8/32 -p tcp -m tcp --dport $PORT -j DROP
}
