#!/bin/sh
# hookline-collect.sh — collect, on the box that drops the packets, what Hookline needs to say who dropped them:
# a capture filtered on the peer, the kernel's drops in the same window (perf > bpftrace > systemtap > dropwatch),
# the rulesets before and after, the netfilter hooks, clock anchors, counters and facts about this host, a MANIFEST
# (SHA-256 and producing command of every file), all in one .tar.gz. Nothing is sent anywhere.
#
# POSIX sh: runs under dash, bash --posix, busybox ash and CentOS 7's bash 4.2. Needs root for the capture and the
# tracing. Read-only except for the tracing it starts, which it stops on exit, Ctrl-C, timeout or error (trap);
# every tracer is also bounded on its own (timeout / `-- sleep` / an exit probe) should this script be killed -9.
# Ref: Hookline CODE.md (the formats the engine reads), test/lab/run-scenario.sh (how the lab records a case).

VERSION=1

usage() {
  cat <<'EOF'
usage: hookline-collect.sh [options] PEER [PORT]

Run as root on the host that drops the packets, while the problem happens (reproduce it during the window).
  PEER               address of the client (or server) whose packets get lost: 10.0.2.8, 2001:db8::8
  PORT               optional TCP/UDP port of the service (the capture keeps ICMP errors too)
  -i, --interface IF capture interface (default: any)
  -d, --duration S   seconds of capture and kernel tracing (default: 60, at most 3600)
  -s, --size-cap MB  stop the capture and tracer when a file reaches this size (default: 200)
  -o, --output DIR   where the folder and the .tar.gz go (default: current directory)
  -t, --tracer NAME  kernel-drop tracer: perf, bpftrace, stap or dropwatch (default: the first that works)
  -T, --trace        also trace the peer's packets rule by rule for the window: adds a temporary nftables table
                     `hookline_trace` (meta nftrace set 1, scoped to the peer and this host's address) and runs
                     `nft monitor trace`, or on iptables-legacy only hosts a raw-table `-j TRACE` pair (lines in
                     the kernel log); the rule is ALWAYS removed again, also on Ctrl-C, timeout or error
  -n, --dry-run      print what would be collected and which tools are missing; change nothing
  -h, --help         this text
Ctrl-C once ends the window early and still packs the archive; twice aborts.
Output: DIR/hookline-HOST-YYYYmmddTHHMMSSZ.tar.gz — open it with Hookline (drop it on the app, or
`hookline analyze FILE.tar.gz`). What could not be collected is listed in its MISSING file and printed here.
EOF
}

# ---- arguments -------------------------------------------------------------------------------------------------
PEER=''; PORT=''; IFACE=any; DURATION=60; CAP_MB=200; OUTDIR=.; DRY=0; TRACE=0; TRACERS='perf bpftrace stap dropwatch'
die() { printf 'hookline-collect: %s\n' "$*" >&2; exit 2; }
need_value() { if [ "$#" -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi; }
while [ "$#" -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    -n|--dry-run) DRY=1 ;;
    -T|--trace) TRACE=1 ;;
    -i|--interface) need_value "$@"; IFACE=$2; shift ;;
    -d|--duration) need_value "$@"; DURATION=$2; shift ;;
    -s|--size-cap) need_value "$@"; CAP_MB=$2; shift ;;
    -o|--output) need_value "$@"; OUTDIR=$2; shift ;;
    -t|--tracer) need_value "$@"
      case $2 in perf|bpftrace|stap|dropwatch) TRACERS=$2 ;; *) die "unknown tracer: $2 (perf, bpftrace, stap, dropwatch)" ;; esac
      shift ;;
    --) shift; break ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) break ;;
  esac
  shift
done
[ "$#" -ge 1 ] || { usage >&2; die 'the peer address is required'; }
PEER=$1; PORT=${2:-}
[ "$#" -le 2 ] || die "too many arguments: $*"

is_uint() { case $1 in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }
in_range() { is_uint "$1" && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; } # value min max
# An address only (no host names: nothing is resolved, nothing leaves the box); the capture filter is built from it.
case $PEER in
  *[!0-9a-fA-F.:]*|'') die "PEER must be an IPv4 or IPv6 address: $PEER" ;;
esac
if [ -n "$PORT" ]; then in_range "$PORT" 1 65535 || die "PORT must be 1-65535: $PORT"; fi
in_range "$DURATION" 1 3600 || die "duration must be 1-3600 seconds: $DURATION"
in_range "$CAP_MB" 1 100000 || die "size cap must be 1-100000 MB: $CAP_MB"
case $IFACE in *[!A-Za-z0-9_.:@-]*|'') die "bad interface name: $IFACE" ;; esac

FILTER="host $PEER"
[ -n "$PORT" ] && FILTER="host $PEER and (port $PORT or icmp or icmp6)"
CAP_BYTES=$((CAP_MB * 1024 * 1024))
# Every tracer stops on its own this long after the window even if this script is killed with SIGKILL.
GUARD=$((DURATION + 60))

have() { command -v "$1" >/dev/null 2>&1; }

