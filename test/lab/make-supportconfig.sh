#!/bin/bash
# make-supportconfig.sh OUTDIR NETNS — a supportconfig-layout bundle (SUSE's collector is not packaged for Debian)
# made of REAL command outputs run now in network namespace NETNS, written the way supportconfig writes them:
# one `*.txt` file per area, each command as a section
#   #==[ Command ]======================================#
#   # /full/path/to/command args
#   <output>
#   <blank line>
# (openSUSE/supportutils bin/supportconfig.rc `_log_cmd`: the binary resolved with `command -v`), in a folder
# scc_<host>_<yymmdd>_<hhmm> (ARCHIVE_PREFIX + BASE), packed as .txz (tar -J, its default when xz exists).
# The files and which command goes in which follow bin/supportconfig: network.txt (ip -s link, netstat -as,
# ethtool -S, iptables -t <table> -nvL, iptables-save -t <table>), basic-environment.txt (date, uname -a),
# basic-health-check.txt (uptime), boot.txt (dmesg), modules.txt (lsmod); nft list ruleset goes to network.txt.
set -u
OUT=${1:?outdir}; NS=${2:?netns}
HOST=$(hostname); DIR="scc_${HOST}_$(date +%y%m%d_%H%M)"
W=$(mktemp -d); mkdir -p "$W/$DIR"
X="ip netns exec $NS"
cmd() { # file command...
  local f=$1; shift
  local bin; bin=$(command -v "$1")
  { echo "#==[ Command ]======================================#"; echo "# ${bin:-$1} ${*:2}"; $X bash -c "$*" 2>&1; echo; } >> "$W/$DIR/$f"
}
conf() { # file path
  { echo "#==[ Configuration File ]===========================#"; echo "# $2"; sed -e '/^[[:space:]]*#/d;/^[[:space:]]*$/d' "$2"; echo; echo; } >> "$W/$DIR/$1"
}
cmd basic-environment.txt date
cmd basic-environment.txt uname -a
conf basic-environment.txt /etc/os-release
cmd basic-health-check.txt uptime
cmd basic-health-check.txt free -k
cmd network.txt ip addr
cmd network.txt ip route
cmd network.txt ip -s link
cmd network.txt hostname
cmd network.txt netstat -as
cmd network.txt ethtool -S eth0
for T in filter nat mangle raw; do
  cmd network.txt iptables -t $T -nvL
  cmd network.txt iptables-save -t $T
done
cmd network.txt nft list ruleset
conf network.txt /etc/hosts
cmd boot.txt dmesg
cmd modules.txt lsmod
cmd memory.txt free -k
cmd memory.txt vmstat 1 2
echo "Supportconfig (hand-made layout by test/lab/make-supportconfig.sh from real outputs)" > "$W/$DIR/supportconfig.txt"
tar -C "$W" -cJf "$OUT/$DIR.txz" "$DIR"
rm -rf "$W"
