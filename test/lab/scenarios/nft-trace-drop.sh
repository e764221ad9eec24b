# The hidden-hook situation, traced: an nftables base chain (inet resguard / net_hook_in_v4, input priority 10)
# drops c2, while a prerouting chain sets `meta nftrace set 1` for c2's packets and `nft monitor trace` records them.
# Truth: c2 → srv:20202 tcp dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4, rule from the trace.
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() {
  centos_ruleset
  ip netns exec srv nft -f - <<'NFT'
table inet resguard {
  set blacklist { type ipv4_addr; elements = { 10.0.2.8 } }
  chain trace_pre {
    type filter hook prerouting priority -350; policy accept;
    ip saddr 10.0.2.8 meta nftrace set 1
  }
  chain net_hook_in_v4 {
    type filter hook input priority 10; policy accept;
    ip saddr @blacklist counter drop
  }
}
NFT
}
extra_start() { ip netns exec srv nft monitor trace > "$OUT/nft-monitor-trace.txt" 2>&1 & echo $! > "$OUT/.nftmon"; }
extra_stop() { kill "$(cat "$OUT/.nftmon")" 2>/dev/null; rm -f "$OUT/.nftmon"; }
