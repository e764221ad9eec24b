// `netstat -s` prints the kernel's SNMP counters (/proc/net/snmp, /proc/net/netstat, /proc/net/snmp6) as English
// sentences. These are net-tools' sentences, section by section, with the MIB name each one prints, so a line of
// netstat -s gets the name nstat gives the same counter (`Ip` + `InReceives` → IpInReceives). Counters net-tools
// has no sentence for are printed as `Name: value`, which needs no table.
// Ref: net-tools statistics.c (Iptab, Icmptab, Tcptab, Udptab, Tcpexttab, Ip6tab, Icmp6tab, Udp6tab; 1.60 and
// 2.10 wording). Older wording seen on CentOS 7 (net-tools 1.60) is listed next to the newer one. Where net-tools
// names a counter the kernel does not (TCPRenoRecoveryFailed, TCPDSackUndo), the kernel's name is used.

/** A sentence with `%llu` where the number goes, and the MIB name of the counter. */
type Sentences = ReadonlyArray<readonly [string, string]>;

const IP: Sentences = [
  ['Default TTL is %llu', 'DefaultTTL'],
  ['%llu forwarded', 'ForwDatagrams'],
  ['%llu fragments created', 'FragCreates'],
  ['%llu outgoing packets failed fragmentation', 'FragFails'],
  ['%llu outgoing packets fragmented ok', 'FragOKs'],
  // net-tools 1.60 (RHEL 6/7) wording for FragOKs.
  ['%llu fragments received ok', 'FragOKs'],
  ['%llu with invalid addresses', 'InAddrErrors'],
  ['%llu incoming packets delivered', 'InDelivers'],
  ['%llu incoming packets discarded', 'InDiscards'],
  ['%llu with invalid headers', 'InHdrErrors'],
  ['%llu total packets received', 'InReceives'],
  ['%llu with unknown protocol', 'InUnknownProtos'],
  ['%llu outgoing packets dropped', 'OutDiscards'],
  ['%llu dropped because of missing route', 'OutNoRoutes'],
  ['%llu requests sent out', 'OutRequests'],
  ['%llu packet reassemblies failed', 'ReasmFails'],
  ['%llu packets reassembled ok', 'ReasmOKs'],
  ['%llu reassemblies required', 'ReasmReqds'],
  ['%llu fragments dropped after timeout', 'ReasmTimeout'],
];

const IP6: Sentences = [
  ...IP.filter(([, name]) => name !== 'DefaultTTL' && name !== 'ForwDatagrams').map(([text, name]) => [text, `Ip6${name}`] as const),
  ['%llu forwarded', 'Ip6OutForwDatagrams'],
  ['%llu incoming multicast packets', 'Ip6InMcastPkts'],
  ['%llu incoming packets with no route', 'Ip6InNoRoutes'],
  ['%llu with packets too big', 'Ip6InTooBigErrors'],
  ['%llu with truncated packets', 'Ip6InTruncatedPkts'],
  ['%llu outgoing multicast packets', 'Ip6OutMcastPkts'],
];

const ICMP: Sentences = [
  ['%llu input ICMP message failed', 'InErrors'],
  ['%llu ICMP messages received', 'InMsgs'],
  ['%llu ICMP messages failed', 'OutErrors'],
  ['%llu ICMP messages sent', 'OutMsgs'],
];

// `ICMP input histogram:` / `ICMP output histogram:` entries, printed as `text: N`.
const ICMP_INPUT: Sentences = [
  ['address mask replies', 'InAddrMaskReps'],
  ['address mask request', 'InAddrMasks'],
  ['destination unreachable', 'InDestUnreachs'],
  ['echo replies', 'InEchoReps'],
  ['echo requests', 'InEchos'],
  ['wrong parameters', 'InParmProbs'],
  ['redirects', 'InRedirects'],
  ['source quenches', 'InSrcQuenchs'],
  ['timeout in transit', 'InTimeExcds'],
  ['timestamp reply', 'InTimestampReps'],
  ['timestamp request', 'InTimestamps'],
];

