#!/bin/bash
# record-trace-formats.sh OUTROOT
# Records the lab-6.18-* files of test/fixtures/{nft-trace,iptables-trace,conntrack,tc-stats,bpftool}/ (each
# folder's README.md says what every file shows). Builds the lab hosts with topo.sh (srv 10.0.0.3 / fd00::3,
# c1 10.0.2.7 / fd00::2:7, c2 10.0.2.8 / fd00::2:8 on one bridge), runs five short sessions on srv, tears down.
# Needs root, nftables, iptables (legacy + nft), conntrack, socat, netcat-openbsd, iputils-ping, bpftool, cc.
set -u
exec 9>"${TMPDIR:-/tmp}/hookline-lab.lock"; flock 9   # one lab at a time: the hosts have fixed names
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "${1:?outroot, e.g. test/fixtures}" && pwd)
S="ip netns exec srv"; C1="ip netns exec c1"; C2="ip netns exec c2"
PIDS=()
stop() { for p in "$@"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }

"$HERE/topo.sh"
for h in srv:fd00::3 c1:fd00::2:7 c2:fd00::2:8; do ip netns exec "${h%%:*}" ip addr add "${h#*:}/64" dev eth0 nodad; done
$S socat TCP6-LISTEN:20202,fork,reuseaddr SYSTEM:'echo welcome' >/dev/null 2>&1 & LISTENER=$!
$S sysctl -qw net.netfilter.nf_conntrack_acct=1 net.netfilter.nf_conntrack_timestamp=1
sleep 0.5

# 1. nft monitor trace: DNAT (the packet changes between hooks), a mark set then `policy drop`, IPv6 and ICMPv6.
#    conntrack -E runs at the same time; conntrack -L after.
$S nft -f - <<'EOF'
table inet hl {
	chain trace_pre {
		type filter hook prerouting priority -301; policy accept;
		meta l4proto tcp meta nftrace set 1
		icmp type echo-request meta nftrace set 1
		icmpv6 type echo-request meta nftrace set 1
	}
	chain nat_pre {
		type nat hook prerouting priority dstnat; policy accept;
		meta nfproto ipv4 tcp dport 8080 dnat ip to 10.0.0.3:20202
	}
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept
		meta mark set 0x2a
		ip saddr 10.0.2.7 tcp dport 20202 accept
		ip6 saddr fd00::2:7 tcp dport 20202 accept
	}
	chain output {
		type filter hook output priority filter; policy accept;
		meta l4proto tcp meta nftrace set 1
	}
}
EOF
$S nft monitor trace > "$OUT/nft-trace/lab-6.18-nft-monitor-trace-dnat-mark-policy-drop-ipv6.txt" 2>&1 & MON=$!
$S conntrack -E -o extended,timestamp,id > "$OUT/conntrack/lab-6.18-conntrack-E-o-extended-timestamp-id-dnat-ipv6.txt" 2>&1 & EV=$!
sleep 0.5
$C1 nc -w 2 10.0.0.3 8080 </dev/null >/dev/null 2>&1          # DNAT to 20202, accepted
$C2 nc -z -w 1 10.0.0.3 20202 >/dev/null 2>&1                 # mark 0x2a, input policy drop
$C1 nc -6 -w 2 fd00::3 20202 </dev/null >/dev/null 2>&1       # IPv6, accepted
$C2 ping -6 -c 1 -W 1 fd00::3 >/dev/null 2>&1                 # ICMPv6 echo, policy drop
sleep 1
$S conntrack -L > "$OUT/conntrack/lab-6.18-conntrack-L-dnat-acct.txt" 2>&1
$S conntrack -L -f ipv6 -o extended > "$OUT/conntrack/lab-6.18-conntrack-L-f-ipv6-o-extended.txt" 2>&1
stop $MON $EV
$S nft flush ruleset

