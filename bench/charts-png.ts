/**
 * `node --import tsx bench/charts-png.ts [--trials 10000] [--runs 5]`
 *
 * Server-side chart render time: builds each study chart's SVG for a synthetic study of `--trials` trials (one
 * objective; two objectives for the Pareto front) and rasterizes it to a 900 px PNG with resvg, `--runs` times after
 * one warm-up. Prints median and max of SVG build, PNG render and total, with sizes. Numbers are printed, never
 * asserted (they depend on the machine).
 */
import { parseArgs } from 'node:util';
import { latencyCurveSvg } from '../tools/charts/latency-curve-chart.ts';
import { svgToPng } from '../tools/charts/png.ts';
import { studyChartSvg } from '../tools/charts/study-chart.ts';
import type { StudyChartData, StudyChartKind } from '../tools/charts/types.ts';
import { singleStudy, singleTrials, twoObjectiveStudy } from '../test/tools/charts/chart-fixtures.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const trials = Number(values.trials);
const runs = Math.max(1, Number(values.runs));

const single: StudyChartData = {
  study: singleStudy('bench study'),
  trials: singleTrials(trials),
  importance: { studyId: 'st_single', objectives: [{ metric: 'loss', importances: { lr: 0.6, depth: 0.3, optimizer: 0.1 } }], trialsUsed: trials },
};
const two = twoObjectiveStudy(Math.min(trials, 20_000));
const cases: [string, () => string][] = [
  ...(['history', 'importance', 'parallel', 'intermediate', 'trials'] as StudyChartKind[]).map((kind) => [kind, () => studyChartSvg(kind, single)] as [string, () => string]),
  ['pareto (2 objectives)', () => studyChartSvg('pareto', two)],
  ['latency curve', () => latencyCurveSvg('GET /', [{ label: 'run', points: [[0, 1], [50, 2], [90, 4], [99, 9], [99.9, 20], [99.99, 35], [100, 60]] }])],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(1).padStart(8);
console.log(`study chart PNG render, ${trials} trials (Pareto: ${two.trials.length}), ${runs} runs after 1 warm-up, Node ${process.version}`);
console.log(`${'chart'.padEnd(22)} ${'svg ms'.padStart(8)} ${'png ms'.padStart(8)} ${'total'.padStart(8)} ${'max'.padStart(8)}  svg KB   png KB`);
for (const [name, build] of cases) {
  const svgTimes: number[] = [];
  const pngTimes: number[] = [];
  let sizes = { svg: 0, png: 0 };
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const svg = build();
    const t1 = performance.now();
    const png = await svgToPng(svg);
    const t2 = performance.now();
    if (i === 0) continue; // warm-up (font loading, JIT)
    svgTimes.push(t1 - t0);
    pngTimes.push(t2 - t1);
    sizes = { svg: svg.length, png: png.length };
  }
  const totals = svgTimes.map((s, i) => s + pngTimes[i]!);
  console.log(`${name.padEnd(22)} ${ms(median(svgTimes))} ${ms(median(pngTimes))} ${ms(median(totals))} ${ms(Math.max(...totals))}  ${(sizes.svg / 1024).toFixed(0).padStart(6)}   ${(sizes.png / 1024).toFixed(0).padStart(6)}`);
}
