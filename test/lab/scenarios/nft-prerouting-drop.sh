# An nftables chain at PRE_ROUTING (family ip, priority raw) drops c2's TCP to the service; iptables accepts all.
# Truth: dropped, PRE_ROUTING, nftables table "ip edge", chain pre, rule "ip saddr 10.0.2.8 tcp dport 20202 … drop".
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv nft -f - <<'NFT'
table ip edge {
  chain pre {
    type filter hook prerouting priority raw; policy accept;
    ip saddr 10.0.2.8 tcp dport 20202 counter drop
  }
}
NFT
}