# ---- the per-packet rule trace (--trace) ------------------------------------------------------------------------
# The same commands, word for word, as Hookline proposes under "collect next" (shared/correlate/missing-commands.ts
# traceCommands; test/collect/collector-script.test.ts checks they agree): a table of our own with two chains at
# priority -350 (before raw and conntrack) marking the peer's packets and this host's answers, read with
# `nft monitor trace`; or the iptables-legacy `-j TRACE` pair in raw, printed to the kernel log.
# Ref: nft(8) "meta nftrace", "monitor trace"; iptables-extensions(8) TRACE; formats-notes §13-14.
trace_family() { case $1 in *:*) echo ip6 ;; *) echo ip ;; esac; }
nft_trace_add() { # peer local: prints the commands that add the trace, joined with &&
  f=$(trace_family "$1")
  printf '%s' "nft add table inet hookline_trace && nft add chain inet hookline_trace pre '{ type filter hook prerouting priority -350; }' && nft add chain inet hookline_trace out '{ type filter hook output priority -350; }' && nft add rule inet hookline_trace pre $f saddr $1 $f daddr $2 meta nftrace set 1 && nft add rule inet hookline_trace out $f saddr $2 $f daddr $1 meta nftrace set 1"
}
NFT_TRACE_DEL='nft delete table inet hookline_trace'
ipt_trace_cmd() { case $1 in *:*) echo ip6tables-legacy ;; *) echo iptables-legacy ;; esac; }
ipt_trace_add() { c=$(ipt_trace_cmd "$1"); printf '%s' "$c -t raw -I PREROUTING -s $1 -d $2 -j TRACE && $c -t raw -I OUTPUT -s $2 -d $1 -j TRACE"; }
ipt_trace_del() { c=$(ipt_trace_cmd "$1"); printf '%s' "$c -t raw -D PREROUTING -s $1 -d $2 -j TRACE; $c -t raw -D OUTPUT -s $2 -d $1 -j TRACE"; }
# This host's address towards the peer (the flow's other end), from the routing table; nothing is sent.
local_address() {
  ip route get "$1" 2>/dev/null | sed -n 's/.* src \([0-9a-fA-F.:]*\).*/\1/p' | head -n 1
}

# ---- which tools are here --------------------------------------------------------------------------------------
# The kernel-drop tracer, in order of what the engine gets from it: perf (callchains, boot clock, header),
# bpftrace (addresses and reason of each drop), systemtap (backtraces), dropwatch (locations only).
TRACER=none
for t in $TRACERS; do if have "$t"; then TRACER=$t; break; fi; done
# nf_tables / ip_tables are only asked when present: `nft` or `iptables-legacy-save` would otherwise load the
# module, which changes the box. nft_do_chain is in kallsyms whether nf_tables is built in or a loaded module.
nf_tables_present() { grep -q ' nft_do_chain' /proc/kallsyms 2>/dev/null; }

if [ "$DRY" = 1 ]; then
  echo "hookline-collect $VERSION (dry run: nothing is started or written)"
  echo "peer: $PEER${PORT:+ port $PORT}  interface: $IFACE  duration: ${DURATION}s  size cap: ${CAP_MB} MB  output: $OUTDIR"
  echo "capture: tcpdump -i $IFACE -nn -s 256 -U -Z root -w capture.pcap '$FILTER'"
  echo "kernel drops: $TRACER"
  if [ "$TRACE" = 1 ]; then
    LOCAL=$(local_address "$PEER")
    if [ -z "$LOCAL" ]; then echo "rule trace: no route to $PEER (this host's address unknown): would be skipped"
    elif have nft && nf_tables_present; then
      echo "rule trace: $(nft_trace_add "$PEER" "$LOCAL"); nft monitor trace > nft-trace.txt (for the window); $NFT_TRACE_DEL"
    elif have "$(ipt_trace_cmd "$PEER")" && [ -r /proc/net/ip_tables_names ]; then
      echo "rule trace: $(ipt_trace_add "$PEER" "$LOCAL"); (TRACE lines go to the kernel log: dmesg.txt); $(ipt_trace_del "$PEER" "$LOCAL")"
    else echo 'rule trace: neither nft (with nf_tables) nor iptables-legacy (with ip_tables) here: would be skipped'
    fi
  fi
  for t in tcpdump perf bpftrace stap dropwatch iptables-save iptables-legacy-save iptables-nft-save ip6tables-save nft ip nstat tc conntrack bpftool dmesg sha256sum tar gzip timeout; do
    if have "$t"; then echo "  found   $t"; else echo "  missing $t"; fi
  done
  [ "$(id -u)" = 0 ] || echo "note: not root: a real run needs root"
  exit 0
fi

[ "$(id -u)" = 0 ] || die 'must run as root (capture and kernel tracing need it); try --dry-run to see the plan'
{ [ -d "$OUTDIR" ] && [ -w "$OUTDIR" ]; } || die "output directory is not a writable directory: $OUTDIR"
have tar || die 'tar is missing: nothing to pack the archive with'
have gzip || die 'gzip is missing: nothing to compress the archive with'
# Disk bound: the capture and the tracer each stop at the cap; perf script text and the rest fit in twice more.
FREE_KB=$(df -Pk "$OUTDIR" 2>/dev/null | awk 'NR == 2 { print $4 }')
if is_uint "$FREE_KB" && [ "$FREE_KB" -lt $(( (CAP_MB * 4 + 20) * 1024 )) ]; then
  die "only $((FREE_KB / 1024)) MB free in $OUTDIR; need $((CAP_MB * 4 + 20)) MB for a ${CAP_MB} MB cap (use -s or -o)"
