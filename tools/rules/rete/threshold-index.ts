import type { AlphaMemory } from './alpha-memory.ts';

/**
 * Memories whose primary test is `field > c` (or >=, <, <=) for numeric constants c, sorted by c. The
 * memories a value satisfies form a prefix (gt, gte: c below the value) or a suffix (lt, lte), so an
 * insert finds them by binary search and a modify from a to b touches only the constants between a and b.
 */
export class ThresholdIndex {
  private readonly thresholds: number[] = [];
  private readonly memories: AlphaMemory[] = [];

  constructor(readonly kind: 'gt' | 'gte' | 'lt' | 'lte') {}

  get size(): number {
    return this.memories.length;
  }

  add(threshold: number, memory: AlphaMemory): void {
    const at = this.upperBound(threshold);
    this.thresholds.splice(at, 0, threshold);
    this.memories.splice(at, 0, memory);
  }

  remove(memory: AlphaMemory): void {
    const at = this.memories.indexOf(memory);
    if (at < 0) return;
    this.thresholds.splice(at, 1);
    this.memories.splice(at, 1);
  }

  /** First index whose threshold is >= value. */
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.thresholds[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose threshold is > value. */
  private upperBound(value: number): number {
    let lo = 0;
    let hi = this.thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.thresholds[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the satisfied prefix ends (gt/gte) or the satisfied suffix starts (lt/lte). */
  private boundary(value: unknown): number {
    const prefix = this.kind === 'gt' || this.kind === 'gte';
    if (typeof value !== 'number' || Number.isNaN(value)) return prefix ? 0 : this.thresholds.length;
    switch (this.kind) {
      case 'gt':
        return this.lowerBound(value); // c < value
      case 'gte':
        return this.upperBound(value); // c <= value
      case 'lt':
        return this.upperBound(value); // c > value
      case 'lte':
        return this.lowerBound(value); // c >= value
    }
  }

  /** Memories whose primary test `value op c` holds. */
  collect(value: unknown, into: AlphaMemory[]): void {
    const boundary = this.boundary(value);
    const prefix = this.kind === 'gt' || this.kind === 'gte';
    const [from, to] = prefix ? [0, boundary] : [boundary, this.memories.length];
    for (let i = from; i < to; i++) into.push(this.memories[i]!);
  }

  /** Memories whose primary test differs between the old and the new value. */
  collectFlips(before: unknown, after: unknown, into: Set<AlphaMemory>): void {
    const a = this.boundary(before);
    const b = this.boundary(after);
    for (let i = Math.min(a, b); i < Math.max(a, b); i++) into.add(this.memories[i]!);
  }
}
