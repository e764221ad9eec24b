import type { CounterFact } from '../model/log-line';
import type { From } from './case-index';

// Counters are only evidence about a failed flow when they GREW while it failed: two snapshots of the same command,
// one before the problem was reproduced and one after (the collector writes `NAME-before.txt` / `NAME-after.txt`,
// the lab `tc-s-qdisc-before.txt` / `-after.txt`). A lone snapshot only says the counter is not zero — since boot,
// for any traffic — and is reported as that, never as a cause.

/** One counter of one scope across the snapshots of one command. */
export interface CounterChange {
  scope: string;
  name: string;
  /** The later value and where it is. */
  after: number;
  artifact: string;
  line: number;
  /** The earlier snapshot's value and artifact; null when only one snapshot was collected. */
  before: number | null;
  beforeArtifact: string | null;
  /** after − before; null with a single snapshot (or a counter reset between them, which says nothing). */
  delta: number | null;
}

const STAMP = /([-_.])(before|after)(?=[-_.]|$)/i;

/** The snapshot role an artifact name states (`tc-s-qdisc-before.txt` → before), or null. */
export function snapshotRole(name: string): 'before' | 'after' | null {
  const m = STAMP.exec(name.replace(/\.[a-z0-9]+$/i, ''));
  return m ? (m[2].toLowerCase() as 'before' | 'after') : null;
}

/** The name without its before/after stamp: the key two snapshots of the same command share. */
export function snapshotBase(name: string): string {
  return name.replace(STAMP, '');
}

/**
 * Every counter of the given facts, paired across snapshots of the same command (same base name, same scope and
 * counter name). Artifacts without a before/after stamp are single snapshots.
 */
export function counterChanges(facts: From<CounterFact>[]): CounterChange[] {
  const byArtifact = new Map<string, CounterFact[]>();
  for (const { artifact, record } of facts) {
    const list = byArtifact.get(artifact);
    if (list) list.push(record);
    else byArtifact.set(artifact, [record]);
  }
  const groups = new Map<string, { before?: string; after?: string; single: string[] }>();
  for (const artifact of byArtifact.keys()) {
    const role = snapshotRole(artifact);
    const key = role ? snapshotBase(artifact) : artifact;
    const g = groups.get(key) ?? { single: [] };
    if (role && !g[role]) g[role] = artifact;
    else g.single.push(artifact);
    groups.set(key, g);
  }
  const out: CounterChange[] = [];
  const valueMap = (artifact: string) => new Map(byArtifact.get(artifact)!.map((c) => [`${c.scope}\u0000${c.name}`, c]));
  for (const g of groups.values()) {
    const later = g.after ?? g.before;
    if (later) {
      const earlier = g.after && g.before ? valueMap(g.before) : null;
      for (const c of byArtifact.get(later)!) {
        const b = earlier?.get(`${c.scope}\u0000${c.name}`) ?? null;
        const delta = b && c.value >= b.value ? c.value - b.value : null;
        out.push({ scope: c.scope, name: c.name, after: c.value, artifact: later, line: c.line, before: b ? b.value : null, beforeArtifact: b ? g.before! : null, delta });
      }
    }
    for (const artifact of g.single) {
      for (const c of byArtifact.get(artifact)!) out.push({ scope: c.scope, name: c.name, after: c.value, artifact, line: c.line, before: null, beforeArtifact: null, delta: null });
    }
  }
  return out;
}
