/**
 * Bytes of a frame handed to the decoder: Ethernet + stacked VLAN tags + IPv6 with extension headers + TCP fit
 * easily; the payload beyond is never looked at, so a 64 KiB GRO frame costs no more than a small one.
 */
export const DECODE_WINDOW = 2048;

/**
 * A record (pcap) or block (pcapng) claiming more than this is corruption, not a packet: Wireshark caps most
 * link types at 256 KiB and its largest (D-Bus, USBPcap) at 128 MiB.
 * Ref: Wireshark wiretap/wtap.h (WTAP_MAX_PACKET_SIZE_STANDARD, WTAP_MAX_PACKET_SIZE_DBUS).
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
