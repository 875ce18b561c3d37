import type { BenchResult } from '../types.ts';

/** The full result as pretty JSON (the stored form; field names are the stable contract). */
export function exportJson(result: BenchResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
