import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { constrainedDominates, crowdingDistance, dominates, kneePoint, nonDominatedSort, toMinimization } from '../../../../tools/optimizer/analysis/pareto.ts';

describe('pareto', () => {
  test('non-dominated sort agrees with brute force ranks', () => {
    const rng = createRng(3);
    const points = Array.from({ length: 60 }, () => [rng.int(0, 9), rng.int(0, 9), rng.int(0, 9)]);
    const fronts = nonDominatedSort(points);
    assert.equal(fronts.flat().length, points.length);
    let remaining = [...points.keys()];
    for (const front of fronts) {
      const expected = remaining.filter((i) => !remaining.some((j) => dominates(points[j]!, points[i]!))).sort((a, b) => a - b);
      assert.deepEqual([...front].sort((a, b) => a - b), expected);
      remaining = remaining.filter((i) => !front.includes(i));
    }
  });

  test('constrained domination: feasible first, then smaller violation', () => {
    assert.equal(constrainedDominates([5, 5], 0, [1, 1], 0.1), true);
    assert.equal(constrainedDominates([1, 1], 0.5, [5, 5], 0.2), false);
    assert.equal(constrainedDominates([1, 1], 0, [2, 2], 0), true);
    const fronts = nonDominatedSort([[1, 1], [5, 5], [0, 0]], [0.3, 0, 1]);
    assert.deepEqual(fronts, [[1], [0], [2]]);
  });

  test('crowding distance: extremes infinite, interior by neighbour gaps', () => {
    const d = crowdingDistance([[0, 4], [1, 2], [3, 1], [4, 0]]);
    assert.equal(d[0], Infinity);
    assert.equal(d[3], Infinity);
    assert.ok(Math.abs(d[1]! - (3 / 4 + 3 / 4)) < 1e-12);
    assert.ok(Math.abs(d[2]! - (3 / 4 + 2 / 4)) < 1e-12);
  });

  test('knee point: farthest below the line through the normalized extremes', () => {
    // Normalized sums: 1, 0.4, 0.35, 0.4, 1 → index 2 lies farthest below x + y = 1.
    const front = [[0, 10], [1, 3], [2, 1.5], [3, 1], [10, 0]];
    assert.equal(kneePoint(front), 2);
    assert.equal(kneePoint([[0, 1], [0.5, 0.5], [1, 0]]), 0, 'a linear front has no knee: ties go to the first point');
    assert.equal(kneePoint([]), null);
  });

  test('toMinimization negates maximized objectives', () => {
    assert.deepEqual(toMinimization([1, 2], ['minimize', 'maximize']), [1, -2]);
  });
});