fi

HOST=$(uname -n 2>/dev/null | tr -c 'A-Za-z0-9._\n-' '_')
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
NAME="hookline-${HOST:-host}-$STAMP"
OUTDIR=$(cd "$OUTDIR" && pwd) || die "cannot enter $OUTDIR"
W="$OUTDIR/$NAME"
umask 077
mkdir "$W" || die "cannot create $W"
LOG="$W/collector-log.txt"
: >"$W/MISSING"
: >"$W/.commands"

say() { printf 'hookline-collect: %s\n' "$*" >&2; printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >>"$LOG"; }
missing() { printf '%s\n' "$*" >>"$W/MISSING"; printf 'hookline-collect: missing: %s\n' "$*" >&2; }

# ---- children and the trap -------------------------------------------------------------------------------------
PIDS=''
STOPPING=0
INTERRUPTS=0
stop_pid() { # pid: SIGTERM (every tracer flushes on it), then SIGKILL after 5 s
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || return 0
  n=0
  while kill -0 "$1" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.1 2>/dev/null || sleep 1; n=$((n + 1)); done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}
TRACEFS_MOUNTED=''
TRACE_UNDO=''
# Removes the rule trace, if one was added (at the end of the window, and from the trap whatever happens).
trace_remove() { # [quiet]: after a failed add, where parts of the undo may have nothing to remove
  [ -n "$TRACE_UNDO" ] || return 0
  u=$TRACE_UNDO; TRACE_UNDO=''
  if sh -c "$u" >>"$LOG" 2>&1; then say "rule trace removed: $u"
  elif [ -z "${1:-}" ]; then say "rule trace: removing it failed; remove it by hand: $u"; missing "rule trace: could not remove it; run: $u"
  fi
}
cleanup() {
  for p in $PIDS; do stop_pid "$p"; done
  PIDS=''
  trace_remove
  if [ -n "$TRACEFS_MOUNTED" ]; then umount "$TRACEFS_MOUNTED" 2>/dev/null; TRACEFS_MOUNTED=''; fi
  rm -f "$W/.perf.data" "$W/.perf.data.old" "$W/.commands"
}
on_exit() {
  status=$?
  cleanup
  if [ "$status" -ne 0 ] && [ -d "$W" ]; then printf 'hookline-collect: stopped; what was collected is in %s\n' "$W" >&2; fi
}
on_signal() {
  INTERRUPTS=$((INTERRUPTS + 1))
  if [ "$INTERRUPTS" -ge 2 ] || [ "$STOPPING" = 0 ]; then say "interrupted: aborting"; exit 130; fi
  say 'interrupted: ending the window early, then packing (Ctrl-C again to abort)'
}
trap on_exit EXIT
trap on_signal INT TERM HUP

# run FILE COMMAND...: runs COMMAND with stdout into FILE, stderr into the log, and records it for the MANIFEST.
run() {
  f=$1; shift
  "$@" >"$W/$f" 2>>"$LOG"
  rc=$?
  printf '%s\t%s\t%s\n' "$f" "$rc" "$*" >>"$W/.commands"
  [ "$rc" = 0 ] || printf '  (exit status %s: %s)\n' "$rc" "$*" >>"$LOG"
  return 0
}
# note FILE COMMAND-TEXT: records a file written by hand (pipelines) for the MANIFEST.
note() { printf '%s\t%s\t%s\n' "$1" "${3:-0}" "$2" >>"$W/.commands"; }

say "hookline-collect $VERSION into $W (peer $PEER${PORT:+ port $PORT}, interface $IFACE, ${DURATION}s, cap ${CAP_MB} MB)"

# ---- clock anchors ---------------------------------------------------------------------------------------------
# Wall clock and since-boot clocks read back to back: the since-boot artifacts (perf, dmesg, stap) get an exact
# offset. `wall_after` bounds the read; monotonic (ns, from /proc/timer_list) is the clock perf and printk use on
# most hosts, /proc/uptime (10 ms) includes time suspended. Ref: proc(5) /proc/uptime; kernel/time/timer_list.c.
anchor() {
  w1=$(date +%s.%N 2>/dev/null)
  up=$(cut -d' ' -f1 /proc/uptime 2>/dev/null)
  mono=''
  [ -r /proc/timer_list ] && mono=$(sed -n '/^now at [0-9]* nsecs$/{s/^now at \([0-9]*\) nsecs$/\1/p;q;}' /proc/timer_list 2>/dev/null)
  w2=$(date +%s.%N 2>/dev/null)
  printf 'anchor=%s wall=%s uptime=%s wall_after=%s%s\n' "$1" "$w1" "$up" "$w2" "${mono:+ monotonic_ns=$mono}" >>"$W/clock-anchors.txt"
}
{
  printf '# hookline-collect clock anchors v%s: wall = date +%%s.%%N (UTC seconds), uptime = /proc/uptime, read back to back\n' "$VERSION"
  printf '# host=%s release=%s\n' "$(uname -n 2>/dev/null)" "$(uname -r 2>/dev/null)"
} >"$W/clock-anchors.txt"
anchor before
note clock-anchors.txt 'date +%s.%N; cat /proc/uptime; sed -n "s/^now at \([0-9]*\) nsecs$/\1/p" /proc/timer_list; date +%s.%N (before and after)'

