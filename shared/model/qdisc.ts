/**
 * A traffic-control object from `tc -s qdisc|class|filter`: what its counters (CounterFacts with the same `scope`)
 * belong to. The engine names the device and the qdisc kind when a qdisc dropped packets.
 */
export interface QdiscFact {
  kind: 'qdisc';
  line: number;
  /** qdisc | class | filter-action (the statistics of one action of a filter). */
  object: 'qdisc' | 'class' | 'filter-action';
  /** The qdisc / class / action kind as printed: htb, pfifo, tbf, fq_codel, ingress, mirred, gact… */
  type: string;
  /** Device (`dev eth0` on the line, or from the `tc … dev eth0` command line); null when neither printed it. */
  device: string | null;
  /** qdisc handle (`1:`), class id (`1:10`), or for an action its filter (`ffff: pref 10 fh 800::800`). */
  handle: string;
  /** `root`, or the parent handle (`1:10`, `ffff:fff1`); null when not printed. */
  parent: string | null;
  /**
   * The CounterFact scope of this object's counters: `<device>:<handle>` (or the handle alone without a device);
   * a `0:` qdisc under a parent is `<device>:0: parent <parent>` (mq leaves all have handle 0:).
   */
  scope: string;
  /** The rest of the first line (`refcnt 3 rate 256Kbit burst 1600b lat 43.8ms`), as printed. */
  params: string;
}
