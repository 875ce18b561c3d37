import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SlackStore } from '../../db/slack-store.ts';
import type { Services } from '../../server/services.ts';
import type { RuleAlert } from '../../server/slack/thread-alerts.ts';
import type { StudyEvent, StudyListener, StudyRecord, Trial } from '../../tools/optimizer/types.ts';
import { builtinSpace, getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness } from './support/slack-harness.ts';

/** Stand-ins for contract 5 (study events) and contract 6 (rule alerts), driven by the test. */
function fakeEngines() {
  const listeners = new Set<StudyListener>();
  const alertListeners = new Set<(a: RuleAlert) => void>();
  const records = new Map<string, StudyRecord>();
  return {
    records,
    studies: { on: (l: StudyListener) => (listeners.add(l), () => listeners.delete(l)), get: (id: string) => records.get(id) ?? null, trials: (): Trial[] => [] },
    rules: { onAlert: (l: (a: RuleAlert) => void) => (alertListeners.add(l), () => alertListeners.delete(l)) },
    emit: (e: StudyEvent) => listeners.forEach((l) => l(e)),
    alert: (a: RuleAlert) => alertListeners.forEach((l) => l(a)),
  };
}

function trial(number: number, values: number[], params: Record<string, number>): Trial {
  return {
    id: `t${number}`, studyId: 's1', number, state: 'complete', params, distributions: {}, values, metrics: {}, intermediate: {},
    constraintViolations: [], userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: 0,
  };
}