# 2. iptables-legacy TRACE in the kernel log: ip6tables DROP, and an IPv4 DNAT with a non-terminal mangle rule.
ALL_NETNS=$(sysctl -n net.netfilter.nf_log_all_netns)
sysctl -qw net.netfilter.nf_log_all_netns=1
$S sh -c 'grep -q nf_log_ipv6 /proc/sys/net/netfilter/nf_log/10 || echo nf_log_ipv6 > /proc/sys/net/netfilter/nf_log/10'
$S ip6tables-legacy -t raw -A PREROUTING -p tcp --dport 20202 -j TRACE
$S ip6tables-legacy -t raw -A PREROUTING -p ipv6-icmp --icmpv6-type echo-request -j TRACE
$S ip6tables-legacy -A INPUT -s fd00::2:8 -j DROP
$S iptables-legacy -t raw -A PREROUTING -p tcp --dport 8080 -j TRACE
$S iptables-legacy -t mangle -A PREROUTING -p tcp --dport 8080 -j MARK --set-mark 0x2a
$S iptables-legacy -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.3:20202
N0=$(dmesg | wc -l)
$C2 nc -6 -z -w 1 fd00::3 20202 >/dev/null 2>&1                # dropped in filter INPUT rule 1
$C2 ping -6 -c 1 -W 1 fd00::3 >/dev/null 2>&1                  # dropped in filter INPUT rule 1
$C1 nc -w 1 10.0.0.3 8080 </dev/null >/dev/null 2>&1           # mangle MARK, nat DNAT, filter INPUT policy
sleep 0.5
dmesg | tail -n +$((N0 + 1)) > "$OUT/iptables-trace/lab-6.18-legacy-dmesg-TRACE-ip6tables-drop-ipv4-dnat.txt"
sysctl -qw net.netfilter.nf_log_all_netns="$ALL_NETNS"
for t in raw mangle nat filter; do $S iptables-legacy -t $t -F; $S ip6tables-legacy -t $t -F 2>/dev/null; done

# 3. xtables-monitor --trace with ip6tables-nft: a user chain that drops one client, returns for the other.
#    a) rules with `-p tcp --dport`: xtables-monitor 1.8.9 fails to print them for IPv6 and exits;
#    b) the same with address matches only.
$S ip6tables-nft -t raw -A PREROUTING -p tcp --dport 20202 -j TRACE
$S ip6tables-nft -N SVC
$S ip6tables-nft -A INPUT -p tcp --dport 20202 -j SVC
$S ip6tables-nft -A SVC -s fd00::2:8 -j DROP
$S xtables-monitor --trace > "$OUT/iptables-trace/lab-6.18-xtables-monitor-trace-ip6tables-nft-tcp-match-error.txt" 2>&1 & XT=$!
sleep 0.5
$C2 nc -6 -z -w 1 fd00::3 20202 >/dev/null 2>&1
sleep 0.5
stop $XT
$S nft flush ruleset
$S ip6tables-nft -t raw -A PREROUTING -s fd00::2:0/120 -j TRACE
$S ip6tables-nft -N SVC
$S ip6tables-nft -A INPUT -i eth0 -s fd00::2:0/120 -j SVC
$S ip6tables-nft -A SVC -s fd00::2:8 -j DROP
$S xtables-monitor --trace > "$OUT/iptables-trace/lab-6.18-xtables-monitor-trace-ip6tables-nft-svc-drop.txt" 2>&1 & XT=$!
sleep 0.5
$C2 nc -6 -z -w 1 fd00::3 20202 >/dev/null 2>&1                # SVC rule 1 drops the SYN (and its retransmit)
$C1 nc -6 -w 1 fd00::3 20202 </dev/null >/dev/null 2>&1        # SVC returns, INPUT policy ACCEPT
sleep 0.5
stop $XT
$S nft flush ruleset

# 4. tc -s qdisc show (every device, so tc prints `dev X`): a tbf on srv's eth0 that drops a ping flood.
$S tc qdisc add dev eth0 root handle 1: tbf rate 256kbit burst 1600 limit 3000
$S timeout 20 ping -f -c 300 -s 1400 10.0.2.7 >/dev/null 2>&1
$S tc -s qdisc show > "$OUT/tc-stats/lab-6.18-tc-s-qdisc-show-all-devices-tbf.txt" 2>&1

# 5. bpftool 7.1 (Debian 12) with two BPF netfilter links (ip input prio 10, ip6 forward prio -50): the old
#    output without hook lines. The `# bpftool …` lines are echoed as an engineer's paste would show them.
cc -O2 -o /tmp/bpf-nf-accept "$HERE/bpf-nf-accept.c"
$S /tmp/bpf-nf-accept 2 1 10 >/dev/null & B1=$!
$S /tmp/bpf-nf-accept 10 2 -50 >/dev/null & B2=$!
sleep 0.5
for c in "link show" "prog show" "net show"; do echo "# bpftool $c"; $S bpftool $c; done > "$OUT/bpftool/lab-6.18-bpftool-7.1-link-prog-net-show.txt" 2>&1
$S bpftool -j prog show > "$OUT/bpftool/lab-6.18-bpftool-7.1-j-prog-show.json" 2>&1
grep -E ' bpf_prog_[0-9a-f]{16}_hl_nf_accept' /proc/kallsyms | sed 's/^[0-9a-f]*/ADDR/' > /tmp/hl-bpf-kallsyms.txt
stop $B1 $B2 $LISTENER
"$HERE/teardown.sh"
chmod 644 "$OUT"/{nft-trace,iptables-trace,conntrack,tc-stats,bpftool}/lab-6.18-* 2>/dev/null
echo "kallsyms of the JIT images (kept out of the fixtures):"; cat /tmp/hl-bpf-kallsyms.txt
