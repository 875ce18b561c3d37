/**
 * What the web UI and `tunechat study show` cost on a big study, per event and per request: the websocket study feed
 * (server/ws/study-watch.ts: the full frame on watch, then one coalesced frame per change while trials finish), the
 * REST routes the UI calls (server/routes/studies.ts, the PNG charts of study-charts.ts), and `study show`
 * (StudyManager.status, cold in a fresh process as the CLI runs it, and warm as `wait_for_study` reads it after
 * every trial). Plain data out; bench/big-study/print.ts renders it.
 */
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { studyRoutes } from '../../server/routes/studies.ts';
import type { StudyFrame } from '../../server/studies-protocol.ts';
import { StudyWatch, type Schedule } from '../../server/ws/study-watch.ts';
import { studyChartPng } from '../../tools/charts/study-chart-png.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { quantile } from './sampler-cost.ts';

export interface UiRow {
  /** What was measured (route, frame, command). */
  what: string;
  /** Median wall-clock ms (CPU-bound, single-threaded work). */
  ms: number;
  /** Median bytes of the response or frame, when there is one. */
  bytes?: number;
  /** Samples behind the median. */
  samples: number;
}

export interface UiCost {
  studyId: string;
  trials: number;
  objectives: number;
  rows: UiRow[];
}

/** Measures every row on the study `studyId` of the database at `dbPath`, then runs `feedTrials` more trials to time the live feed. */
export async function measureUiCost(options: { dbPath: string; studyId: string; feedTrials: number; repeats: number }): Promise<UiCost> {
  const { dbPath, studyId, repeats } = options;
  const rows: UiRow[] = [];
  const time = (what: string, fn: () => unknown, samples = repeats) => {
    const ms: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      const out = fn();
      ms.push(performance.now() - started);
      if (typeof out === 'number') bytes.push(out);
    }
    rows.push({ what, ms: quantile(ms, 0.5), ...(bytes.length ? { bytes: quantile(bytes, 0.5) } : {}), samples });
  };

  // `tunechat study show` in a fresh process: a new database handle, nothing cached, then the summary it prints.
  time('study show, cold (fresh process: open + read + summarize)', () => {
    const db = openDatabase(dbPath);
    try {
      const manager = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock });
      return JSON.stringify(manager.status(studyId)).length;
    } finally {
      db.close();
    }
  }, Math.min(repeats, 5));

  const db = openDatabase(dbPath);
  const studies = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock });
  try {
    const trials = studies.trials(studyId).length;
    const objectives = studies.get(studyId)!.spec.objectives.length;
    studies.status(studyId); // warms the storage's cache of finished trials, as a running server has it
    time('study status, warm (wait_for_study after each trial, study_status)', () => JSON.stringify(studies.status(studyId)).length);

    const app = studyRoutes(studies);
    const get = async (path: string) => {
      const response = await app.request(path);
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.text()).length;
    };
    const timeAsync = async (what: string, fn: () => Promise<number>, samples = repeats) => {
      const ms: number[] = [];
      const bytes: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        bytes.push(await fn());
        ms.push(performance.now() - started);
      }
      rows.push({ what, ms: quantile(ms, 0.5), bytes: quantile(bytes, 0.5), samples });
    };
    const id = encodeURIComponent(studyId);
    await timeAsync('GET /api/studies (Studies view, every 3 s while open)', () => get('/?limit=50'));
    await timeAsync('GET /api/studies/:id (study card poll)', () => get(`/${id}`));
    await timeAsync('GET /api/studies/:id/trials?after=N (poll, 10 new)', () => get(`/${id}/trials?after=${trials - 11}`));
    await timeAsync('GET /api/studies/:id/trials (all, on open)', () => get(`/${id}/trials`), Math.min(repeats, 5));
    await timeAsync('GET /api/studies/:id/importance (first call)', () => get(`/${id}/importance`), 1);
    await timeAsync('GET /api/studies/:id/importance (cached)', () => get(`/${id}/importance`));
    for (const kind of objectives > 1 ? (['history', 'pareto'] as const) : (['history', 'parallel'] as const)) {
      await timeAsync(`GET /api/studies/:id/charts/${kind}.png`, async () => (await studyChartPng(studies, studyId, kind)).length, 3);
    }

    // The websocket feed: the full frame on watch, then the coalesced frames while `feedTrials` more trials run.
    const flushes: (() => void)[] = [];
    const schedule: Schedule = (fn) => {
      flushes.push(fn);
      return () => {};
    };
    const frames: StudyFrame[] = [];
    const watch = new StudyWatch(studies, (frame) => frames.push(frame), { schedule });
    time('websocket: full frame on watch-study', () => {
      watch.watch(studyId);
      return JSON.stringify(frames.at(-1)).length;
    }, Math.min(repeats, 5));
    const frameMs: number[] = [];
    const frameBytes: number[] = [];
    await studies.extend(studyId, { trials: options.feedTrials });
    const done = studies.wait(studyId);
    let finished = false;
    void done.finally(() => (finished = true));
    // Each flush is timed on its own, right after the events it coalesces (one or a few trials).
    while (!finished || flushes.length > 0) {
      const flush = flushes.shift();
      if (!flush) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const before = frames.length;
      const started = performance.now();
      flush();
      frameMs.push(performance.now() - started);
      if (frames.length > before) frameBytes.push(JSON.stringify(frames.at(-1)).length);
    }
    await done;
    watch.close();
    rows.push({ what: 'websocket: frame per change (view + changed trials)', ms: quantile(frameMs, 0.5), bytes: quantile(frameBytes, 0.5), samples: frameMs.length });
    return { studyId, trials, objectives, rows };
  } finally {
    await studies.close();
    db.close();
  }
}
