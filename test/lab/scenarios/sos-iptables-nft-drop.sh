# iptables-nft-drop (INPUT drops c2's TCP to the service, nf_tables backend) with a `sos report` taken on srv right
# after the clients ran, as a customer would attach to a ticket, and a supportconfig-layout bundle of the same moment
# (test/lab/make-supportconfig.sh): the bundle fixtures of issue 11.
# Truth: dropped, LOCAL_IN, owner iptables backend nft, table filter, chain INPUT, rule "-s 10.0.2.8/32 … -j DROP".
# extra_stop runs sos inside srv's network namespace (its iptables, nft, /proc/net, ip -s link are srv's; dmesg,
# uname, date and uptime are the host's, as they are for any process on it). --allow-system-changes: this kernel has
# nf_tables built in, so sos's "module loaded" predicates would otherwise skip the iptables and nft commands.
# Needs Debian's `sosreport` package (sos 4.0).
source "$HERE/scenarios/iptables-nft-drop.sh"
extra_stop() {
  mkdir -p "$OUT/.sos"
  ip netns exec srv sos report --batch --quiet --allow-system-changes -o networking,kernel,date,host,ebpf --tmp-dir "$OUT/.sos" >/dev/null 2>&1
  mv "$OUT"/.sos/sosreport-*.tar.xz "$OUT/" 2>/dev/null
  rm -rf "$OUT/.sos"
  # and the same moment as a supportconfig-layout bundle (hand-made from real outputs: SUSE's tool is not in Debian)
  "$HERE/make-supportconfig.sh" "$OUT" srv
}
