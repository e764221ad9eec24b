/**
 * One reading of the wall clock and the since-boot clock taken back to back on the kernel host
 * (`clock-anchors.txt` of hookline-collect: `date +%s.%N`, `/proc/uptime`, `/proc/timer_list`, `date +%s.%N`).
 * `wall - boot` is the offset that puts since-boot stamps (perf, dmesg, stap) on the wall clock.
 */
export interface ClockAnchor {
  kind: 'clock-anchor';
  line: number;
  /** Seconds since the epoch, UTC, read just before `boot` (ns digits kept as printed, to float precision). */
  wall: number;
  /** Seconds since boot from /proc/uptime (10 ms resolution; includes time suspended). */
  boot: number;
  /** When the pair was read: `before` / `after` the capture window, or another label the file gives. */
  label: string | null;
  /** The wall clock read just after the since-boot clocks: [wall, wallAfter] bounds the moment `boot` was read. */
  wallAfter: number | null;
  /**
   * CLOCK_MONOTONIC seconds (`now at N nsecs` of /proc/timer_list), read between `wall` and `wallAfter`: the clock
   * printk and perf's default trace clock follow on most hosts, with ns resolution; null when not readable.
   */
  monotonic: number | null;
  /** Seconds of doubt on `wall - boot`: the width of the read (wallAfter - wall) plus /proc/uptime's 10 ms step. */
  uncertainty: number;
}
