# The rules are iptables-nft (nf_tables backend): INPUT drops c2's TCP to the service.
# Truth: dropped, LOCAL_IN, owner iptables backend nft, table filter, chain INPUT, rule "-s 10.0.2.8/32 … -j DROP",
# freed in nft_do_chain (an iptables-nft drop is an nft drop).
source "$HERE/scenarios/common-clients.sh"
setup() {
  local X="ip netns exec srv iptables-nft"
  $X -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
  $X -A INPUT -p icmp -j ACCEPT
  $X -A INPUT -s 10.0.2.8/32 -p tcp -m tcp --dport $PORT -j DROP
  $X -A INPUT -p tcp -m tcp --dport $PORT -j ACCEPT
}
