/**
 * The one-paragraph description of a chart the model reads (ChartToolOutput.summary): what is drawn, with the
 * numbers that matter, so the answer can describe the chart without seeing it.
 */
import { rankedImportances } from './importance-chart.ts';
import { formatNumber } from './scale.ts';
import { bestSoFar, completeTrials, formatParam, valueOf } from './trial-values.ts';
import { topTrials } from './trials-table-chart.ts';
import type { ChartStudy, ImportanceJson, StudyChartKind, TrialViewJson } from './types.ts';

export function chartSummary(kind: StudyChartKind, study: ChartStudy, trials: readonly TrialViewJson[], importance?: ImportanceJson): string {
  const complete = completeTrials(trials);
  const counts = `${complete.length} complete, ${trials.filter((t) => t.state === 'pruned').length} pruned, ${trials.filter((t) => t.state === 'failed').length} failed`;
  const metric = study.objectives[0]?.metric ?? 'value';
  switch (kind) {
    case 'history': {
      const steps = bestSoFar(study, trials);
      if (steps.length === 0) return `Optimization history of "${study.name}": no complete trial yet (${counts}).`;
      const [firstNumber, firstValue] = steps[0]!;
      const [, bestValue] = steps[steps.length - 1]!;
      const bestTrial = steps.find(([, v]) => v === bestValue)![0];
      // Values in `steps` strictly improve (the last may repeat the best to extend the line).
      const improvements = new Set(steps.map(([, v]) => v)).size - 1;
      return `Optimization history of "${study.name}" (${counts}): best ${metric} ${formatNumber(bestValue)} at trial #${bestTrial}, from ${formatNumber(firstValue)} at trial #${firstNumber}; ${improvements} improvement${improvements === 1 ? '' : 's'} of the best so far.`;
    }
    case 'pareto': {
      const metrics = study.objectives.map((o) => `${o.metric} (${o.direction === 'minimize' ? 'min' : 'max'})`).join(' vs ');
      const recommended = complete.find((t) => t.number === study.recommended);
      const pick = recommended
        ? ` Recommended trial #${recommended.number}: ${study.objectives.map((o, i) => `${o.metric}=${formatNumber(valueOf(recommended, i))}`).join(', ')} with ${params(recommended)}.`
        : '';
      return `Pareto front of "${study.name}": ${study.pareto.length} non-dominated trials of ${complete.length} complete, ${metrics}.${pick}`;
    }
    case 'importance': {
      const blocks = (importance?.objectives ?? []).filter((o) => Object.keys(o.importances).length > 0);
      if (blocks.length === 0) return `Parameter importance of "${study.name}": not enough complete trials yet (${importance?.trialsUsed ?? complete.length}).`;
      const parts = blocks.map((o) => `for ${o.metric}: ${rankedImportances(o.importances).slice(0, 5).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ')}`);
      return `Parameter importance of "${study.name}" (fANOVA over ${importance!.trialsUsed} trials) ${parts.join('; ')}.`;
    }
    case 'parallel': {
      const top = topTrials(study, trials, Math.max(1, Math.ceil(complete.length * 0.1)));
      const ranges = [...new Set(top.flatMap((t) => Object.keys(t.params)))].slice(0, 8).map((name) => {
        const values = top.map((t) => t.params[name]).filter((v) => v !== undefined);
        if (values.every((v) => typeof v === 'number')) {
          const nums = values as number[];
          return `${name} ${formatNumber(Math.min(...nums))}…${formatNumber(Math.max(...nums))}`;
        }
        return `${name} ∈ {${[...new Set(values.map(formatParam))].slice(0, 5).join(', ')}}`;
      });
      return `Parallel coordinates of "${study.name}" (${counts}); the best ${top.length} trials by ${metric} have ${ranges.join(', ') || 'no parameters'}.`;
    }
    case 'intermediate': {
      const reporting = trials.filter((t) => t.intermediate.length > 0);
      const steps = Math.max(0, ...reporting.map((t) => t.intermediate[t.intermediate.length - 1]![0]));
      return `Intermediate values of "${study.name}": ${reporting.length} trials reported values (up to step ${steps}); ${reporting.filter((t) => t.state === 'pruned').length} were pruned early.`;
    }
    case 'trials': {
      const top = topTrials(study, trials, 3);
      return `Top trials of "${study.name}" (${counts}) by ${metric}: ${top.map((t) => `#${t.number} ${formatNumber(valueOf(t))} (${params(t)})`).join('; ') || 'none yet'}.`;
    }
  }
}

function params(trial: TrialViewJson): string {
  return Object.entries(trial.params).slice(0, 8).map(([k, v]) => `${k}=${formatParam(v)}`).join(', ');
}