# ---- rulesets and counters, before and after -------------------------------------------------------------------
rulesets() { # when: before | after
  if [ -r /proc/net/ip_tables_names ]; then
    if have iptables-legacy-save && have iptables-nft-save; then
      run "iptables-legacy-save-$1.txt" iptables-legacy-save -c
    elif have iptables-save; then
      run "iptables-save-$1.txt" iptables-save -c
    else [ "$1" = before ] && missing 'iptables-save: not installed, yet ip_tables is loaded (legacy rules may exist)'
    fi
  elif [ "$1" = before ]; then say 'ip_tables not loaded: no legacy iptables rules exist (not loading it)'
  fi
  if [ -r /proc/net/ip6_tables_names ]; then
    if have ip6tables-legacy-save && have ip6tables-nft-save; then
      run "ip6tables-legacy-save-$1.txt" ip6tables-legacy-save -c
    elif have ip6tables-save; then
      run "ip6tables-save-$1.txt" ip6tables-save -c
    fi
  fi
  if nf_tables_present; then
    if have iptables-nft-save; then run "iptables-nft-save-$1.txt" iptables-nft-save -c; fi
    if have ip6tables-nft-save; then run "ip6tables-nft-save-$1.txt" ip6tables-nft-save -c; fi
    if have nft; then run "nft-ruleset-$1.txt" nft -a list ruleset
    elif [ "$1" = before ]; then missing 'nft: not installed, yet nf_tables is in the kernel (nftables rules may exist)'
    fi
  elif [ "$1" = before ]; then say 'nf_tables not in the kernel: no nftables rules exist (not loading it)'
  fi
  # -s: do not update nstat's history file (read-only); -a absolute values, -z zero counters too.
  if have nstat; then run "nstat-$1.txt" nstat -asz
  elif [ "$1" = before ]; then missing 'nstat: not installed (iproute2): no SNMP counters'
  fi
  if have ip; then run "ip-link-stats-$1.txt" ip -s link; fi
  # The driver's own drop counters (rx_missed_errors, rx_no_buffer_count…) of the capture interface.
  if have ethtool && [ "$IFACE" != any ]; then run "ethtool-S-$1.txt" ethtool -S "$IFACE"; fi
  # Kernel state that drops without a rule (issue 10): qdisc counters of every device, conntrack's own statistics
  # (the /proc file: read-only, and only there when nf_conntrack is loaded; conntrack(8) could load modules).
  if have tc; then run "tc-qdisc-stats-$1.txt" tc -s qdisc show; fi
  if [ -r /proc/net/stat/nf_conntrack ]; then run "conntrack-stats-$1.txt" cat /proc/net/stat/nf_conntrack; fi
}
rulesets before

# ---- the window: tracer first, capture inside it ---------------------------------------------------------------
size_of() { wc -c <"$1" 2>/dev/null | tr -d ' '; }
TR_PID=''; TD_PID=''; TR_FILE=''; TR_KIND=''
# Foreground commands only: a backgrounded shell function would be a subshell, and $! its pid, not the tool's.
bound() { if have timeout; then timeout "$GUARD" "$@"; else "$@"; fi; }
BOUND=''
have timeout && BOUND="timeout $GUARD"

started() { # pid seconds: still alive after that long?
  n=0
  while [ "$n" -lt "$2" ]; do kill -0 "$1" 2>/dev/null || return 1; sleep 1; n=$((n + 1)); done
  kill -0 "$1" 2>/dev/null
}

start_perf() {
  perf record -e skb:kfree_skb -a -g -o "$W/.perf.data" -- sleep "$GUARD" >/dev/null 2>>"$LOG" &
  TR_PID=$!; TR_KIND=perf; TR_FILE=.perf.data
  PIDS="$PIDS $TR_PID"
  started "$TR_PID" 2
}

bt_script() { # full: decode the IP header (BTF or headers needed); else addresses and reason only
  printf 'tracepoint:skb:kfree_skb\n{\n'
  if [ "$1" = full ]; then
    cat <<'BT'
  $skb = (struct sk_buff *)args->skbaddr;
  if (args->protocol == 0x0800) {
    $ip = (struct iphdr *)($skb->head + $skb->network_header);
    printf("%s kfree_skb skb=%p proto=%d %s -> %s reason=%d location=%s\n",
      strftime("%H:%M:%S.%f", nsecs), args->skbaddr, $ip->protocol,
      ntop(2, $ip->saddr), ntop(2, $ip->daddr), REASON, ksym(args->location));
  }
  if (args->protocol == 0x86DD) {
    $ip6 = (struct ipv6hdr *)($skb->head + $skb->network_header);
    printf("%s kfree_skb skb=%p proto=%d %s -> %s reason=%d location=%s\n",
      strftime("%H:%M:%S.%f", nsecs), args->skbaddr, $ip6->nexthdr,
      ntop(10, $ip6->saddr.in6_u.u6_addr8), ntop(10, $ip6->daddr.in6_u.u6_addr8), REASON, ksym(args->location));
  }
BT
  else
    printf '  printf("%%s kfree_skb skb=%%p protocol=%%d reason=%%d location=%%s\\n", strftime("%%H:%%M:%%S.%%f", nsecs), args->skbaddr, args->protocol, REASON, ksym(args->location));\n'
  fi
  printf '}\ninterval:s:%s { exit(); }\n' "$GUARD"
}
# In a private mount namespace (`ip netns exec`, some containers) /sys is a fresh sysfs without tracefs: perf
# mounts it on its own, bpftrace and stap do not ("tracepoint not found"). Mounted here for the window only.
ensure_tracefs() {
  if [ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ]; then return 0; fi
  if [ -d /sys/kernel/tracing ] && mount -t tracefs nodev /sys/kernel/tracing 2>>"$LOG"; then
    TRACEFS_MOUNTED=/sys/kernel/tracing
    say 'tracefs was not mounted here: mounted it on /sys/kernel/tracing for the window (unmounted at the end)'
  fi
}