const ICMP_OUTPUT: Sentences = [
  ['address mask replies', 'OutAddrMaskReps'],
  ['address mask requests', 'OutAddrMasks'],
  ['destination unreachable', 'OutDestUnreachs'],
  ['echo replies', 'OutEchoReps'],
  ['echo requests', 'OutEchos'],
  ['echo request', 'OutEchos'],
  ['wrong parameters', 'OutParmProbs'],
  ['redirect', 'OutRedirects'],
  ['source quench', 'OutSrcQuenchs'],
  ['time exceeded', 'OutTimeExcds'],
  ['timestamp replies', 'OutTimestampReps'],
  ['timestamp requests', 'OutTimestamps'],
];

const ICMP6: Sentences = [
  ['%llu input ICMP message failed', 'Icmp6InErrors'],
  ['%llu ICMP messages received', 'Icmp6InMsgs'],
  ['%llu ICMP messages sent', 'Icmp6OutMsgs'],
];

const ICMP6_INPUT: Sentences = [
  ['destination unreachable', 'Icmp6InDestUnreachs'],
  ['echo replies', 'Icmp6InEchoReplies'],
  ['echo requests', 'Icmp6InEchos'],
  ['group member queries', 'Icmp6InGroupMembQueries'],
  ['group member reductions', 'Icmp6InGroupMembReductions'],
  ['group member responses', 'Icmp6InGroupMembResponses'],
  ['neighbour advertisement', 'Icmp6InNeighborAdvertisements'],
  ['neighbour solicits', 'Icmp6InNeighborSolicits'],
  ['parameter problem', 'Icmp6InParmProblems'],
  ['packets too big', 'Icmp6InPktTooBigs'],
  ['redirects', 'Icmp6InRedirects'],
  ['router advertisement', 'Icmp6InRouterAdvertisements'],
  ['router solicits', 'Icmp6InRouterSolicits'],
  ['received ICMPv6 time exceeded', 'Icmp6InTimeExcds'],
];

const ICMP6_OUTPUT: Sentences = [
  ['destination unreachable', 'Icmp6OutDestUnreachs'],
  ['echo replies', 'Icmp6OutEchoReplies'],
  ['echo requests', 'Icmp6OutEchos'],
  ['group member queries', 'Icmp6OutGroupMembQueries'],
  ['group member reductions', 'Icmp6OutGroupMembReductions'],
  ['group member responses', 'Icmp6OutGroupMembResponses'],
  ['neighbor advertisements', 'Icmp6OutNeighborAdvertisements'],
  ['neighbor solicits', 'Icmp6OutNeighborSolicits'],
  ['parameter problem', 'Icmp6OutParmProblems'],
  ['packets too big', 'Icmp6OutPktTooBigs'],
  ['redirects', 'Icmp6OutRedirects'],
  ['router advertisement', 'Icmp6OutRouterAdvertisements'],
  ['router solicits', 'Icmp6OutRouterSolicits'],
  ['sent ICMPv6 time exceeded', 'Icmp6OutTimeExcds'],
];

const TCP: Sentences = [
  ['%llu active connection openings', 'ActiveOpens'],
  ['%llu active connections openings', 'ActiveOpens'],
  ['%llu failed connection attempts', 'AttemptFails'],
  ['%llu connections established', 'CurrEstab'],
  ['%llu connection resets received', 'EstabResets'],
  ['%llu bad segments received', 'InErrs'],
  ['%llu segments received', 'InSegs'],
  ['%llu resets sent', 'OutRsts'],
  ['%llu segments sent out', 'OutSegs'],
  ['%llu segments send out', 'OutSegs'],
  ['%llu passive connection openings', 'PassiveOpens'],
  ['%llu segments retransmitted', 'RetransSegs'],
  ['%llu segments retransmited', 'RetransSegs'],
];

const UDP: Sentences = [
  ['%llu packets received', 'InDatagrams'],
  ['%llu packet receive errors', 'InErrors'],
  ['%llu packets to unknown port received', 'NoPorts'],
  ['%llu packets sent', 'OutDatagrams'],
  ['%llu receive buffer errors', 'RcvbufErrors'],
  ['%llu send buffer errors', 'SndbufErrors'],
];

