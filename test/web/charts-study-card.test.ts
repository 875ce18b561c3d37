import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StudyFrame, StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { StudyFeed, type WatchFrame } from '../../web/study-feed.ts';
import { studyIdOfPart } from '../../web/study-placeholders.ts';
import { bestText, durationText, elapsedNow, progressText } from '../../web/study-text.ts';
import { messageHtml } from '../../web/render.ts';
import { toolCardHtml } from '../../web/tool-card.ts';
import { study, trial } from './charts-fixtures.ts';

describe('study card wording', () => {
  test('best names its metric; several objectives give the Pareto front size and names; never "? trials"', () => {
    assert.equal(bestText(study()), 'best value ↓ = 0.5 (#1)');
    assert.equal(bestText(study({ best: null })), 'best value ↓: none yet');
    const mo = study({ objectives: [{ metric: 'latency_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }], best: null, pareto: [3, 7] });
    assert.equal(bestText(mo), 'Pareto front, 2 trials (latency_ms ↓, accuracy ↑)');
    assert.equal(progressText(study()), '3 / 40 trials · 1 running');
    assert.equal(progressText(study({ trials: { budget: 0, done: 0, complete: 0, pruned: 0, failed: 0, running: 0 } })), '0 trials');
    assert.equal(durationText(65), '1 min 05 s');
    assert.equal(durationText(3725), '1 h 02 min');
    assert.equal(elapsedNow(study(), 1000, 3000), 14, 'a running study keeps ticking from the received value');
    assert.equal(elapsedNow(study({ status: 'stopped' }), 1000, 3000), 12);
  });

  test('one full panel per study and answer: later cards of that study and stop_study cards are compact', () => {
    const card = (tool: string, id: string, studyId: string) => ({ type: `tool-${tool}`, toolCallId: id, state: 'output-available', input: {}, output: { study_id: studyId, status: 'running' } });
    const message = {
      id: 'm1',
      role: 'assistant',
      parts: [card('start_study', 'c1', 'st_a'), card('wait_for_study', 'c2', 'st_a'), card('start_study', 'c3', 'st_b'), card('stop_study', 'c4', 'st_b')],
    };
    const html = messageHtml(message);
    const placeholders = [...html.matchAll(/<div class="study-live"[^>]*>/g)].map((m) => m[0]);
    assert.equal(placeholders.length, 4);
    assert.deepEqual(placeholders.map((p) => p.includes('data-compact="1"')), [false, true, false, true]);
    assert.match(placeholders[1]!, /data-study-id="st_a"/);
    const chart = { ...card('chart_study', 'c5', 'st_a'), input: { chart: 'pareto' } };
    assert.doesNotMatch(messageHtml({ id: 'm2', role: 'assistant', parts: [card('study_status', 'c6', 'st_a'), chart] }), /data-compact/, 'a chart the user asked for is always drawn');
  });

  test('study tool cards carry a live placeholder; a card cut short says the answer ended, not "interrupted"', () => {
    const part = { type: 'tool-wait_for_study', toolCallId: 'c1', state: 'output-available', preliminary: true, input: {}, output: { study_id: 'st_abc', status: 'running', done: 4, total: 40, best: { values: [0.7] } } };
    assert.equal(studyIdOfPart(part), 'st_abc');
    const html = toolCardHtml(part, { messageDone: true });
    assert.match(html, /data-study-id="st_abc"/);
    assert.match(html, /data-mount="study:c1"/);
    assert.match(html, /answer ended/);
    assert.doesNotMatch(html, /interrupted|\? trials/);
    assert.equal(studyIdOfPart({ type: 'tool-bench_http', output: { study_id: 'st_x' } }), null, 'only study tools');
    assert.equal(studyIdOfPart({ type: 'tool-study_status', output: { study_id: '"><script>' } }), null, 'ids are checked before they reach HTML');
    const status = toolCardHtml({ type: 'tool-study_status', toolCallId: 'c2', state: 'output-available', output: { study_id: 'st_abc', status: 'running', objectives: [{ metric: 'value', direction: 'minimize' }], trials: { total: 5, budget: 40, complete: 5, pruned: 0, failed: 0 }, best: { values: [0.4], params: {} } } });
    assert.match(status, /best value = 0\.4/);
    const mo = toolCardHtml({ type: 'tool-best_trials', toolCallId: 'c3', state: 'output-available', output: { study_id: 'st_mo', objectives: [{ metric: 'a' }, { metric: 'b' }], best: null, pareto: [{}, {}, {}] } });
    assert.match(mo, /Pareto front, 3 trials \(a, b\)/);
  });

  test('benchmark cards: elapsed and requests while running, a chart placeholder with the curve when done', () => {
    const running = toolCardHtml({ type: 'tool-bench_http', toolCallId: 'b1', state: 'output-available', preliminary: true, output: { ok: true, status: 'running', progress: { kind: 'http', elapsed_s: 4, total_requests: 800, point: { requests_per_s: 200 } } } });
    assert.match(running, /4 s/);
    assert.match(running, /800 requests · 200\/s/);
    const done = toolCardHtml({ type: 'tool-bench_http', toolCallId: 'b1', state: 'output-available', output: { ok: true, status: 'done', result: { kind: 'http', latency_curve: [[50, 1], [99, 3]] } } });
    assert.match(done, /class="bench-live" data-mount="bench:b1" data-bench="\{&quot;curve&quot;:\[\[50,1\],\[99,3\]\]/);
  });
});

describe('StudyFeed', () => {
  const view = (extra: Partial<StudyViewJson> = {}) => study(extra);
  const frame = (trials: TrialViewJson[], extra: Partial<StudyViewJson> = {}): StudyFrame => ({ type: 'study', studyId: 'st_1', study: view(extra), trials });
  const noApi = { get: async () => { throw new Error('no REST in this test'); }, trials: async () => [] };

  test('one subscription per study however many cards; unwatch when the last leaves; re-watch after a reconnect', () => {
    const sent: WatchFrame[] = [];
    const feed = new StudyFeed({ send: (f) => sent.push(f), api: noApi, fallbackMs: 60_000 });
    const seen: number[] = [];
    const a = feed.subscribe('st_1', (s) => seen.push(s.trials.size));
    const b = feed.subscribe('st_1', () => {});
    assert.deepEqual(sent.map((f) => f.type), ['watch-study']);
    feed.onFrame(frame([trial(0, 'complete', 1), trial(1, 'running', null)]));
    feed.onFrame(frame([trial(1, 'complete', 2), trial(2, 'running', null)]));
    assert.deepEqual(seen, [2, 3]);
    // Reconnect: the server forgot the watch; the next frame is full and replaces what is held.
    feed.resubscribeAll();
    assert.deepEqual(sent.map((f) => f.type), ['watch-study', 'watch-study']);
    feed.onFrame(frame([trial(0, 'complete', 1), trial(1, 'complete', 2), trial(2, 'complete', 3), trial(3, 'complete', 0)]));
    assert.equal(feed.get('st_1')!.trials.size, 4);
    a();
    assert.equal(sent.length, 2, 'still watched by the other card');
    b();
    assert.deepEqual(sent.at(-1), { type: 'unwatch-study', studyId: 'st_1' });
    assert.equal(feed.watching, 0);
    feed.onFrame(frame([trial(4, 'complete', 1)]));
    assert.equal(seen.length, 3, 'frames for unwatched studies are dropped');
  });

  test('without frames the feed polls the REST routes', async () => {
    const calls: string[] = [];
    const api = {
      get: async (id: string) => (calls.push(`get ${id}`), view({ status: 'complete' })),
      trials: async (id: string, after?: number) => (calls.push(`trials ${id} ${after}`), [trial(0, 'complete', 1)]),
    };
    const feed = new StudyFeed({ send: () => {}, api, fallbackMs: 1 });
    const state = await new Promise<{ status: string; size: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no REST fallback within 5 s')), 5000);
      feed.subscribe('st_1', (s) => {
        clearTimeout(timer);
        resolve({ status: s.study!.status, size: s.trials.size });
      });
    });
    assert.deepEqual(state, { status: 'complete', size: 1 });
    assert.deepEqual(calls, ['get st_1', 'trials st_1 undefined']);
  });
});