start_bpftrace() {
  ensure_tracefs
  # The drop reason exists from Linux 5.17; older tracepoints have no `reason` field.
  reason=0
  bpftrace -lv tracepoint:skb:kfree_skb 2>/dev/null | grep -q ' reason' && reason='args->reason'
  for mode in full addresses; do
    bt_script "$mode" | sed "s/REASON/$reason/g" >"$W/.kfree_skb.bt"
    bpftrace "$W/.kfree_skb.bt" >"$W/bpftrace-kfree_skb.txt" 2>>"$LOG" &
    TR_PID=$!; TR_KIND=bpftrace; TR_FILE=bpftrace-kfree_skb.txt
    PIDS="$PIDS $TR_PID"
    # bpftrace compiles and attaches before it prints `Attaching N probes...`; wait for that (at most 20 s).
    n=0
    while [ "$n" -lt 40 ] && kill -0 "$TR_PID" 2>/dev/null && ! grep -q '^Attach' "$W/bpftrace-kfree_skb.txt" "$LOG" 2>/dev/null; do
      sleep 0.5 2>/dev/null || sleep 1; n=$((n + 1))
    done
    if kill -0 "$TR_PID" 2>/dev/null; then
      note bpftrace-kfree_skb.txt "bpftrace .kfree_skb.bt ($mode): $(tr '\n' ' ' <"$W/.kfree_skb.bt")"
      return 0
    fi
    say "bpftrace ($mode script) did not start"
  done
  return 1
}

start_stap() {
  ensure_tracefs
  # local_clock_ns() is the clock of printk and perf: the clock anchors put it on the wall clock.
  cat >"$W/.kfree_skb.stp" <<'STP'
probe kernel.trace("kfree_skb") {
  printf("%d kfree_skb skb=%p protocol=%d location=%s\n", local_clock_ns(), $skb, $protocol, symname($location))
  print_backtrace()
}
STP
  printf 'probe timer.s(%s) { exit() }\n' "$GUARD" >>"$W/.kfree_skb.stp"
  stap "$W/.kfree_skb.stp" >"$W/stap-kfree_skb.txt" 2>>"$LOG" &
  TR_PID=$!; TR_KIND=stap; TR_FILE=stap-kfree_skb.txt
  PIDS="$PIDS $TR_PID"
  # stap builds a kernel module first (tens of seconds); wait until it runs (at most 120 s).
  n=0
  while [ "$n" -lt 120 ] && kill -0 "$TR_PID" 2>/dev/null && ! lsmod 2>/dev/null | grep -q '^stap_'; do sleep 1; n=$((n + 1)); done
  kill -0 "$TR_PID" 2>/dev/null || return 1
  note stap-kfree_skb.txt "stap .kfree_skb.stp: $(tr '\n' ' ' <"$W/.kfree_skb.stp")"
}

start_dropwatch() {
  # `start` begins monitoring; dropwatch then reads no more input until it is stopped (SIGTERM/SIGINT).
  # shellcheck disable=SC2086 # BOUND is empty or `timeout N`: two words on purpose
  echo start | $BOUND dropwatch -l kas >"$W/dropwatch.txt" 2>>"$LOG" &
  TR_PID=$!; TR_KIND=dropwatch; TR_FILE=dropwatch.txt
  PIDS="$PIDS $TR_PID"
  started "$TR_PID" 2 || return 1
  note dropwatch.txt 'dropwatch -l kas (start)'
}

start_tracer() {
  for t in $TRACERS; do
    have "$t" || { [ "$TRACERS" = "$t" ] && missing "$t: not installed (asked for with --tracer)"; continue; }
    if "start_$t"; then say "kernel drops: $t"; return 0; fi
    say "$t could not trace skb:kfree_skb (see the log); trying the next tracer"
    missing "$t: present but could not trace skb:kfree_skb on this kernel (its error is in collector-log.txt)"
    TR_PID=''; TR_KIND=''
  done
  missing "kernel drop tracer: none of $TRACERS could run: no kernel drops (install linux-perf / perf)"
  return 1
}

case $TRACERS in perf*) have perf || missing 'perf: not installed (linux-perf / perf package): no kfree_skb callchains' ;; esac
start_tracer