const UDP6: Sentences = UDP.filter(([, name]) => name !== 'RcvbufErrors' && name !== 'SndbufErrors').map(([text, name]) => [text, `Udp6${name}`] as const);

const TCP_EXT: Sentences = [
  ['%llu delayed acks further delayed because of locked socket', 'DelayedACKLocked'],
  ['Quick ack mode was activated %llu times', 'DelayedACKLost'],
  ['%llu delayed acks sent', 'DelayedACKs'],
  ['%llu resets received for embryonic SYN_RECV sockets', 'EmbryonicRsts'],
  ['%llu SYNs to LISTEN sockets dropped', 'ListenDrops'],
  ['%llu times the listen queue of a socket overflowed', 'ListenOverflows'],
  ['%llu ICMP packets dropped because socket was locked', 'LockDroppedIcmps'],
  ['%llu packets dropped from out-of-order queue because of socket buffer overrun', 'OfoPruned'],
  ['%llu ICMP packets dropped because they were out-of-window', 'OutOfWindowIcmps'],
  ['%llu active connections rejected because of time stamp', 'PAWSActive'],
  // net-tools 1.60 (CentOS 7) wording.
  ['%llu packets rejects in established connections because of timestamp', 'PAWSEstab'],
  ['%llu packets rejected in established connections because of timestamp', 'PAWSEstab'],
  ['%llu passive connections rejected because of time stamp', 'PAWSPassive'],
  ['%llu packets pruned from receive queue because of socket buffer overrun', 'PruneCalled'],
  ['%llu packets pruned from receive queue', 'RcvPruned'],
  ['Ran %llu times out of system memory during packet sending', 'SockMallocOOM'],
  ['%llu invalid SYN cookies received', 'SyncookiesFailed'],
  ['%llu SYN cookies received', 'SyncookiesRecv'],
  ['%llu SYN cookies sent', 'SyncookiesSent'],
  ['%llu times unable to send RST due to no memory', 'TCPAbortFailed'],
  ['%llu connections reset due to early user close', 'TCPAbortOnClose'],
  ['%llu connections reset due to unexpected data', 'TCPAbortOnData'],
  ['%llu connections aborted after user close in linger timeout', 'TCPAbortOnLinger'],
  ['%llu connections aborted due to memory pressure', 'TCPAbortOnMemory'],
  ['%llu connections reset due to unexpected SYN', 'TCPAbortOnSyn'],
  ['%llu connections aborted due to timeout', 'TCPAbortOnTimeout'],
  ['%llu bytes directly in process context from backlog', 'TCPDirectCopyFromBacklog'],
  ['%llu bytes directly received in process context from prequeue', 'TCPDirectCopyFromPrequeue'],
  ['%llu DSACKs for out of order packets received', 'TCPDSACKOfoRecv'],
  ['%llu DSACKs sent for out of order packets', 'TCPDSACKOfoSent'],
  ['%llu DSACKs sent for old packets', 'TCPDSACKOldSent'],
  ['%llu DSACKs received', 'TCPDSACKRecv'],
  ['%llu congestion windows recovered without slow start by DSACK', 'TCPDSACKUndo'],
  ['%llu congestion window recovered without slow start using DSACK', 'TCPDSACKUndo'],
  ['Detected reordering %llu times using FACK', 'TCPFACKReorder'],
  ['%llu fast retransmits', 'TCPFastRetrans'],
  ['%llu forward retransmits', 'TCPForwardRetrans'],
  ['%llu congestion windows fully recovered without slow start', 'TCPFullUndo'],
  ['%llu predicted acknowledgments', 'TCPHPAcks'],
  ['%llu packet headers predicted', 'TCPHPHits'],
  ['%llu packet headers predicted and directly queued to user', 'TCPHPHitsToUser'],
  ['%llu packets header predicted and directly queued to user', 'TCPHPHitsToUser'],
  ['%llu timeouts in loss state', 'TCPLossFailures'],
  ['%llu TCP data loss events', 'TCPLoss'],
  ['%llu congestion windows recovered without slow start after partial ack', 'TCPLossUndo'],
  ['%llu retransmits lost', 'TCPLostRetransmits'],
  ['TCP ran low on memory %llu times', 'TCPMemoryPressures'],
  ['%llu congestion windows partially recovered using Hoe heuristic', 'TCPPartialUndo'],
  ['%llu packets directly queued to recvmsg prequeue', 'TCPPrequeued'],
  ['%llu packets dropped from prequeue', 'TCPPrequeueDropped'],
  ['%llu acknowledgments not containing data payload received', 'TCPPureAcks'],
  ['%llu packets collapsed in receive queue due to low socket buffer', 'TCPRcvCollapsed'],
  ['%llu timeouts after reno fast retransmit', 'TCPRenoFailures'],
  ['%llu reno fast retransmits failed', 'TCPRenoRecoveryFail'],
  ['%llu classic Reno fast retransmits failed', 'TCPRenoRecoveryFail'],
  ['%llu times recovered from packet loss due to fast retransmit', 'TCPRenoRecovery'],
  ['Detected reordering %llu times using reno fast retransmit', 'TCPRenoReorder'],
  ['%llu timeouts after SACK recovery', 'TCPSackFailures'],
  ['%llu SACK retransmits failed', 'TCPSackRecoveryFail'],
  ['%llu times recovered from packet loss by selective acknowledgements', 'TCPSackRecovery'],
  ['%llu bad SACK blocks received', 'TCPSACKReneging'],
  ['Detected reordering %llu times using SACK', 'TCPSACKReorder'],
  ['%llu times receiver scheduled too late for direct processing', 'TCPSchedulerFailed'],
  ['%llu retransmits in slow start', 'TCPSlowStartRetrans'],
  ['%llu other TCP timeouts', 'TCPTimeouts'],
  ['Detected reordering %llu times using time stamp', 'TCPTSReorder'],
  ['%llu TCP sockets finished time wait in slow timer', 'TWKilled'],
  ['%llu TCP sockets finished time wait in fast timer', 'TW'],
  ['%llu time wait sockets recycled by time stamp', 'TWRecycled'],
];

