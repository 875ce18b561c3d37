import type { StudyViewJson } from '../server/studies-protocol.ts';
import { formatValue } from './charts/scale.ts';

/**
 * The words a study card and the Studies view use: progress, best value with its metric name, status with its
 * reason, elapsed time. Pure (tested in node); the same wording everywhere, never "? trials".
 */

const arrow = (direction: 'minimize' | 'maximize') => (direction === 'minimize' ? '↓' : '↑');

/** "12 / 40 trials" (running ones noted); "12 trials" when there is no budget. */
export function progressText(study: StudyViewJson): string {
  const { done, budget, running } = study.trials;
  return `${done}${budget > 0 ? ` / ${budget}` : ''} trials${running > 0 ? ` · ${running} running` : ''}`;
}

/**
 * Single objective: "best value = 0.398 (#12)"; several: "Pareto front, 5 trials (latency_ms ↓, accuracy ↑)". With no
 * feasible trial, how close the study came: "best accuracy ↑: no trial meets the constraints · closest 0.963 (#19)"
 * once it has ended ("none meets the constraints yet" while it runs), and "none yet" only before any trial completed.
 */
export function bestText(study: StudyViewJson): string {
  const ended = !isLive(study);
  if (study.objectives.length > 1) {
    const head = `Pareto front, ${study.pareto.length} trial${study.pareto.length === 1 ? '' : 's'} (${study.objectives.map((o) => `${o.metric} ${arrow(o.direction)}`).join(', ')})`;
    return study.closest ? `${head}: ${noneMeets(ended)} · closest #${study.closest.number}` : head;
  }
  const objective = study.objectives[0];
  const metric = objective ? `${objective.metric} ${arrow(objective.direction)}` : 'value';
  if (study.best) return `best ${metric} = ${formatValue(study.best.values[0])} (#${study.best.number})`;
  if (study.closest) return `best ${metric}: ${noneMeets(ended)} · closest ${formatValue(study.closest.values[0])} (#${study.closest.number})`;
  if (!ended) return `best ${metric}: none yet`;
  return `best ${metric}: none${study.trials.complete === 0 ? ' (no trial completed)' : ''}`;
}

const noneMeets = (ended: boolean) => (ended ? 'no trial meets the constraints' : 'none meets the constraints yet');

/** "1 h 02 min", "3 min 05 s", "42 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const STATUS_WORDS: Record<StudyViewJson['status'], string> = {
  created: 'starting',
  running: 'running',
  stopping: 'stopping…',
  stopped: 'stopped',
  complete: 'complete',
  failed: 'failed',
  interrupted: 'interrupted',
};

export function statusText(study: StudyViewJson): string {
  return STATUS_WORDS[study.status] ?? study.status;
}

/** Whether the study is still running (its clock ticks, Stop applies). */
export const isLive = (study: StudyViewJson): boolean => study.status === 'running' || study.status === 'created' || study.status === 'stopping';

/** Elapsed seconds now: the server's value plus the time since it was received, while the study runs. */
export function elapsedNow(study: StudyViewJson, receivedAt: number, now: number): number {
  return study.elapsedS + (isLive(study) ? Math.max(0, (now - receivedAt) / 1000) : 0);
}
