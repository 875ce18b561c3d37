import { median } from './stats.ts';
import type { OutlierReport } from './types.ts';

/**
 * Outlier detection with the modified z-score of Iglewicz & Hoaglin (1993), "How to Detect and Handle
 * Outliers": M_i = 0.6745 · (x_i − median) / MAD, where MAD = median(|x_i − median|). Points with
 * |M_i| > 3.5 are outliers. 0.6745 = 1 / 1.4826 makes the MAD a consistent estimator of σ for normal data
 * (hyperfine's `outlier_detection.rs` uses the same constant and threshold).
 */
export const OUTLIER_THRESHOLD = 3.5;

export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  // A zero MAD (over half the samples identical) makes every differing point infinitely far: hyperfine
  // treats that the same way; we report those points as outliers only when they differ at all.
  return values.map((v) => (mad === 0 ? (v === m ? 0 : Number.POSITIVE_INFINITY) : (0.6745 * (v - m)) / mad));
}

export function detectOutliers(values: readonly number[], threshold = OUTLIER_THRESHOLD): OutlierReport {
  const indices: number[] = [];
  modifiedZScores(values).forEach((z, i) => {
    if (Math.abs(z) > threshold) indices.push(i);
  });
  return { count: indices.length, indices, threshold };
}
