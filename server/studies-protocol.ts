/**
 * What the web UI, the Studies view, the charts (web and PNG) and the chart tool see of a study. Shared by the server
 * (routes/studies.ts, the `study` websocket frames) and `web/` (type-only imports, no runtime code here).
 *
 * REST (same origin/CSRF guard as /api/sessions):
 * - GET  /api/studies?limit=50            → { studies: StudyViewJson[] }  running first, then most recently updated
 * - GET  /api/studies/:id                 → StudyViewJson
 * - GET  /api/studies/:id/trials?after=N  → { trials: TrialViewJson[] }  finished and running trials with number > N (all when absent), by number
 * - GET  /api/studies/:id/importance      → ImportanceJson
 * - POST /api/studies/:id/stop            → StudyViewJson   (stops the study, not any chat turn)
 * - POST /api/studies/:id/resume          → StudyViewJson   (resumes a study interrupted by a restart, when its target allows)
 *
 * Websocket (on /ws, next to the chat frames):
 * - client → server `{ type: 'watch-study', requestId, studyId }`: the server answers with one `study` frame holding the
 *   current view and every trial so far, then one `study` frame per change (coalesced to at most ~4 per second per
 *   study) holding the new view and only the trials that changed since the previous frame.
 * - client → server `{ type: 'unwatch-study', studyId }`.
 * - server → client `StudyFrame`.
 */

export type StudyViewStatus = 'created' | 'running' | 'stopping' | 'stopped' | 'complete' | 'failed' | 'interrupted';

export interface ObjectiveJson {
  metric: string;
  direction: 'minimize' | 'maximize';
}

export interface TrialViewJson {
  number: number;
  state: 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';
  /** One value per objective, objective order; null unless complete. */
  values: number[] | null;
  params: Record<string, unknown>;
  /** Intermediate objective values as [step, value] pairs, by step. */
  intermediate: [number, number][];
  /** False when the trial broke a constraint (never best); absent when the study has none. */
  feasible?: boolean;
  /** Epoch ms. */
  startedAt: number | null;
  finishedAt: number | null;
  error?: string;
}

export interface StudyViewJson {
  id: string;
  name: string;
  sessionId: string | null;
  /** The target's name when known (registered target or builtin problem). */
  target: string | null;
  status: StudyViewStatus;
  /** Why it is in this state, in words: "resumed after a server restart", "interrupted by a restart: target X is not registered any more", the failure … */
  statusReason: string | null;
  /** `interrupted` studies whose target still resolves: the UI offers one-click resume. */
  resumable: boolean;
  sampler: string;
  objectives: ObjectiveJson[];
  trials: { budget: number; done: number; complete: number; pruned: number; failed: number; running: number };
  /** Single objective: the best feasible trial; several: null (see `pareto`). */
  best: { number: number; values: number[]; params: Record<string, unknown> } | null;
  /** Several objectives: trial numbers on the Pareto front (feasible, complete). */
  pareto: number[];
  /** Several objectives: the trial the summary recommends (knee point), else null. */
  recommended: number | null;
  /**
   * A study with constraints and no feasible trial yet (no `best`, empty `pareto`): the completed trial that misses
   * them by the least, so a card can say how close the study came. Absent otherwise.
   */
  closest?: { number: number; values: number[] };
  /** A distributed study: where its trials run, "2 workers (2 slots), 2 trials running, 1 retried (#9)". Absent otherwise. */
  workers?: string;
  createdAt: number;
  updatedAt: number;
  elapsedS: number;
}

export interface ImportanceJson {
  studyId: string;
  /** One entry per objective: parameter → importance (non-negative, sums to ~1). Empty when too few trials. */
  objectives: { metric: string; importances: Record<string, number> }[];
  trialsUsed: number;
}

export interface StudyFrame {
  type: 'study';
  studyId: string;
  study: StudyViewJson;
  /** Trials new or changed since the previous frame for this socket (all trials in the first frame). */
  trials: TrialViewJson[];
}

/** The kinds of chart the `chart_study` tool and the PNG renderer produce. */
export const STUDY_CHART_KINDS = ['history', 'pareto', 'importance', 'parallel', 'intermediate', 'trials'] as const;
export type StudyChartKind = (typeof STUDY_CHART_KINDS)[number];

/**
 * Output of the `chart_study` agent tool: the web UI draws `kind` for `study_id` inside the tool card (live, from the
 * `study` frames); the terminal prints `text` (sparkline or table); Slack attaches the PNG from `png_url`.
 */
export interface ChartToolOutput {
  ok: true;
  chart: StudyChartKind;
  study_id: string;
  /** Short description of what the chart shows, with numbers (the model reads this). */
  summary: string;
  /** A terminal rendering: sparkline, bars or a small table. */
  text: string;
  /** Same-origin path of the PNG rendering: /api/studies/:id/charts/:kind.png */
  png_url: string;
}
