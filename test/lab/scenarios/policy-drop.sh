# INPUT policy DROP; only c1 is whitelisted for the service, c2 is not (the customer forgot it).
# Truth: dropped, LOCAL_IN, iptables legacy filter INPUT, rule "policy DROP".
source "$HERE/scenarios/common-clients.sh"
setup() {
  local X="ip netns exec srv iptables-legacy"
  $X -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
  $X -A INPUT -p icmp -j ACCEPT
  $X -A INPUT -s 10.0.2.7/32 -p tcp -m tcp --dport $PORT -j ACCEPT
  $X -P INPUT DROP
}
