import type { AlphaMemory } from './alpha-memory.ts';
import { ThresholdIndex } from './threshold-index.ts';
import type { FactRecord } from './token.ts';

interface FieldIndex {
  eq: Map<unknown, AlphaMemory[]>;
  gt: ThresholdIndex;
  gte: ThresholdIndex;
  lt: ThresholdIndex;
  lte: ThresholdIndex;
}

/**
 * The alpha network of one fact type: its shared memories, indexed by their primary test (hash on
 * equality constants, sorted thresholds for comparisons), plus the memories without an indexable test.
 */
export class TypeNode {
  readonly facts = new Map<string, FactRecord>();
  readonly memories = new Map<string, AlphaMemory>();
  private readonly fieldIndexes = new Map<string, FieldIndex>();
  private readonly unindexed = new Set<AlphaMemory>();
  /** field → memories that must be re-tested when it changes (besides the primary index's flips). */
  private readonly dependents = new Map<string, Set<AlphaMemory>>();

  constructor(readonly type: string) {}

  addMemory(memory: AlphaMemory): void {
    this.memories.set(memory.signature, memory);
    const primary = memory.primary;
    if (primary) {
      let index = this.fieldIndexes.get(primary.field);
      if (!index) {
        index = { eq: new Map(), gt: new ThresholdIndex('gt'), gte: new ThresholdIndex('gte'), lt: new ThresholdIndex('lt'), lte: new ThresholdIndex('lte') };
        this.fieldIndexes.set(primary.field, index);
      }
      if (primary.kind === 'eq') {
        const list = index.eq.get(primary.value);
        if (list) list.push(memory);
        else index.eq.set(primary.value, [memory]);
      } else index[primary.kind].add(primary.value as number, memory);
    } else this.unindexed.add(memory);
    if (memory.restFields.size > 0) for (const field of memory.restFields) {
      let set = this.dependents.get(field);
      if (!set) this.dependents.set(field, (set = new Set()));
      set.add(memory);
    }
  }

  removeMemory(memory: AlphaMemory): void {
    this.memories.delete(memory.signature);
    const primary = memory.primary;
    if (primary) {
      const index = this.fieldIndexes.get(primary.field)!;
      if (primary.kind === 'eq') {
        const list = index.eq.get(primary.value)!;
        list.splice(list.indexOf(memory), 1);
        if (list.length === 0) index.eq.delete(primary.value);
      } else index[primary.kind].remove(memory);
    } else this.unindexed.delete(memory);
    for (const field of memory.restFields) this.dependents.get(field)?.delete(memory);
  }

  /** Memories whose primary test holds for the fact (or that have none); the caller runs the full test. */
  candidates(fact: FactRecord): AlphaMemory[] {
    const out: AlphaMemory[] = [];
    for (const [field, index] of this.fieldIndexes) {
      const value = fact.fields[field];
      if (value === undefined) continue;
      if (index.eq.size > 0 && (value === null || typeof value !== 'object')) {
        const list = index.eq.get(value);
        if (list) for (const memory of list) out.push(memory);
      }
      if (typeof value === 'number') {
        if (index.gt.size > 0) index.gt.collect(value, out);
        if (index.gte.size > 0) index.gte.collect(value, out);
        if (index.lt.size > 0) index.lt.collect(value, out);
        if (index.lte.size > 0) index.lte.collect(value, out);
      }
    }
    for (const memory of this.unindexed) out.push(memory);
    return out;
  }

  /** Memories whose test result may differ after the fields changed from `before` to the fact's current values. */
  affected(fact: FactRecord, changed: readonly string[], before: Record<string, unknown>): Set<AlphaMemory> {
    const out = new Set<AlphaMemory>();
    for (const field of changed) {
      const index = this.fieldIndexes.get(field);
      if (index) {
        const previous = before[field];
        const current = fact.fields[field];
        if (index.eq.size > 0) {
          for (const value of [previous, current]) {
            if (value === undefined || (value !== null && typeof value === 'object')) continue;
            const list = index.eq.get(value);
            if (list) for (const memory of list) out.add(memory);
          }
        }
        if (index.gt.size > 0) index.gt.collectFlips(previous, current, out);
        if (index.gte.size > 0) index.gte.collectFlips(previous, current, out);
        if (index.lt.size > 0) index.lt.collectFlips(previous, current, out);
        if (index.lte.size > 0) index.lte.collectFlips(previous, current, out);
      }
      const dependents = this.dependents.get(field);
      if (dependents) for (const memory of dependents) out.add(memory);
    }
    return out;
  }
}
