import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../../tools/common/rng.ts';
import { hypervolume, hypervolumeContributions } from '../../../../tools/optimizer/analysis/hypervolume.ts';

/** Exact union volume of boxes [p, ref] by inclusion–exclusion (small sets only). */
function inclusionExclusion(points: number[][], ref: number[]): number {
  let total = 0;
  const n = points.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const chosen = points.filter((_, i) => mask & (1 << i));
    const corner = ref.map((_, k) => Math.max(...chosen.map((p) => p[k]!)));
    const volume = corner.reduce((v, c, k) => v * Math.max(0, ref[k]! - c), 1);
    total += (chosen.length % 2 === 1 ? 1 : -1) * volume;
  }
  return total;
}

function randomPoints(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.next()));
}

describe('hypervolume', () => {
  test('2-D staircase by hand', () => {
    assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]), 3 + 2 + 1);
    assert.equal(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3]], [4, 4]), 6, 'a dominated point adds nothing');
    assert.equal(hypervolume([[5, 1]], [4, 4]), 0, 'a point beyond the reference adds nothing');
  });

  for (const d of [2, 3, 4, 5]) {
    test(`${d}-D equals inclusion–exclusion on random sets`, () => {
      for (let seed = 0; seed < 15; seed++) {
        const points = randomPoints(8, d, seed * 31 + d);
        const ref = new Array(d).fill(1.1);
        assert.ok(Math.abs(hypervolume(points, ref) - inclusionExclusion(points, ref)) < 1e-9, `seed ${seed}`);
      }
    });
  }

  test('3-D with ties and duplicates', () => {
    const points = [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.2, 0.8], [0.2, 0.5, 0.8], [0.5, 0.5, 0.2]];
    assert.ok(Math.abs(hypervolume(points, [1, 1, 1]) - inclusionExclusion(points, [1, 1, 1])) < 1e-12);
  });

  test('DTLZ2 front approaches 1.331 − π/6', () => {
    const points: number[][] = [];
    for (let i = 0; i <= 60; i++) for (let j = 0; j <= 60; j++) {
      const a = (i / 60) * (Math.PI / 2);
      const b = (j / 60) * (Math.PI / 2);
      points.push([Math.cos(a) * Math.cos(b), Math.cos(a) * Math.sin(b), Math.sin(a)]);
    }
    const hv = hypervolume(points, [1.1, 1.1, 1.1]);
    assert.ok(hv < 1.331 - Math.PI / 6 && hv > 1.331 - Math.PI / 6 - 0.03, `hv ${hv}`);
  });

  test('contributions: exclusive volume, zero for dominated points', () => {
    const c = hypervolumeContributions([[1, 3], [2, 2], [3, 1], [3, 3]], [4, 4]);
    assert.deepEqual(c, [1, 1, 1, 0]);
  });
});
