import type { Logger, webApi } from '@slack/bolt';
import type { SlackStore, SlackThread } from '../../db/slack-store.ts';
import type { StudyEvent, StudyListener, StudyRecord, Trial } from '../../tools/optimizer/types.ts';
import type { CallPacer } from './call-pacer.ts';
import type { SlackBridgeOptions } from './defaults.ts';
import { slackCall } from './slack-call.ts';
import { uploadStudyChart } from './study-chart-upload.ts';
import { formatFrontTable, formatNumber, summarizeStudy } from './study-summary.ts';

/** The part of the StudyManager (contract 5) the progress message needs. */
export interface StudyEvents {
  on(listener: StudyListener): () => void;
  get(studyId: string): StudyRecord | null | undefined | Promise<StudyRecord | null | undefined>;
  /** The study's trials so far (a continued study's message then counts its earlier trials too). */
  trials?(studyId: string): Trial[];
}

interface Tracked {
  record: StudyRecord;
  thread: SlackThread;
  finished: Trial[];
  running: Set<number>;
  messageTs: string | null;
  lastEdit: number;
  timer: ReturnType<typeof setTimeout> | null;
  ended: string | null;
}

/**
 * Keeps one status message per study started from a Slack thread: posted at the first event, edited at most
 * once per `progressIntervalMs` while trials run (no flood), and replaced at the end by the summary: the Pareto
 * table, the recommended configuration and a link to the session in the web UI. Then the summary's chart follows as a
 * PNG in the thread (history, or the Pareto front for several objectives); when it cannot be drawn or uploaded the
 * text summary stands alone.
 */
export class StudyProgress {
  readonly #tracked = new Map<string, Promise<Tracked | null>>();
  readonly #unsubscribe: () => void;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      studies: StudyEvents;
      store: SlackStore;
      client: webApi.WebClient;
      logger: Logger;
      options: SlackBridgeOptions;
      now: () => number;
      sessionUrl: (sessionId: string) => string;
      pacer?: CallPacer;
      /** Attach the summary chart (PNG) when a study ends (default true). */
      charts?: boolean;
    },
  ) {
    this.#unsubscribe = deps.studies.on((event) => this.#onEvent(event));
  }

  /** Resolves when every pending edit has reached Slack. */
  idle(): Promise<void> {
    return this.#queue;
  }

  stop(): void {
    this.#unsubscribe();
  }

  #onEvent(event: StudyEvent): void {
    let tracked = this.#tracked.get(event.studyId);
    if (!tracked) {
      tracked = this.#track(event.studyId);
      this.#tracked.set(event.studyId, tracked);
    }
    this.#queue = this.#queue
      .then(async () => {
        const state = await tracked;
        if (state) await this.#apply(state, event);
        if (event.type === 'study-end') this.#tracked.delete(event.studyId); // a resumed study starts a fresh message
      })
      .catch((error: unknown) => this.deps.logger.error('Slack study progress failed', error));
  }

  async #track(studyId: string): Promise<Tracked | null> {
    const record = await this.deps.studies.get(studyId);
    const thread = record?.sessionId ? this.deps.store.findThread(record.sessionId) : null;
    if (!record || !thread) return null;
    const earlier = (this.deps.studies.trials?.(studyId) ?? []).filter((t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed');
    return { record, thread, finished: earlier, running: new Set(), messageTs: null, lastEdit: 0, timer: null, ended: null };
  }

  async #apply(state: Tracked, event: StudyEvent): Promise<void> {
    if (event.type === 'trial-start') state.running.add(event.trial.number);
    if (event.type === 'trial-end') {
      state.running.delete(event.trial.number);
      if (!state.finished.some((t) => t.number === event.trial.number)) state.finished.push(event.trial);
    }
    if (event.type === 'study-end') {
      state.ended = event.status;
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      await this.#edit(state);
      await this.#attachChart(state);
      return;
    }
    if (state.messageTs === null) return this.#edit(state);
    if (state.timer || state.ended) return;
    const wait = Math.max(0, state.lastEdit + this.deps.options.progressIntervalMs - this.deps.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      this.#queue = this.#queue.then(() => (state.ended ? undefined : this.#edit(state)));
    }, wait);
  }

  async #edit(state: Tracked): Promise<void> {
    state.lastEdit = this.deps.now();
    const text = state.ended ? this.#finalText(state) : this.#progressText(state);
    const { channel, threadTs } = state.thread;
    const base = { client: this.deps.client, logger: this.deps.logger, ...(this.deps.pacer ? { pacer: this.deps.pacer } : {}) };
    if (state.messageTs === null) {
      const posted = await slackCall<{ ts?: string }>({ ...base, method: 'chat.postMessage', args: { channel, thread_ts: threadTs, text } });
      state.messageTs = posted?.ts ?? null;
    } else {
      await slackCall({ ...base, method: 'chat.update', args: { channel, ts: state.messageTs, text } });
    }
  }

  /** After the text summary (so a failed upload never holds it back): the chart, when the study has a finished trial. */
  async #attachChart(state: Tracked): Promise<void> {
    if (this.deps.charts === false || state.messageTs === null || !state.finished.some((t) => t.state === 'complete')) return;
    const { channel, threadTs } = state.thread;
    await uploadStudyChart({
      client: this.deps.client,
      logger: this.deps.logger,
      ...(this.deps.pacer ? { pacer: this.deps.pacer } : {}),
      channel,
      threadTs,
      record: state.record,
      trials: state.finished,
      summary: summarizeStudy(state.record.spec.objectives, state.finished),
    });
  }

  #progressText(state: Tracked): string {
    const { record } = state;
    const budget = record.spec.budget?.trials;
    const counts = countStates(state.finished);
    const best = summarizeStudy(record.spec.objectives, state.finished).recommended;
    const lines = [
      `:hourglass_flowing_sand: Study *${record.name}* (\`${record.id}\`) running`,
      `trials: ${state.finished.length}${budget ? `/${budget}` : ''} finished (${counts}), ${state.running.size} running`,
    ];
    if (best) lines.push(`best so far: ${describeTrial(record, best)}`);
    return lines.join('\n');
  }

  #finalText(state: Tracked): string {
    const { record } = state;
    const objectives = record.spec.objectives;
    const { front, recommended } = summarizeStudy(objectives, state.finished);
    const lines = [`:checkered_flag: Study *${record.name}* (\`${record.id}\`) ${state.ended}: ${state.finished.length} trials (${countStates(state.finished)})`];
    if (front.length > 0) {
      lines.push(objectives.length > 1 ? `Pareto front (${front.length} trials):` : 'Best trial:', formatFrontTable(objectives, front));
    } else {
      lines.push('No feasible completed trial.');
    }
    if (recommended) lines.push(`*Recommendation:* ${describeTrial(record, recommended)}`);
    lines.push(`<${this.deps.sessionUrl(record.sessionId as string)}|Open the session in tunechat>`);
    return lines.join('\n');
  }
}

function countStates(trials: readonly Trial[]): string {
  const counts = new Map<string, number>();
  for (const t of trials) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'none yet';
}

function describeTrial(record: StudyRecord, trial: Trial): string {
  const values = record.spec.objectives.map((o, i) => `${o.metric}=${formatNumber(trial.values?.[i] ?? NaN)}`).join(', ');
  const params = Object.entries(trial.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(', ');
  return `${values} with ${params} (trial #${trial.number})`;
}
