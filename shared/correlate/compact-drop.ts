import type { KernelEvent, Tuple } from '../model/kernel-event';
import type { DropSite } from './drop-site';
import type { DropObservation } from './drops';
import { lifeEndingAt, type SkbLife } from './skb-lives';

// A trace of a million drops makes a million DropObservations; most say the same as their neighbours (same artifact,
// site and reason, no tuple) and end an skb life of their own event only. Each such object holds its event, its
// time and two references; what it shares lives in one DropFacts object until a write (a twin, a tuple from a LOG
// line) gives the drop its own copy, and its life is built the first time it is read. On a VM where every retained
// megabyte costs milliseconds (page faults, promotion), that is half the memory of a plain object per drop.

/** What a drop says besides its event, time and life: shared by drops that say the same. */
export type DropFacts = Pick<DropObservation, 'artifact' | 'site' | 'reason' | 'tuple' | 'tupleFrom' | 'stackFrom' | 'window' | 'twins'>;

/** An artifact's events with their skb-life links (skb-lives.ts skbLifeLinks), for lives built on demand. */
export interface LifeLinks {
  artifact: string;
  events: KernelEvent[];
  links: Int32Array;
}

/** A DropObservation reading its facts from a shared DropFacts (copied on the first write) and building its life lazily. */
export class CompactDrop implements DropObservation {
  private facts: DropFacts;
  private sharedFacts: boolean;
  private lifeOrLinks: SkbLife | LifeLinks | null;

  /**
   * `life` is the drop's life, null, or the links to build it from (the drop at `at` ends a life of its own event).
   * `shared` says whether `facts` is shared with other drops.
   */
  constructor(
    public event: KernelEvent,
    life: SkbLife | LifeLinks | null,
    private readonly at: number,
    public tUs: number | null,
    facts: DropFacts,
    shared: boolean,
  ) {
    this.facts = facts;
    this.sharedFacts = shared;
    this.lifeOrLinks = life;
  }

  get life(): SkbLife | null {
    const known = this.lifeOrLinks;
    if (known !== null && 'links' in known) {
      const built = lifeEndingAt(known.artifact, known.events, known.links, this.at);
      this.lifeOrLinks = built;
      return built;
    }
    return known;
  }

  get artifact(): string {
    return this.facts.artifact;
  }

  get site(): DropSite {
    return this.facts.site;
  }

  get stackFrom(): DropFacts['stackFrom'] {
    return this.facts.stackFrom;
  }

  get window(): DropFacts['window'] {
    return this.facts.window;
  }

  get reason(): string | null {
    return this.facts.reason;
  }

  set reason(value: string | null) {
    this.own().reason = value;
  }

  get tuple(): Tuple | null {
    return this.facts.tuple;
  }

  set tuple(value: Tuple | null) {
    this.own().tuple = value;
  }

  get tupleFrom(): string | null {
    return this.facts.tupleFrom;
  }

  set tupleFrom(value: string | null) {
    this.own().tupleFrom = value;
  }

  get twins(): DropObservation['twins'] {
    return this.facts.twins;
  }

  set twins(value: DropObservation['twins']) {
    this.own().twins = value;
  }

  private own(): DropFacts {
    if (this.sharedFacts) {
      this.facts = { ...this.facts };
      this.sharedFacts = false;
    }
    return this.facts;
  }
}
