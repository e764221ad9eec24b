# iptables (legacy) OUTPUT drops the echo replies to c2: c2's pings get no answer, its TCP works.
# Truth: c2 → srv icmp dropped at LOCAL_OUT by filter OUTPUT rule "-d 10.0.2.8/32 -p icmp -m icmp --icmp-type 0 -j DROP".
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv iptables-legacy -A OUTPUT -d 10.0.2.8/32 -p icmp -m icmp --icmp-type echo-reply -j DROP
}
