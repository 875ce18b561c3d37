import { formatMetric, formatNumber, formatParams, formatValue, markdownTable, percentChange } from './format.ts';
import { recommend } from './recommend.ts';
import { isReferenceMetric, referenceComparison } from './reference-model.ts';
import { infeasibleNote } from './infeasible.ts';
import type { StudyView, TrialView } from './study-view.ts';
import { objectiveValue } from './study-view.ts';

export interface SummaryOptions {
  /** Relative quality loss the user accepts ("without losing more than 1% accuracy"). */
  tolerance?: number;
  /** Lead sentence, e.g. "The study finished." */
  lead?: string;
}

/** The final answer after a study: best value and parameters, or the Pareto front, the recommendation and its trade-off. */
export function writeStudySummary(view: StudyView, options: SummaryOptions = {}): string {
  const parts: string[] = [];
  parts.push(options.lead ?? leadSentence(view));
  const objectives = view.objectives;
  const front = view.front.length > 0 ? view.front : view.best ? [view.best] : [];
  if (front.length === 0) {
    parts.push(infeasibleNote(view) ?? 'No trial completed, so there is no best configuration yet.' + failureHint(view));
    return parts.join('\n\n');
  }
  if (objectives.length <= 1) {
    const best = view.best ?? front[0]!;
    parts.push(describeBest(best, view));
    return parts.join('\n\n');
  }
  if (front.length === 1) {
    const trial = front[0]!;
    const others = view.total !== null && view.total > 1 ? ` (it dominates the other ${view.total - 1} trial${view.total === 2 ? '' : 's'})` : '';
    parts.push(`One trial is best on every objective at once${others}, so the Pareto front is that single trial:`);
    parts.push(frontTable(front, view));
    const measured = objectives.map((o, i) => `${o.metric} ${formatMetric(o.metric, objectiveValue(trial, objectives, i) ?? NaN)}`).join(', ');
    parts.push(`**Recommended: trial #${trial.number ?? '?'}** with ${formatParams(trial.params)}. It measured ${measured}.${alsoMeasured(trial, view)}\n\nNothing is traded: it is at least as good as every other trial on every objective. More trials may reveal a real trade-off (say "run 20 more").`);
    return parts.join('\n\n');
  }
  parts.push(`The Pareto front has ${front.length} trials (no other trial is better on every objective at once):`);
  parts.push(frontTable(front, view));
  const pick = recommend(view, front, options.tolerance === undefined ? {} : { relative: options.tolerance });
  if (pick) parts.push(explainPick(pick, front, view));
  return parts.join('\n\n');
}

function leadSentence(view: StudyView): string {
  const id = view.studyId ? ` \`${view.studyId}\`` : '';
  const on = view.target ? ` on **${view.target}**` : '';
  const status = view.status ? ` (${view.status})` : '';
  const counts = Object.entries(view.counts).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ');
  const total = view.total !== null ? `${view.total} trial${view.total === 1 ? '' : 's'}` : 'its trials';
  const elapsed = view.elapsedS !== null ? ` in ${formatNumber(view.elapsedS)} s` : '';
  // A distributed study says where its trials ran: "40 trials ran on 2 workers (a: 35, b: 5), 1 retried (#11)."
  const workers = view.workers ? ` ${view.workers.charAt(0).toUpperCase()}${view.workers.slice(1).replace(/\.?$/, '.')}` : '';
  return `Study${id}${on}${status} ran ${total}${counts ? ` (${counts})` : ''}${elapsed}.${workers}`;
}

function failureHint(view: StudyView): string {
  const failed = view.counts.failed ?? 0;
  return failed > 0 ? ` ${failed} trial${failed === 1 ? '' : 's'} failed: check the target's output with "how is it going?".` : '';
}

function describeBest(best: TrialView, view: StudyView): string {
  const objective = view.objectives[0];
  const value = objectiveValue(best, view.objectives, 0);
  const number = best.number !== null ? ` at trial #${best.number}` : '';
  const head = objective && value !== null
    ? `**Best ${objective.metric} = ${formatMetric(objective.metric, value)}** (${objective.direction})${number}`
    : `**Best trial**${number}`;
  const others = Object.entries(best.metrics).filter(([name]) => name !== objective?.metric && !isReferenceMetric(name));
  const measured = others.length ? `\n\nIt also measured ${others.map(([n, v]) => `${n} ${formatMetric(n, v)}`).join(', ')}.` : '';
  const reference = referenceComparison(best);
  return `${head} with ${formatParams(best.params)}.${measured}${meetsConstraints(best, view)}${reference ? ` ${reference}` : ''}`;
}

/** " It meets every constraint: size_kb < 50 (42.08), accuracy >= 0.97 (0.97)." for a constrained study, else ''. */
function meetsConstraints(trial: TrialView, view: StudyView): string {
  const measured = view.constraints.map((c) => ({ c, value: trial.metrics[c.metric] }));
  if (measured.length === 0 || measured.some(({ value }) => typeof value !== 'number')) return '';
  return ` It meets every constraint: ${measured.map(({ c, value }) => `${c.metric} ${c.op} ${formatNumber(c.value)} (${formatMetric(c.metric, value!)})`).join(', ')}.`;
}

