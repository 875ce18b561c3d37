/** Pads token-id lists to one batch: ids [batch, length] and mask [batch, length] (1 = token, 0 = padding). */
import { PAD_ID } from './tokenizer.ts';

export interface PaddedBatch {
  ids: Int32Array;
  mask: Float32Array;
  batch: number;
  /** The longest list of the batch (batches are padded to their own longest, not to maxLength). */
  length: number;
}

export function padBatch(lists: readonly (readonly number[])[]): PaddedBatch {
  const length = Math.max(1, ...lists.map((l) => l.length));
  const ids = new Int32Array(lists.length * length).fill(PAD_ID);
  const mask = new Float32Array(lists.length * length);
  lists.forEach((list, row) => {
    list.forEach((id, col) => {
      ids[row * length + col] = id;
      mask[row * length + col] = 1;
    });
  });
  return { ids, mask, batch: lists.length, length };
}

/** The index order of one epoch: a Fisher–Yates shuffle of 0..n-1 with `next()` in [0, 1). */
export function shuffledIndices(n: number, next: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * One epoch's batches of indices 0..n-1: shuffled, then sorted by length within pools of 8 batches, so a batch pads to
 * about its own texts' length (less padding, fewer wasted positions), and the batch order shuffled again.
 */
export function bucketedBatches(lengths: readonly number[], batchSize: number, next: () => number): number[][] {
  const order = shuffledIndices(lengths.length, next);
  const pool = batchSize * 8;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += pool) {
    const sorted = order.slice(start, start + pool).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    for (let i = 0; i < sorted.length; i += batchSize) batches.push(sorted.slice(i, i + batchSize));
  }
  return shuffledIndices(batches.length, next).map((i) => batches[i]!);
}
