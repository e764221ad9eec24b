# c2's connections are REJECTed with a TCP reset by an iptables (legacy) INPUT rule placed before the whitelist.
# Truth: outcome rejected, LOCAL_IN, iptables legacy filter INPUT, rule "-s 10.0.2.8/32 … -j REJECT --reject-with tcp-reset".
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv iptables-legacy -I INPUT 2 -s 10.0.2.8/32 -p tcp -m tcp --dport $PORT -j REJECT --reject-with tcp-reset
}
