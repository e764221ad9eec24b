#!/bin/bash
# run-collector.sh SCENARIO OUTDIR [COLLECTOR OPTIONS...]
# Builds the lab hosts, applies scenarios/SCENARIO.sh, runs collect/hookline-collect.sh inside srv's namespace
# against c2 (10.0.2.8) the way a customer would, runs the scenario's clients while its window is open, and tears
# the hosts down. The archive lands in OUTDIR; its path is the last line on stdout.
# Needs root and: iproute2 iptables nftables tcpdump linux-perf and/or bpftrace socat netcat-openbsd iputils-ping.
set -u
exec 9>"${TMPDIR:-/tmp}/hookline-lab.lock"; flock 9   # one lab at a time: the hosts have fixed names
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SC=${1:?scenario}; OUT=${2:?outdir}; shift 2
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
S="ip netns exec srv"
trap '"$HERE/teardown.sh"' EXIT
"$HERE/topo.sh"
PORT=20202
# shellcheck source=/dev/null
source "$HERE/scenarios/$SC.sh"
sysctl -qw net.netfilter.nf_log_all_netns=1
setup
[ "${NO_LISTENER:-0}" = 1 ] || { $S socat ${LISTEN:-TCP-LISTEN}:$PORT,fork,reuseaddr SYSTEM:'echo welcome' >/dev/null 2>&1 & SOCAT=$!; }
sleep 0.3
# The collector as the customer runs it: plain sh, as root, in srv's network namespace.
$S sh "$ROOT/collect/hookline-collect.sh" -o "$OUT" "$@" 10.0.2.8 >"$OUT/.collector.out" 2>"$OUT/.collector.err" & COL=$!
for _ in $(seq 1 120); do grep -q 'window open' "$OUT/.collector.err" 2>/dev/null && break; kill -0 $COL 2>/dev/null || break; sleep 0.5; done
sleep 1
clients
wait $COL; STATUS=$?
[ -n "${SOCAT:-}" ] && kill "$SOCAT" 2>/dev/null
cat "$OUT/.collector.err" >&2
tail -n 1 "$OUT/.collector.out"
exit $STATUS