if have tcpdump; then
  # -Z root: Debian's tcpdump drops to user tcpdump before opening -w, which cannot write into our 0700 folder.
  # shellcheck disable=SC2086 # BOUND is empty or `timeout N`: two words on purpose
  $BOUND tcpdump -i "$IFACE" -nn -s 256 -U -Z root -w "$W/capture.pcap" "$FILTER" >/dev/null 2>>"$LOG" &
  TD_PID=$!
  PIDS="$PIDS $TD_PID"
  if started "$TD_PID" 1; then
    note capture.pcap "tcpdump -i $IFACE -nn -s 256 -U -Z root -w capture.pcap '$FILTER'"
  else
    missing "tcpdump: could not capture on $IFACE (its error is in collector-log.txt)"; TD_PID=''
  fi
else
  missing 'tcpdump: not installed: no capture (the engine then relies on LOG lines and the tracer)'
fi
[ -n "$TD_PID" ] || [ -n "$TR_PID" ] || die 'neither a capture nor a kernel tracer could start; nothing to observe'

# The rule trace (--trace): the monitor first, then the rule, so the first packet of the window is traced. The undo
# is armed before the add: whatever happens next, the trap removes what was added.
TM_PID=''; TRACE_NOTE=''
start_rule_trace() {
  LOCAL=$(local_address "$PEER")
  if [ -z "$LOCAL" ]; then missing "rule trace: no route to $PEER from here (this host's address unknown): not traced"; return 0; fi
  if have nft && nf_tables_present; then
    if nft list table inet hookline_trace >/dev/null 2>&1; then
      missing 'rule trace: a table inet hookline_trace already exists (another run?): left alone, not traced'; return 0
    fi
    add=$(nft_trace_add "$PEER" "$LOCAL")
    # shellcheck disable=SC2086 # BOUND is empty or `timeout N`: two words on purpose
    $BOUND nft monitor trace >"$W/nft-trace.txt" 2>>"$LOG" &
    TM_PID=$!
    PIDS="$PIDS $TM_PID"
    sleep 1
    TRACE_UNDO=$NFT_TRACE_DEL
    if sh -c "$add" >>"$LOG" 2>&1; then
      say "rule trace: $add"
      note nft-trace.txt "$add; nft monitor trace (for the window); $NFT_TRACE_DEL"
      return 0
    fi
  elif have "$(ipt_trace_cmd "$PEER")" && [ -r /proc/net/ip_tables_names ]; then
    add=$(ipt_trace_add "$PEER" "$LOCAL")
    TRACE_UNDO=$(ipt_trace_del "$PEER" "$LOCAL")
    if sh -c "$add" >>"$LOG" 2>&1; then
      say "rule trace: $add (TRACE lines go to the kernel log: dmesg.txt)"
      TRACE_NOTE="$add; (the window); $TRACE_UNDO"
      return 0
    fi
  else
    missing 'rule trace: neither nft (with nf_tables) nor iptables-legacy (with ip_tables) here: not traced'; return 0
  fi
  missing 'rule trace: the trace rule could not be added (its error is in collector-log.txt)'
  trace_remove quiet
  stop_pid "$TM_PID"; TM_PID=''
}
[ "$TRACE" = 1 ] && start_rule_trace

say "window open for ${DURATION}s: reproduce the problem now (Ctrl-C ends it early)"
STOPPING=1
n=0
while [ "$n" -lt "$DURATION" ] && [ "$INTERRUPTS" = 0 ]; do
  sleep 1
  n=$((n + 1))
  for f in capture.pcap "$TR_FILE"; do
    [ -n "$f" ] || continue
    s=$(size_of "$W/$f")
    if is_uint "$s" && [ "$s" -ge "$CAP_BYTES" ]; then say "$f reached the ${CAP_MB} MB cap after ${n}s: closing the window"; n=$DURATION; fi
  done
  if [ -n "$TD_PID" ] && ! kill -0 "$TD_PID" 2>/dev/null; then say 'tcpdump ended early (see the log)'; n=$DURATION; fi
done
STOPPING=2
# The capture closes first so the tracer covers every captured packet's fate.
stop_pid "$TD_PID"
# The trace rule goes as soon as the window closes (the trap is the fallback); the monitor gets a second to flush.
if [ -n "$TRACE_UNDO" ]; then trace_remove; fi
sleep 1
stop_pid "$TR_PID"
stop_pid "$TM_PID"
PIDS=''
say 'window closed'

if [ "$TR_KIND" = perf ]; then
  # --header: the host, kernel release, CPU and the clock facts the engine reads; then the data file goes.
  bound perf script --header -i "$W/.perf.data" >"$W/perf-script-kfree_skb.txt" 2>>"$LOG"
  rc=$?
  note perf-script-kfree_skb.txt "perf record -e skb:kfree_skb -a -g -o .perf.data -- sleep $GUARD (stopped after the window); perf script --header -i .perf.data" "$rc"
  rm -f "$W/.perf.data" "$W/.perf.data.old"
fi
rm -f "$W/.kfree_skb.bt" "$W/.kfree_skb.stp"

rulesets after
anchor after

# ---- hooks -----------------------------------------------------------------------------------------------------
HOOKS_LISTED=0
if have nft && nf_tables_present; then
  run nft-hooks.txt nft list hooks
  # nftables < 1.0.1 or a kernel without NETFILTER_NETLINK_HOOK prints nothing (or an error).
  [ -s "$W/nft-hooks.txt" ] && HOOKS_LISTED=1
