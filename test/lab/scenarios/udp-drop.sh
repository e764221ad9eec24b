# A UDP service on 20202; an nftables ip filter input chain drops c2's datagrams; c1 gets its answers.
# Truth: c2 → srv:20202 udp dropped at LOCAL_IN by nftables "ip filter" chain input, rule "ip saddr 10.0.2.8 udp dport 20202 … drop".
LISTEN=UDP-LISTEN
setup() {
  ip netns exec srv nft -f - <<'NFT'
table ip filter {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr 10.0.2.8 udp dport 20202 counter drop
  }
}
NFT
}
clients() {
  ip netns exec c1 sh -c "echo hi | socat -t 1 - UDP:10.0.0.3:$PORT" >/dev/null 2>&1
  sleep 0.5
  for i in 1 2 3; do ip netns exec c2 sh -c "echo hi$i | socat -t 1 - UDP:10.0.0.3:$PORT,sourceport=40500" >/dev/null 2>&1; done
}
