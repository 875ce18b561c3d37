import { factKey, removeFrom } from './equality-keys.ts';
import type { FactRecord, RightInput } from './token.ts';

/** A hash index of an alpha memory's facts on some of their fields (the right side of equality joins). */
export class HashIndex {
  readonly fields: ReadonlySet<string>;
  private readonly signature: string;
  private readonly buckets = new Map<unknown, FactRecord[]>();
  private readonly keys = new Map<FactRecord, unknown>();

  constructor(readonly paths: readonly (readonly string[])[]) {
    this.fields = new Set(paths.map((p) => p[0]!));
    this.signature = `R${paths.map((p) => p.join('.')).join('\u0001')}`;
  }

  keyOf(fact: FactRecord): unknown {
    return factKey(fact, this.signature, this.paths);
  }

  add(fact: FactRecord): void {
    const key = this.keyOf(fact);
    if (key === undefined) return;
    this.keys.set(fact, key);
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(fact);
    else this.buckets.set(key, [fact]);
  }

  remove(fact: FactRecord): void {
    if (!this.keys.has(fact)) return;
    const key = this.keys.get(fact);
    this.keys.delete(fact);
    const bucket = this.buckets.get(key)!;
    removeFrom(bucket, fact);
    if (bucket.length === 0) this.buckets.delete(key);
  }

  get(key: unknown): readonly FactRecord[] | undefined {
    return this.buckets.get(key);
  }
}

const NO_FACTS: Set<FactRecord> = new Set();
const NO_FIELDS: ReadonlySet<string> = new Set();

/** The single indexed test chosen for a memory: `field op constant`. */
export interface PrimaryTest {
  field: string;
  kind: 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
  value: unknown;
}

/**
 * The facts of one type that pass one conjunction of single-fact tests (shared by every pattern with the
 * same type and tests). `test` is the whole conjunction; `primary`, when present, is the part the alpha
 * network indexes, so only memories whose primary test can hold (or flip) are evaluated.
 */
export class AlphaMemory {
  /** The member facts; one shared empty set until the first fact arrives (most memories of a large rule base stay empty). */
  private factSet: Set<FactRecord> = NO_FACTS;
  /** Successor nodes, deepest first (read-only outside; the first one gets an exactly sized array). */
  successors: RightInput[] = [];
  /** Union of the successors' listened fields: the first successor's (shared, read-only) set until another adds a field. */
  private listenSet: ReadonlySet<string> = NO_FIELDS;
  private ownsListens = false;
  /** Hash indexes by key paths, created when a join first asks for one. */
  private indexes: Map<string, HashIndex> | null = null;

  constructor(
    readonly signature: string,
    readonly type: string,
    readonly test: (fact: FactRecord) => boolean,
    readonly primary: PrimaryTest | null,
    /** Fields read by the tests other than the primary one (all tests when there is no primary). */
    readonly restFields: ReadonlySet<string>,
    /** Fields read by any test. */
    readonly fields: ReadonlySet<string>,
  ) {}

  /** Modify bookkeeping: the last modify that visited this memory, and the one it is leaving in. */
  visited = 0;
  leaving = 0;

  get facts(): ReadonlySet<FactRecord> {
    return this.factSet;
  }

  get listens(): ReadonlySet<string> {
    return this.listenSet;
  }

  add(fact: FactRecord): void {
    if (this.factSet === NO_FACTS) this.factSet = new Set();
    this.factSet.add(fact);
    fact.memberships.add(this);
    for (const field of this.listens) listen(fact, field, this);
    if (this.indexes !== null) for (const index of this.indexes.values()) index.add(fact);
  }

  remove(fact: FactRecord): void {
    this.factSet.delete(fact);
    fact.memberships.delete(this);
    for (const field of this.listens) fact.byField.get(field)?.delete(this);
    if (this.indexes !== null) for (const index of this.indexes.values()) index.remove(fact);
  }

  /** Re-keys a member whose fields changed. */
  reindex(fact: FactRecord, changed: readonly string[]): void {
    if (this.indexes === null) return;
    for (const index of this.indexes.values()) {
      if (changed.some((field) => index.fields.has(field))) {
        index.remove(fact);
        index.add(fact);
      }
    }
  }

  /** The (shared) hash index on these paths, built on first use. */
  hashIndex(paths: readonly (readonly string[])[]): HashIndex {
    const key = paths.map((p) => p.join('.')).join('\u0001');
    this.indexes ??= new Map();
    let index = this.indexes.get(key);
    if (!index) {
      index = new HashIndex(paths);
      for (const fact of this.facts) index.add(fact);
      this.indexes.set(key, index);
    }
    return index;
  }

  /** Successors are kept deepest first (the order assertions must run in). */
  addSuccessor(node: RightInput): void {
    if (this.successors.length === 0) this.successors = [node];
    else {
      let at = this.successors.length;
      while (at > 0 && this.successors[at - 1]!.depth < node.depth) at--;
      this.successors.splice(at, 0, node);
    }
    if (this.listenSet === NO_FIELDS) {
      this.listenSet = node.listens;
      if (this.factSet.size > 0) for (const field of node.listens) for (const fact of this.factSet) listen(fact, field, this);
      return;
    }
    for (const field of node.listens) {
      if (this.listenSet.has(field)) continue;
      if (!this.ownsListens) {
        this.listenSet = new Set(this.listenSet);
        this.ownsListens = true;
      }
      (this.listenSet as Set<string>).add(field);
      for (const fact of this.factSet) listen(fact, field, this);
    }
  }

  removeSuccessor(node: RightInput): void {
    const index = this.successors.indexOf(node);
    if (index >= 0) this.successors.splice(index, 1);
    // Listened fields only grow; a stale one costs a skipped visit in modify.
  }
}

function listen(fact: FactRecord, field: string, memory: AlphaMemory): void {
  let set = fact.byField.get(field);
  if (!set) fact.byField.set(field, (set = new Set()));
  set.add(memory);
}