fi
[ "$HOOKS_LISTED" = 1 ] || missing 'nft list hooks: not available here (nftables >= 1.0.1 and kernel >= 5.14 needed): see crash-commands.txt for listing the hooks'
# The functions that can sit on a netfilter hook, and every symbol of an out-of-tree (O) or unsigned (E) module:
# what a third-party hook in a perf callchain or a crash listing resolves against. Ref: kernel-notes §3.
OOT=$(awk '$0 ~ /\([A-Z]+\)$/ { print $1 }' /proc/modules 2>/dev/null | tr '\n' ' ')
{
  grep -E ' (nf_hook_slow|nf_hook_entry_hookfn|nft_do_chain[a-z0-9_]*|ipt_do_table|ip6t_do_table|arpt_do_table|ebt_do_table|[a-z0-9_]*_hook(_[a-z0-9_]+)?|[a-z0-9_]*hook_(in|out|fn|v4|v6)[a-z0-9_]*|ipv[46]_conntrack_[a-z_]+|nf_conntrack_in|nf_confirm|(nf|ipv4|ipv6)_[a-z0-9_]*defrag[a-z0-9_]*|nf_nat_ipv[46]_[a-z_]+|selinux_ip[a-z0-9_]*|apparmor_ip[a-z0-9_]*|iptable_[a-z_]+_hook|nf_nat_(in|out|local_fn|fn)|nf_hook_run_bpf)([[:space:]]|$)' /proc/kallsyms 2>/dev/null
  for m in $OOT; do grep -E "\[$m\]\$" /proc/kallsyms 2>/dev/null; done
} | grep -v ' __pfx_' | sort -u >"$W/kallsyms-netfilter.txt"
note kallsyms-netfilter.txt "grep -E ' (nf_hook_slow|nft_do_chain*|ipt_do_table|*_hook*|*conntrack*|*defrag*|selinux_ip*|…)' /proc/kallsyms; grep '\\[MODULE\\]\$' /proc/kallsyms for out-of-tree modules:${OOT:- none}"
if [ -s "$W/kallsyms-netfilter.txt" ] && ! grep -qv '^0000000000000000 ' "$W/kallsyms-netfilter.txt"; then
  missing 'kallsyms addresses are hidden (kernel.kptr_restrict=2): symbols without addresses'
fi
if have lsmod; then run lsmod.txt lsmod; else run lsmod.txt cat /proc/modules; fi
run tainted.txt cat /proc/sys/kernel/tainted

REL=$(uname -r 2>/dev/null)
MAJ=$(printf '%s' "$REL" | cut -d. -f1); MIN=$(printf '%s' "$REL" | cut -d. -f2 | tr -cd '0-9')
{
  echo "# How to list the netfilter hook entries of this kernel ($REL) with crash, for the engineer."
  echo "# crash needs the debuginfo of exactly this kernel: debuginfo-install kernel-$REL (RHEL/CentOS) or"
  echo "# apt install linux-image-$REL-dbg (Debian/Ubuntu); then: crash /usr/lib/debug/lib/modules/$REL/vmlinux"
  echo "# Hook numbers: 0 PRE_ROUTING 1 LOCAL_IN 2 FORWARD 3 LOCAL_OUT 4 POST_ROUTING; families: 2 ipv4, 10 ipv6."
  echo "# Ref: kernel-notes §3 (global nf_hooks lists before 4.16, per-netns nf_hook_entries arrays from 4.16)."
  echo "# Type these at the crash prompt, one hook at a time (no prompt is printed here, so this file is not"
  echo "# mistaken for a crash session's output):"
  if is_uint "$MAJ" && is_uint "$MIN" && [ $((MAJ * 100 + MIN)) -lt 416 ]; then
    for h in 0 1 2 3 4; do
      echo "    p &nf_hooks[2][$h]"
      echo "    list -H <the address printed above> -s nf_hook_ops.hook,owner,pf,hooknum,priority"
    done
  else
    for h in 0 1 2 3 4; do
      echo "    p init_net.nf.hooks_ipv4[$h]"
      echo "    struct nf_hook_entries <the address printed above>"
      echo "    p ((struct nf_hook_entries *)<that address>)->hooks[0]@<num_hook_entries>"
    done
    echo "# for IPv6: init_net.nf.hooks_ipv6[...]; for another namespace: net -n <pid of a task in it>"
  fi
  echo "    sym <each hook function address>      (names the function and its [module])"
  echo "# lsmod.txt and tainted.txt list the modules; kallsyms-netfilter.txt has the symbols to resolve addresses."
} >"$W/crash-commands.txt"
note crash-commands.txt "printed by hookline-collect for kernel $REL"

