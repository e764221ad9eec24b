# Nothing listens on the port: the stack answers every SYN with a RST (drop reason NO_SOCKET); iptables accepts.
# Truth: reset, not netfilter (hook null), owner kernel, reason NO_SOCKET, for c2 (and c1) → srv:20202.
NO_LISTENER=1
source "$HERE/scenarios/common-clients.sh"; source "$HERE/scenarios/centos-ruleset.sh"
setup() { centos_ruleset; }