describe('Slack study progress and alerts', () => {
  test('one status message per study, edited while it runs, ending with the Pareto table, recommendation and link; alerts go to the thread', async () => {
    const engines = fakeEngines();
    const real = createTestServices(scriptedModel([{ text: 'study started' }]));
    const { studies: realStudies, rules: realRules } = real;
    const services = Object.assign(real, {
      studies: { ...engines.studies, close: () => realStudies.close() },
      rules: { ...engines.rules, close: () => realRules.close() },
    }) as unknown as Services;
    const h = await startSlackHarness(services, { progressIntervalMs: 30 });
    try {
      await h.post(mentionEvent({ eventId: 'Ev-s', ts: '4000.0001', text: 'tune latency vs throughput' }));
      await h.bridge.idle();
      const sessionId = new SlackStore(services.db).findSession({ teamId: 'T1', channel: 'C1', threadTs: '4000.0001' })!;
      assert.ok(sessionId);
      engines.records.set('s1', {
        id: 's1', name: 'latency-vs-rps', sessionId, status: 'running', createdAt: 0, updatedAt: 0,
        spec: { space: {}, target: { kind: 'builtin', problem: 'x' }, budget: { trials: 20 }, objectives: [{ metric: 'latency_ms', direction: 'minimize' }, { metric: 'rps', direction: 'maximize' }] },
      });
      engines.records.set('other', { ...engines.records.get('s1')!, id: 'other', sessionId: 'not-from-slack' });
      const before = h.stub.calls.length;
      engines.emit({ type: 'study-start', studyId: 'other', at: 0 });
      engines.emit({ type: 'study-start', studyId: 's1', at: 0 });
      const trials = [trial(0, [10, 100], { workers: 2 }), trial(1, [20, 300], { workers: 8 }), trial(2, [30, 250], { workers: 4 }), trial(3, [12, 200], { workers: 4 })];
      for (const t of trials) {
        engines.emit({ type: 'trial-start', studyId: 's1', trial: { ...t, state: 'running' }, at: 0 });
        engines.emit({ type: 'trial-end', studyId: 's1', trial: t, at: 0 });
      }
      await new Promise((r) => setTimeout(r, 80));
      engines.emit({ type: 'study-end', studyId: 's1', status: 'complete', at: 0 });
      engines.alert({ id: 'a1', ruleId: 'p99-guard', studyId: 's1', sessionId: null, message: 'p99 above 50 ms in trial 3', facts: {}, at: 0 });
      await h.bridge.idle();

      const after = h.stub.calls.slice(before);
      const posts = after.filter((c) => c.method === 'chat.postMessage');
      const status = posts.find((p) => /Study \*latency-vs-rps\*/.test(p.args.text))!;
      assert.ok(status, 'status message posted');
      assert.equal(status.args.thread_ts, '4000.0001');
      assert.equal(posts.filter((p) => /Study \*/.test(p.args.text)).length, 1, 'one status message, not one per event');
      const updates = after.filter((c) => c.method === 'chat.update');
      assert.ok(updates.length >= 1 && updates.length <= 4, `throttled edits, got ${updates.length}`);
      const final = updates.at(-1)!.args.text as string;
      assert.match(final, /complete: 4 trials \(4 complete\)/);
      assert.match(final, /Pareto front \(3 trials\)/, 'trial 2 (30 ms, 250 rps) is dominated by trial 1');
      assert.match(final, /latency_ms \(min\)\s+rps \(max\)\s+workers/);
      assert.doesNotMatch(final, /^2\s/m);
      assert.match(final, /\*Recommendation:\* latency_ms=12, rps=200 with workers=4 \(trial #3\)/);
      assert.match(final, new RegExp(`<http://tunechat\\.test/s/${sessionId}\\|Open the session in tunechat>`));
      const alert = posts.find((p) => /Alert/.test(p.args.text))!;
      assert.equal(alert.args.thread_ts, '4000.0001');
      assert.match(alert.args.text, /rule `p99-guard` \(study `s1`\): p99 above 50 ms in trial 3/);
      assert.ok(!after.some((c) => JSON.stringify(c.args).includes('"other"')), 'studies of non-Slack sessions stay out of Slack');
    } finally {
      await h.close();
    }
  });

  test('a real study (StudyManager, builtin DTLZ2) started from a Slack session ends with its Pareto summary in the thread', async () => {
    const services = createTestServices(scriptedModel([{ text: 'ok' }]));
    const h = await startSlackHarness(services, { progressIntervalMs: 50 });
    try {
      await h.post(mentionEvent({ eventId: 'Ev-real', ts: '4100.0001', text: 'tune dtlz2' }));
      await h.bridge.idle();
      const sessionId = new SlackStore(services.db).findSession({ teamId: 'T1', channel: 'C1', threadTs: '4100.0001' })!;
      const problem = getBuiltinProblem('dtlz2')!;
      const objectives = ['f1', 'f2', 'f3'].map((metric) => ({ metric, direction: 'minimize' as const }));
      const study = await services.studies.start(
        { name: 'dtlz2-demo', space: builtinSpace(problem, 4), objectives, target: { kind: 'builtin', problem: 'dtlz2', dims: 4 }, budget: { trials: 12 }, seed: 5 },
        { sessionId },
      );
      await services.studies.wait(study.id);
      await h.bridge.idle();
      const texts = h.stub.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').map((c) => String(c.args.text));
      const final = texts.filter((t) => t.includes('dtlz2-demo')).at(-1)!;
      assert.match(final, /:checkered_flag: Study \*dtlz2-demo\* .* complete: 12 trials \(12 complete\)/);
      assert.match(final, /Pareto front \(\d+ trials\):/);
      assert.match(final, /\*Recommendation:\* f1=/);
      const posted = h.stub.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('dtlz2-demo'));
      assert.equal(posted.length, 1, 'one status message');
      assert.equal(posted[0]!.args.thread_ts, '4100.0001');
      // Continued with 5 more trials: a fresh status message whose summary counts the whole study.
      await services.studies.extend(study.id, { trials: 5 });
      await services.studies.wait(study.id);
      await h.bridge.idle();
      const continued = h.stub.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').map((c) => String(c.args.text)).filter((t) => t.includes('dtlz2-demo')).at(-1)!;
      assert.match(continued, /complete: 17 trials \(17 complete\)/);
      assert.equal(h.stub.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('dtlz2-demo')).length, 2);
    } finally {
      await h.close();
    }
  });
});
