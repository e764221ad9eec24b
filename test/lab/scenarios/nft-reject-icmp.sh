# An nftables inet filter input chain rejects c2's TCP to the service with an ICMP admin-prohibited error.
# Truth: rejected, LOCAL_IN, nftables "inet filter" chain input, rule "… reject with icmpx admin-prohibited".
source "$HERE/scenarios/common-clients.sh"
setup() {
  ip netns exec srv nft -f - <<'NFT'
table inet filter {
  chain input {
    type filter hook input priority filter; policy accept;
    ct state established,related accept
    ip saddr 10.0.2.8 tcp dport 20202 counter reject with icmpx admin-prohibited
  }
}
NFT
}
