import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolError } from '../../../tools/common/errors.ts';
import { downsample, MAX_POINTS } from '../../../tools/charts/downsample.ts';
import { svgToPng } from '../../../tools/charts/png.ts';
import { autoScale, niceTicks } from '../../../tools/charts/scale.ts';
import { STUDY_CHART_KINDS } from '../../../server/studies-protocol.ts';
import { parseStudyChartKind, studyChartSvg, summaryChartKind } from '../../../tools/charts/study-chart.ts';
import { escapeXml } from '../../../tools/charts/svg.ts';
import { bestSoFar } from '../../../tools/charts/trial-values.ts';
import type { TrialViewJson } from '../../../tools/charts/types.ts';
import { singleStudy, singleTrials, twoObjectiveStudy } from './chart-fixtures.ts';

const circles = (svg: string) => (svg.match(/<circle /g) ?? []).length;
const importance = { studyId: 'st_single', objectives: [{ metric: 'loss', importances: { lr: 0.7, depth: 0.2, optimizer: 0.1 } }], trialsUsed: 90 };

function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('study chart SVG builders', () => {
  test('nice ticks are 1-2-5 steps covering the data', () => {
    assert.deepEqual(niceTicks(0, 97, 5), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(niceTicks(0.013, 0.048, 4), [0.01, 0.02, 0.03, 0.04, 0.05]);
    assert.equal(autoScale([1, 50], [0, 100]).log, false, 'under two decades: linear');
    assert.equal(autoScale([1, 500], [0, 100]).log, true, 'over two decades: log');
    assert.equal(autoScale([-1, 500], [0, 100]).log, false, 'a non-positive value: linear');
  });

  test('history draws every complete trial and a best-so-far step line; log y only past two decades', () => {
    const study = singleStudy();
    const trials = singleTrials(50);
    const svg = studyChartSvg('history', { study, trials });
    assert.equal(circles(svg) - 1, 45, 'one dot per complete trial (45 of 50; 5 pruned), plus the legend dot');
    assert.match(svg, /optimization history \(loss\)/);
    assert.match(svg, />loss \(min\)</, 'metric name with direction as the y label');
    assert.doesNotMatch(svg, /log scale/);
    const steps = bestSoFar(study, trials);
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i]![1] <= steps[i - 1]![1], 'best so far never gets worse');
    const spanning: TrialViewJson[] = [1, 10, 100, 1000, 5000].map((v, number) => ({ number, state: 'complete', values: [v], params: {}, intermediate: [], startedAt: 0, finishedAt: 0 }));
    assert.match(studyChartSvg('history', { study: { ...study, objectives: [{ metric: 'loss', direction: 'maximize' }] }, trials: spanning }), /loss \(max\) · log scale/);
  });

  test('at most MAX_POINTS marks for a 20,000-trial study, the improvements always among them', () => {
    const study = singleStudy();
    const trials = singleTrials(20_000);
    const svg = studyChartSvg('history', { study, trials });
    assert.ok(circles(svg) <= MAX_POINTS + 2, `got ${circles(svg)} circles`);
    const steps = new Set(bestSoFar(study, trials).map(([n]) => n));
    const kept = downsample(trials, MAX_POINTS, (t) => steps.has(t.number));
    assert.ok(kept.length <= MAX_POINTS);
    for (const n of steps) assert.ok(kept.some((t) => t.number === n), `improvement at trial ${n} kept`);
  });

  test('a study name cannot inject markup: text is escaped and the PNG still renders', async () => {
    const name = '</text><script>alert(1)</script><text x="0" onload="x()">\u0000\u0007 & "q" \ud800';
    const study = singleStudy(name);
    const trials = singleTrials(30);
    for (const kind of STUDY_CHART_KINDS.filter((k) => k !== 'pareto')) {
      const svg = studyChartSvg(kind, { study, trials, importance });
      const tags = new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]));
      assert.deepEqual([...tags].filter((t) => !['svg', 'title', 'rect', 'text', 'line', 'path', 'circle'].includes(t!)), [], `${kind}: only the chart's own elements`);
      assert.doesNotMatch(svg, /onload="/i, kind);
      assert.doesNotMatch(svg, /[\u0000\u0007]/, kind);
      assert.match(svg, /&lt;\/text&gt;&lt;script&gt;/, kind);
    }
    const metric = { ...study, objectives: [{ metric: '<b onmouseover="x">', direction: 'minimize' as const }] };
    assert.doesNotMatch(studyChartSvg('history', { study: metric, trials }), /<b /);
    assert.equal(escapeXml(`a<b>&'"`), 'a&lt;b&gt;&amp;&#39;&quot;');
    pngSize(await svgToPng(studyChartSvg('history', { study, trials })));
  });

  test('pareto: two objectives in one scatter with the front and the recommended trial; three as pairwise panels', () => {
    const { study, trials } = twoObjectiveStudy(120);
    const svg = studyChartSvg('pareto', { study, trials });
    assert.match(svg, new RegExp(`Pareto front \\(${study.pareto.length} trials\\)`));
    assert.match(svg, new RegExp(`#${study.recommended} recommended`));
    assert.match(svg, />latency_ms \(min\)</);
    assert.match(svg, />rps \(max\)</);
    assert.equal((svg.match(/fill="#e45756"\/>/g) ?? []).length, study.pareto.length, 'one red dot per front trial');
    const three = {
      study: { ...study, objectives: [...study.objectives, { metric: 'cost', direction: 'minimize' as const }] },
      trials: trials.map((t) => ({ ...t, values: [...t.values!, t.values![0]! * 2] })),
    };
    const panels = studyChartSvg('pareto', three);
    assert.equal((panels.match(/>cost \(min\)</g) ?? []).length, 2, 'cost on the y axis of two of the three panels');
    assert.equal((panels.match(/>latency_ms \(min\)</g) ?? []).length, 2);
  });

  test('pareto of a single-objective study is a ToolError with the rule and the actual count', () => {
    assert.throws(
      () => studyChartSvg('pareto', { study: singleStudy(), trials: singleTrials(5) }),
      (error: unknown) => ToolError.isInstance(error) && error.code === 'unsupported' && error.details.objectives === 1 && error.details.rule === 'objectives >= 2' && /needs at least 2 objectives/.test(error.message),
    );
    assert.throws(() => parseStudyChartKind('pie'), (e: unknown) => ToolError.isInstance(e) && e.code === 'invalid_argument' && /history, pareto/.test(e.message));
    assert.equal(summaryChartKind(singleStudy()), 'history');
    assert.equal(summaryChartKind(twoObjectiveStudy(3).study), 'pareto');
  });

  test('importance bars are sorted with percentages; intermediate shows pruned trials; the table lists the best first', () => {
    const study = singleStudy();
    const trials = singleTrials(60);
    const bars = studyChartSvg('importance', { study, trials, importance });
    assert.ok(bars.indexOf('>lr<') < bars.indexOf('>depth<') && bars.indexOf('>depth<') < bars.indexOf('>optimizer<'));
    assert.match(bars, />70\.0%</);
    assert.match(studyChartSvg('importance', { study, trials, importance: { ...importance, objectives: [{ metric: 'loss', importances: {} }], trialsUsed: 3 } }), /Not enough complete trials yet \(3 used\)/);
    const inter = studyChartSvg('intermediate', { study, trials });
    assert.match(inter, /pruned \(6\)/);
    assert.match(inter, /stroke="#f58518"/, 'pruned lines in the pruned color');
    const table = studyChartSvg('trials', { study, trials });
    const values = [...table.matchAll(/<text x="\d+(?:\.\d)?" y="[\d.]+" font-size="12" fill="#1f2328">([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    assert.ok(values.length > 0);
    const parallel = studyChartSvg('parallel', { study, trials });
    for (const axis of ['lr', 'depth', 'optimizer', 'loss (min)']) assert.ok(parallel.includes(`>${axis}<`), axis);
  });

  test('PNG: 900 px wide by default, other widths bounded', async () => {
    const svg = studyChartSvg('history', { study: singleStudy(), trials: singleTrials(40) });
    assert.equal(pngSize(await svgToPng(svg)).width, 900);
    assert.equal(pngSize(await svgToPng(svg, { width: 450 })).width, 450);
    assert.equal(pngSize(await svgToPng(svg, { width: 1e9 })).width, 2400);
  });
});
