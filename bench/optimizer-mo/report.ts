/** Markdown tables for the advanced-sampler benchmark, with Optuna 3.1's figures beside ours. */
import { optunaMulti, optunaOverhead, optunaSingle } from './anchors.ts';
import { median, type SeriesResult } from './measure.ts';

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const triple = (values: number[][], digits = 2) => values.map((v) => fmt(median(v), digits)).join(' / ');
const optunaTriple = (v: [number, number, number], digits = 2) => v.map((x) => x.toFixed(digits)).join(' / ');

export function singleObjectiveTable(results: SeriesResult[], samplers: string[]): string {
  const problems = [...new Set(results.map((r) => r.problem))];
  const lines = [
    `| problem | ${samplers.map((s) => `${s} (ours)`).join(' | ')} | Optuna TPE | Optuna best @100 | auto @100 ≤ best Optuna | auto @100 ≤ Optuna TPE | auto @50 < Optuna TPE |`,
    `|---|${samplers.map(() => '---').join('|')}|---|---|---|---|---|`,
  ];
  for (const problem of problems) {
    const anchors = optunaSingle[problem]!;
    const [bestName, bestValues] = Object.entries(anchors).sort((a, b) => a[1][1] - b[1][1])[0]!;
    const cells = samplers.map((s) => {
      const r = results.find((x) => x.problem === problem && x.sampler === s);
      return r ? triple(r.values) : '–';
    });
    const auto = results.find((x) => x.problem === problem && x.sampler === 'auto');
    const at = (k: number) => (auto && auto.values[k] ? median(auto.values[k]!) : NaN);
    const check = (ok: boolean) => (ok ? 'yes' : '**no**');
    const verdict = (value: number, ok: boolean) => (Number.isNaN(value) ? 'n/a' : check(ok));
    lines.push(`| ${problem} | ${cells.join(' | ')} | ${optunaTriple(anchors['tpe']!)} | ${bestName} ${bestValues[1].toFixed(2)} | ${verdict(at(1), at(1) <= bestValues[1])} | ${verdict(at(1), at(1) <= anchors['tpe']![1])} | ${verdict(at(0), at(0) < anchors['tpe']![0])} |`);
  }
  return lines.join('\n');
}

export function multiObjectiveTable(results: SeriesResult[], samplers: string[]): string {
  const problems = [...new Set(results.map((r) => r.problem))];
  const lines = [
    `| problem | ${samplers.map((s) => `${s} (ours)`).join(' | ')} | Optuna NSGA-II | Optuna TPE | auto @200 ≥ both |`,
    `|---|${samplers.map(() => '---').join('|')}|---|---|---|`,
  ];
  for (const problem of problems) {
    const digits = problem === 'dtlz2' ? 3 : 2;
    const anchors = optunaMulti[problem]!;
    const cells = samplers.map((s) => {
      const r = results.find((x) => x.problem === problem && x.sampler === s);
      return r ? triple(r.values, digits) : '–';
    });
    const auto = results.find((x) => x.problem === problem && x.sampler === 'auto');
    const hv = auto && auto.values[2] ? median(auto.values[2]) : NaN;
    const ok = hv >= Math.max(anchors['nsga2']![2], anchors['tpe']![2]);
    lines.push(`| ${problem} | ${cells.join(' | ')} | ${optunaTriple(anchors['nsga2']!, digits)} | ${optunaTriple(anchors['tpe']!, digits)} | ${Number.isNaN(hv) ? 'n/a' : ok ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

export function overheadTable(rows: Array<{ sampler: string; objectives: number; at: number[]; ms: { cpu: number[]; wall: number[] } }>): string {
  const lines = ['| sampler | ours: CPU ms per ask+tell (at trials) | ours: wall ms | Optuna 3.1 @100 / 500 / 1000 |', '|---|---|---|---|'];
  const cells = (values: number[], at: number[]) => at.map((n, i) => `${fmt(values[i]!, values[i]! < 1 ? 3 : 1)} @${n}`).join(', ');
  for (const row of rows) {
    const anchor = optunaOverhead[row.sampler];
    lines.push(`| ${row.sampler}${row.objectives > 1 ? ` (${row.objectives} objectives)` : ''} | ${cells(row.ms.cpu, row.at)} | ${cells(row.ms.wall, row.at)} | ${anchor ? optunaTriple(anchor) : '–'} |`);
  }
  return lines.join('\n');
}