/** The recommended trial's other measurements and its reference's ("the teacher measured …"), after its objectives. */
function alsoMeasured(trial: TrialView, view: StudyView): string {
  const others = Object.entries(trial.metrics).filter(([name]) => !view.objectives.some((o) => o.metric === name) && !isReferenceMetric(name));
  const also = others.length ? ` It also measured ${others.map(([n, v]) => `${n} ${formatMetric(n, v)}`).join(', ')}.` : '';
  const reference = referenceComparison(trial);
  return `${also}${reference ? ` ${reference}` : ''}`;
}

function frontTable(front: TrialView[], view: StudyView): string {
  const paramNames = [...new Set(front.flatMap((t) => Object.keys(t.params)))].sort();
  // Objectives first: they are what the reader compares; parameters follow (a wide table scrolls).
  const header = ['trial', ...view.objectives.map((o) => `${o.metric} (${o.direction === 'minimize' ? 'min' : 'max'})`), ...paramNames];
  const sorted = [...front].sort((a, b) => (objectiveValue(a, view.objectives, 0) ?? 0) - (objectiveValue(b, view.objectives, 0) ?? 0));
  const rows = sorted.map((t) => [
    t.number !== null ? `#${t.number}` : '-',
    ...view.objectives.map((_, i) => {
      const value = objectiveValue(t, view.objectives, i);
      return value === null ? '-' : formatNumber(value);
    }),
    ...paramNames.map((p) => (t.params[p] === undefined ? '-' : formatValue(t.params[p]))),
  ]);
  return markdownTable(header, rows);
}

function explainPick(pick: NonNullable<ReturnType<typeof recommend>>, front: TrialView[], view: StudyView): string {
  const { trial } = pick;
  const objectives = view.objectives;
  const measured = objectives.map((o, i) => `${o.metric} ${formatMetric(o.metric, objectiveValue(trial, objectives, i) ?? NaN)}`).join(', ');
  const lines = [`**Recommended: trial #${trial.number ?? '?'}** with ${formatParams(trial.params)}. It measured ${measured}.${alsoMeasured(trial, view)}`];
  if (pick.reason === 'tolerance' && pick.quality) {
    const q = pick.quality;
    const quality = objectives[q.index]!;
    const cost = objectives.find((o, i) => i !== q.index && o.direction === 'minimize')!;
    const costIndex = objectives.indexOf(cost);
    lines.push(`Why: it is the trial with the lowest ${cost.metric} among those within ${formatNumber(q.relative * 100)}% of the best ${quality.metric} on the front (${formatNumber(q.best)}).`);
    const mostAccurate = front.reduce((a, b) => ((objectiveValue(b, objectives, q.index) ?? -Infinity) > (objectiveValue(a, objectives, q.index) ?? -Infinity) ? b : a));
    if (mostAccurate !== trial) {
      const qa = objectiveValue(mostAccurate, objectives, q.index)!;
      const qt = objectiveValue(trial, objectives, q.index)!;
      const ca = objectiveValue(mostAccurate, objectives, costIndex)!;
      const ct = objectiveValue(trial, objectives, costIndex)!;
      lines.push(`What it trades: against the most accurate trial #${mostAccurate.number ?? '?'} (${quality.metric} ${formatNumber(qa)}, ${cost.metric} ${formatMetric(cost.metric, ca)}), it gives up ${formatNumber(qa - qt)} ${quality.metric} (${percentChange(qa, qt)}) for ${relativeWord(ca, ct)} ${cost.metric} (${formatMetric(cost.metric, ca)} → ${formatMetric(cost.metric, ct)}).`);
    } else {
      lines.push(`It is also the most accurate trial on the front, so nothing is traded.`);
    }
  } else {
    lines.push('Why: it is the balanced point of the front, the closest to the ideal (best value of every objective at once) after scaling each objective to the range seen on the front.');
    const extremes = objectives.map((o, i) => {
      const best = front.reduce((a, b) => {
        const va = objectiveValue(a, objectives, i) ?? 0;
        const vb = objectiveValue(b, objectives, i) ?? 0;
        return (o.direction === 'minimize' ? vb < va : vb > va) ? b : a;
      });
      return `best ${o.metric} is ${formatMetric(o.metric, objectiveValue(best, objectives, i) ?? NaN)} (trial #${best.number ?? '?'})`;
    });
    lines.push(`What it trades: on the front, ${extremes.join('; ')}; the recommendation gives up a little of each to be good at all of them.`);
  }
  return lines.join('\n\n');
}

/** "66% lower" / "12% higher" from two values. */
function relativeWord(from: number, to: number): string {
  if (from === 0) return 'a different';
  const change = ((to - from) / Math.abs(from)) * 100;
  return `${Math.abs(change).toFixed(Math.abs(change) < 10 ? 1 : 0)}% ${change < 0 ? 'lower' : 'higher'}`;
}