# ---- facts about the host --------------------------------------------------------------------------------------
if have dmesg; then run dmesg.txt dmesg; else missing 'dmesg: not installed: no kernel log (LOG lines)'; fi
[ -n "$TRACE_NOTE" ] && note dmesg.txt "dmesg (the kernel log, with the TRACE lines of: $TRACE_NOTE)"
# The peer's conntrack entries ([UNREPLIED] = no answer seen), and the BPF programs on the data path (tc, XDP).
if [ -r /proc/net/nf_conntrack ]; then
  grep -F -e "src=$PEER " -e "dst=$PEER " /proc/net/nf_conntrack >"$W/conntrack-peer.txt" 2>>"$LOG"
  note conntrack-peer.txt "grep -F -e 'src=$PEER ' -e 'dst=$PEER ' /proc/net/nf_conntrack"
elif have conntrack && grep -q '^nf_conntrack_netlink ' /proc/modules 2>/dev/null; then
  { conntrack -L -s "$PEER"; conntrack -L -d "$PEER"; } >"$W/conntrack-peer.txt" 2>>"$LOG"
  note conntrack-peer.txt "conntrack -L -s $PEER; conntrack -L -d $PEER"
fi
if have bpftool; then
  run bpftool-net.txt bpftool net show
  run bpftool-prog.txt bpftool prog show
fi
if have ip; then
  run ip-route.txt ip route show table all
  run ip-rule.txt ip rule
  run ip-addr.txt ip addr
else missing 'ip: not installed (iproute2): no routes, rules or link counters'
fi
for f in /proc/sys/net/ipv4/conf/*/rp_filter; do
  [ -r "$f" ] || continue
  d=${f%/rp_filter}; d=${d##*/}
  printf 'net.ipv4.conf.%s.rp_filter = %s\n' "$d" "$(cat "$f")"
done >"$W/rp-filter.txt"
note rp-filter.txt 'sysctl net.ipv4.conf.*.rp_filter (read from /proc/sys/net/ipv4/conf/*/rp_filter)'
run uname.txt uname -a
if [ -r /etc/os-release ]; then run os-release.txt cat /etc/os-release
elif [ -r /etc/redhat-release ]; then run os-release.txt cat /etc/redhat-release
fi
{
  for t in perf bpftrace stap dropwatch tcpdump iptables nft ip tc; do
    have "$t" || continue
    case $t in
      perf) v=$(perf version 2>&1) ;;
      tcpdump) v=$(tcpdump --version 2>&1 | head -n 2 | tr '\n' ' ') ;;
      stap) v=$(stap -V 2>&1 | head -n 1) ;;
      ip) v=$(ip -V 2>&1) ;;
      tc) v=$(tc -V 2>&1) ;;
      dropwatch) v=$(dropwatch -l kas -h 2>&1 | head -n 1) ;;
      *) v=$("$t" --version 2>&1 | head -n 1) ;;
    esac
    printf '%s: %s\n' "$t" "$v"
  done
  printf 'shell: %s\n' "$(readlink /proc/$$/exe 2>/dev/null)"
  printf 'hookline-collect: %s\n' "$VERSION"
} >"$W/tool-versions.txt"
note tool-versions.txt 'TOOL --version for each tool present'

# ---- MANIFEST and the archive ----------------------------------------------------------------------------------
[ -s "$W/MISSING" ] || echo 'nothing: every tool the collector uses was present' >"$W/MISSING"
note MISSING 'hookline-collect: one line per tool or fact that could not be collected'
note collector-log.txt 'hookline-collect: progress and the stderr of every command'
say "packing $NAME.tar.gz"
{
  printf '# hookline-collect MANIFEST v%s: sha256<TAB>bytes<TAB>file<TAB>exit status<TAB>command\n' "$VERSION"
  printf '# peer=%s port=%s interface=%s duration=%s cap_mb=%s tracer=%s\n' "$PEER" "${PORT:--}" "$IFACE" "$DURATION" "$CAP_MB" "${TR_KIND:-none}"
  printf '# a file of 0 bytes is listed here (its command printed nothing) but not packed\n'
  # The last line recorded for a file wins (perf-script: the script run, after the record line).
  cut -f1 "$W/.commands" | sort -u | while read -r f; do
    [ -f "$W/$f" ] || continue
    if have sha256sum; then sum=$(sha256sum "$W/$f" | cut -d' ' -f1); else sum=-; fi
    line=$(grep "^$f	" "$W/.commands" | tail -n 1)
    printf '%s\t%s\t%s\t%s\n' "$sum" "$(size_of "$W/$f")" "$f" "$(printf '%s' "$line" | cut -f2-)"
  done
} >"$W/MANIFEST"
# Empty outputs stay in the MANIFEST as facts ("printed nothing") but would only be noise among the artifacts.
for f in "$W"/*; do [ -f "$f" ] && [ ! -s "$f" ] && rm -f "$f"; done
have sha256sum || missing 'sha256sum: not installed: the MANIFEST has no hashes'
rm -f "$W/.commands"
ARCHIVE="$OUTDIR/$NAME.tar.gz"
if (cd "$OUTDIR" && tar cf - "$NAME" | gzip -c >"$ARCHIVE.part") && mv "$ARCHIVE.part" "$ARCHIVE"; then
  rm -rf "$W"
  chmod 600 "$ARCHIVE"
  printf 'hookline-collect: done: %s (%s bytes)\n' "$ARCHIVE" "$(size_of "$ARCHIVE")" >&2
  printf '%s\n' "$ARCHIVE"
else
  rm -f "$ARCHIVE.part"
  die "could not write $ARCHIVE; the files are in $W"
fi
