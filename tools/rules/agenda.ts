import type { Activation, ConflictStrategy } from './conflict-strategies.ts';

/** Pending activations of one agenda group, as a set plus a binary heap built lazily when firing starts. */
class AgendaGroup {
  readonly pending = new Set<Activation>();
  private heap: Activation[] | null = null;

  constructor(private readonly compare: ConflictStrategy) {}

  add(activation: Activation): void {
    this.pending.add(activation);
    if (this.heap) this.push(activation);
  }

  get ordered(): boolean {
    return this.heap !== null;
  }

  remove(activation: Activation): void {
    this.pending.delete(activation);
    if (this.heap && this.heap.length > 2 * this.pending.size + 64) this.heap = null;
  }

  /** The best pending activation (removed from the group), or null. */
  take(): Activation | null {
    if (this.pending.size === 0) {
      this.heap = null;
      return null;
    }
    if (!this.heap) {
      this.heap = [];
      for (const activation of this.pending) this.push(activation);
    }
    while (this.heap.length > 0) {
      const top = this.pop();
      if (this.pending.delete(top)) return top;
    }
    return null;
  }

  private push(activation: Activation): void {
    const heap = this.heap!;
    heap.push(activation);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Activation {
    const heap = this.heap!;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && this.compare(heap[l]!, heap[best]!) < 0) best = l;
        if (r < heap.length && this.compare(heap[r]!, heap[best]!) < 0) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  }
}

/**
 * The agenda: pending activations per agenda group and a focus stack (Drools semantics). Only the group on
 * top of the stack fires; when it empties it is popped, down to `MAIN`, which is always at the bottom.
 */
export class Agenda {
  private readonly groups = new Map<string, AgendaGroup>();
  private readonly focusStack: string[] = ['MAIN'];

  constructor(private readonly compare: ConflictStrategy) {}

  private group(name: string): AgendaGroup {
    let group = this.groups.get(name);
    if (!group) this.groups.set(name, (group = new AgendaGroup(this.compare)));
    return group;
  }

  add(activation: Activation): void {
    this.group(activation.rule.agendaGroup).add(activation);
  }

  remove(activation: Activation): void {
    this.groups.get(activation.rule.agendaGroup)?.remove(activation);
  }

  /** Puts a group on top of the focus stack. */
  setFocus(name: string): void {
    if (this.focusStack.at(-1) !== name) this.focusStack.push(name);
  }

  get focus(): string {
    return this.focusStack.at(-1)!;
  }

  /** Whether a pending activation's ordering keys may change in place (no heap holds it yet). */
  canReorder(activation: Activation): boolean {
    return !this.groups.get(activation.rule.agendaGroup)?.ordered;
  }

  /** Takes the next activation to fire from the focused group, popping empty groups. */
  next(): Activation | null {
    for (;;) {
      const name = this.focusStack.at(-1)!;
      const activation = this.groups.get(name)?.take() ?? null;
      if (activation) return activation;
      if (this.focusStack.length === 1) return null;
      this.focusStack.pop();
    }
  }

  /** Cancels every pending activation whose rule is in activation group `name` (Drools activation-group). */
  cancelActivationGroup(name: string): Activation[] {
    const cancelled: Activation[] = [];
    for (const group of this.groups.values()) {
      for (const activation of group.pending) {
        if (activation.rule.activationGroup !== name) continue;
        group.remove(activation);
        activation.state = 'cancelled';
        cancelled.push(activation);
      }
    }
    return cancelled;
  }

  /** Pending activations per group. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.groups].map(([name, group]) => [name, group.pending.size]));
  }
}
