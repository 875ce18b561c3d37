import { isRecord } from '../plan.ts';
import { formatMetric, formatNumber, formatParams, markdownTable } from './format.ts';
import { readStudyView, objectiveValue, readTrial, type StudyView, type TrialView } from './study-view.ts';
import { writeStudySummary } from './study-summary.ts';
import { infeasibleNote } from './infeasible.ts';

type Fallback = Partial<StudyView>;

const ENDED = ['complete', 'stopped', 'failed'];

/** "how is it going?": progress against the budget and the best so far. */
export function writeStatus(output: unknown, fallback: Fallback): string {
  const view = readStudyView(output, fallback);
  const id = view.studyId ? ` \`${view.studyId}\`` : '';
  const done = view.total ?? Object.values(view.counts).reduce((a, b) => a + b, 0);
  const budget = view.budget !== null ? ` of ${view.budget}` : '';
  const counts = Object.entries(view.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  const elapsed = view.elapsedS !== null ? `, ${formatNumber(view.elapsedS)} s elapsed` : '';
  const head = `Study${id}${view.target ? ` on **${view.target}**` : ''} is **${view.status ?? 'unknown'}**: ${done}${budget} trials${counts ? ` (${counts})` : ''}${elapsed}.`;
  // "is it done?" once it is: the answer is the result itself (best configuration or recommendation), not "best so far".
  if (view.status !== null && ENDED.includes(view.status)) return writeStudySummary(view, { lead: head });
  const lines = [head];
  if (view.workers) lines.push(`Workers: ${view.workers}.`);
  const best = view.best ?? view.front[0];
  if (best) {
    const value = objectiveValue(best, view.objectives, 0);
    const objective = view.objectives[0];
    lines.push(objective && value !== null
      ? `Best so far: ${objective.metric} = ${formatMetric(objective.metric, value)} (trial #${best.number ?? '?'}) with ${formatParams(best.params)}.`
      : `Best so far: trial #${best.number ?? '?'} with ${formatParams(best.params)}.`);
    if (view.front.length > 1) lines.push(`The Pareto front has ${view.front.length} trials; ask "show the Pareto front" for the table.`);
  } else {
    lines.push(infeasibleNote(view) ?? 'No trial has completed yet.');
  }
  return lines.join('\n\n');
}

/**
 * The closing line of an answer given while the study still runs (the wait timed out): how to follow it. "show the
 * Pareto front" only where there is one (several objectives); a one-objective study has a best trial.
 */
export function stillRunningHint(view: StudyView): string {
  const done = view.objectives.length > 1 ? '"show the Pareto front"' : '"what\'s the best one?"';
  return `The study keeps running in the background: ask "how is it going?" for progress or ${done} when it is done.`;
}

/** "what's the best one?": the summary, led by "final results" once the study has ended and "best so far" before. */
export function writeBestResults(output: unknown, fallback: Fallback): string {
  const view = readStudyView(output, fallback);
  const ended = view.status !== null && ENDED.includes(view.status);
  return writeStudySummary(view, { lead: ended ? 'Here are the final results.' : 'Here are the best results so far.' });
}

/** "stop it": what was stopped and what it had found. */
export function writeStopped(output: unknown, fallback: Fallback): string {
  const view = readStudyView(output, fallback);
  const id = view.studyId ? ` \`${view.studyId}\`` : '';
  const head = view.status === 'complete' || view.status === 'failed'
    ? `Study${id} had already finished (${view.status}), so there was nothing to stop.`
    : `Stopped study${id}${view.status ? ` (now ${view.status})` : ''}. Running trials are cancelled; finished trials are kept.`;
  if (!view.best && view.front.length === 0) return head;
  const lead = view.status === 'complete' || view.status === 'failed' ? 'Its result:' : 'What it found before stopping:';
  return `${head}\n\n${writeStudySummary(view, { lead })}`;
}

/** "why is that one better?": the best trial against the others, from the numbers. */
export function writeWhy(output: unknown, fallback: Fallback, importance?: unknown): string {
  const base = writeWhyBest(output, fallback);
  const ranking = importance === undefined ? [] : readImportances(importance);
  if (ranking.length < 2) return base;
  const total = ranking.reduce((sum, [, v]) => sum + Math.max(0, v), 0) || 1;
  const top = ranking.slice(0, 3).map(([name, v]) => `${name} (${((Math.max(0, v) / total) * 100).toFixed(0)}%)`).join(', ');
  return `${base}\n\nWhat drives the objective across all trials (importance): ${top}. The best trial's values of these parameters are what set it apart.`;
}

function writeWhyBest(output: unknown, fallback: Fallback): string {
  const view = readStudyView(output, fallback);
  if (view.front.length > 1 && view.objectives.length > 1) return writeStudySummary(view, { lead: 'Why the recommendation: it is judged against the whole Pareto front.' });
  const best = view.best ?? view.front[0];
  if (!best) return 'There is no completed trial to compare yet.';
  const objective = view.objectives[0];
  const bestValue = objectiveValue(best, view.objectives, 0);
  const others = view.trials.filter((t) => t.number !== best.number && objectiveValue(t, view.objectives, 0) !== null);
  const lines = [`Trial #${best.number ?? '?'} is the best because it has the ${objective?.direction === 'maximize' ? 'highest' : 'lowest'} ${objective?.metric ?? 'objective'} of all completed trials${bestValue !== null ? ` (${formatNumber(bestValue)})` : ''}.`];
  const runnerUp = rankBy(others, view)[0];
  if (runnerUp) {
    const value = objectiveValue(runnerUp, view.objectives, 0)!;
    lines.push(`The next best, trial #${runnerUp.number ?? '?'}, reached ${formatNumber(value)}. Where they differ: ${diffParams(best, runnerUp)}.`);
  } else {
    lines.push(`Its parameters: ${formatParams(best.params)}.`);
  }
  return lines.join('\n\n');
}

function rankBy(trials: TrialView[], view: StudyView): TrialView[] {
  const sign = view.objectives[0]?.direction === 'maximize' ? -1 : 1;
  return [...trials].sort((a, b) => sign * ((objectiveValue(a, view.objectives, 0) ?? 0) - (objectiveValue(b, view.objectives, 0) ?? 0)));
}

function diffParams(a: TrialView, b: TrialView): string {
  const names = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const diffs = names.filter((n) => a.params[n] !== b.params[n]).map((n) => `${n} ${fmt(a.params[n])} vs ${fmt(b.params[n])}`);
  return diffs.length ? diffs.join(', ') : 'the same parameters (the difference is noise)';
}

const fmt = (value: unknown) => (typeof value === 'number' ? formatNumber(value) : JSON.stringify(value));

/** "which parameters matter most?": a ranked table of importances. */
export function writeImportance(output: unknown, fallback: Fallback): string {
  const ranking = readImportances(output);
  if (ranking.length === 0) return 'The importance analysis returned no parameters (a study needs several completed trials first).';
  const total = ranking.reduce((sum, [, v]) => sum + Math.max(0, v), 0) || 1;
  const rows = ranking.map(([name, value], i) => [String(i + 1), name, formatNumber(value), `${((Math.max(0, value) / total) * 100).toFixed(0)}%`]);
  const [top, second] = ranking;
  const metric = isRecord(output) && typeof output.metric === 'string' ? output.metric : fallback.objectives?.[0]?.metric ?? 'the objective';
  const lead = `For ${metric}, **${top![0]}** matters most${second ? `, then ${second[0]}` : ''}.`;
  const method = isRecord(output) && typeof output.method === 'string' ? ` (method: ${output.method})` : '';
  return `${lead}${method}\n\n${markdownTable(['rank', 'parameter', 'importance', 'share'], rows)}\n\nParameters near the bottom can be fixed to save trials in the next study.`;
}

function readImportances(output: unknown): Array<[string, number]> {
  const source = isRecord(output) ? output.importances ?? output.importance ?? output.params ?? output : output;
  const pairs: Array<[string, number]> = [];
  if (Array.isArray(source)) {
    for (const item of source) {
      if (!isRecord(item)) continue;
      const name = item.param ?? item.name ?? item.parameter;
      const value = item.importance ?? item.value ?? item.score;
      if (typeof name === 'string' && typeof value === 'number') pairs.push([name, value]);
    }
  } else if (isRecord(source)) {
    for (const [name, value] of Object.entries(source)) if (typeof value === 'number') pairs.push([name, value]);
  }
  return pairs.sort((a, b) => b[1] - a[1]);
}

export { readTrial };