/** Which histogram a `text: N` line of the Icmp / Icmp6 sections belongs to. */
export type IcmpHistogram = 'input' | 'output' | null;

function index(sentences: Sentences): Map<string, string> {
  return new Map(sentences.map(([text, name]) => [sentenceKey(text), name]));
}

const BY_SECTION = new Map<string, Map<string, string>>([
  ['Ip', index(IP)],
  ['Ip6', index(IP6)],
  ['Icmp', index(ICMP)],
  ['Icmp6', index(ICMP6)],
  ['Tcp', index(TCP)],
  ['Udp', index(UDP)],
  ['Udp6', index(UDP6)],
  ['TcpExt', index(TCP_EXT)],
]);

const HISTOGRAMS = new Map<string, Map<string, string>>([
  ['Icmp input', index(ICMP_INPUT)],
  ['Icmp output', index(ICMP_OUTPUT)],
  ['Icmp6 input', index(ICMP6_INPUT)],
  ['Icmp6 output', index(ICMP6_OUTPUT)],
]);

/** A sentence without its number, case and trailing period (1.60 ended some with `.`), as a lookup key. */
export function sentenceKey(text: string): string {
  return text.trim().replace(/\.$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/** The MIB name (section prefix excluded) of a netstat -s sentence whose number was replaced by `%llu`, or null. */
export function netstatSentenceName(section: string, sentence: string): string | null {
  return BY_SECTION.get(section)?.get(sentenceKey(sentence)) ?? null;
}

/** The MIB name of an ICMP histogram entry (`destination unreachable` under `ICMP input histogram:`), or null. */
export function netstatHistogramName(section: string, histogram: IcmpHistogram, text: string): string | null {
  if (histogram === null) return null;
  return HISTOGRAMS.get(`${section} ${histogram}`)?.get(sentenceKey(text)) ?? null;
}
