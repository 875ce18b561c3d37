import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { createApp } from '../../server/app.ts';
import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { registerTargetKind } from '../../tools/optimizer/targets/index.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

const branin = (overrides: Partial<StudySpec> = {}): StudySpec => ({
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: { kind: 'builtin', problem: 'branin' },
  targetName: 'branin',
  name: 'branin study',
  sampler: 'random',
  budget: { trials: 8 },
  seed: 1,
  ...overrides,
});

function setup() {
  const services = createTestServices(scriptedModel([{ text: 'ok' }]));
  const { app } = createApp({ services, tools: {} });
  return { services, app, storage: new SqliteStudyStorage(services.db) };
}

describe('REST /api/studies', () => {
  test('list, one, trials after N and importance agree with the study', async () => {
    const { services, app } = setup();
    const done = await services.studies.start(branin(), { sessionId: 'sess-a' });
    await services.studies.wait(done.id);
    const second = await services.studies.start(branin({ budget: { trials: 6 } }));
    await services.studies.wait(second.id);

    const list = (await (await app.request('/api/studies')).json()) as { studies: StudyViewJson[] };
    assert.deepEqual(list.studies.map((s) => s.id).sort(), [done.id, second.id].sort());
    const limited = (await (await app.request('/api/studies?limit=1')).json()) as { studies: StudyViewJson[] };
    assert.equal(limited.studies.length, 1);

    const one = (await (await app.request(`/api/studies/${done.id}`)).json()) as StudyViewJson;
    assert.equal(one.status, 'complete');
    assert.equal(one.sessionId, 'sess-a');
    assert.equal(one.target, 'branin');
    assert.equal(one.trials.complete, 8);
    assert.deepEqual(one.objectives, [{ metric: 'value', direction: 'minimize' }]);

    const all = (await (await app.request(`/api/studies/${done.id}/trials`)).json()) as { trials: TrialViewJson[] };
    assert.deepEqual(all.trials.map((t) => t.number), [0, 1, 2, 3, 4, 5, 6, 7]);
    const after = (await (await app.request(`/api/studies/${done.id}/trials?after=5`)).json()) as { trials: TrialViewJson[] };
    assert.deepEqual(after.trials.map((t) => t.number), [6, 7]);
    assert.equal(Math.min(...all.trials.map((t) => t.values![0]!)), one.best!.values[0]);

    const importance = await (await app.request(`/api/studies/${done.id}/importance`)).json();
    assert.equal(importance.studyId, done.id);
    assert.equal(importance.trialsUsed, 8);
    assert.deepEqual(Object.keys(importance.objectives[0].importances).sort(), ['x0', 'x1']);
  });

  test('unknown ids are 404 with the usual error JSON; bad query parameters are 400 naming the parameter', async () => {
    const { app } = setup();
    for (const [method, path] of [['GET', '/api/studies/st_nope'], ['GET', '/api/studies/st_nope/trials'], ['GET', '/api/studies/st_nope/importance'], ['POST', '/api/studies/st_nope/stop'], ['POST', '/api/studies/st_nope/resume']] as const) {
      const res = await app.request(path, { method, headers: JSON_HEADERS, ...(method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: { code: 'not_found', message: 'no study with id st_nope', details: { study_id: 'st_nope' } } });
    }
    for (const path of ['/api/studies?limit=0', '/api/studies?limit=501', '/api/studies?limit=2.5', '/api/studies?limit=abc', '/api/studies/x/trials?after=1e3', '/api/studies/x/trials?after=-2', `/api/studies/x/trials?after=${'9'.repeat(20)}`]) {
      const res = await app.request(path);
      assert.equal(res.status, 400, path);
      const body = await res.json();
      assert.equal(body.error.code, 'invalid_argument');
      assert.equal(body.error.details.parameter, path.includes('limit') ? 'limit' : 'after');
    }
  });

  test('POST stop stops a running study (not a turn); a second stop is harmless', async () => {
    const { services, app } = setup();
    const record = await services.studies.start(branin({ budget: { trials: 100_000 } }));
    const res = await app.request(`/api/studies/${record.id}/stop`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(res.status, 200);
    const view = (await res.json()) as StudyViewJson;
    assert.equal(view.status, 'stopped');
    assert.equal(view.trials.running, 0);
    assert.equal(services.studies.isRunning(record.id), false);
    const again = await app.request(`/api/studies/${record.id}/stop`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(((await again.json()) as StudyViewJson).status, 'stopped');
  });

  test('attack: a cross-site page cannot stop or resume a study (CSRF), nor a form post', async () => {
    const { services, app } = setup();
    const record = await services.studies.start(branin({ budget: { trials: 100_000 } }));
    const path = `/api/studies/${record.id}/stop`;
    const crossOrigin = await app.request(path, { method: 'POST', headers: { ...JSON_HEADERS, origin: 'http://evil.example' }, body: '{}' });
    assert.equal(crossOrigin.status, 403);
    assert.equal((await crossOrigin.json()).error.code, 'forbidden');
    const crossSite = await app.request(path, { method: 'POST', headers: { ...JSON_HEADERS, 'sec-fetch-site': 'cross-site' }, body: '{}' });
    assert.equal(crossSite.status, 403);
    // A "simple" cross-site form or text/plain post (no preflight) is refused for its content type.
    const form = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    assert.equal(form.status, 400);
    const rebinding = await app.request(`http://evil.example:8787${path}`, { method: 'POST', headers: { ...JSON_HEADERS, host: 'evil.example:8787' }, body: '{}' });
    assert.equal(rebinding.status, 403);
    assert.equal(services.studies.isRunning(record.id), true, 'none of the refused requests stopped the study');
    await services.studies.stop(record.id);
  });
});

describe('restart: interrupted studies resume, or say why and resume on request', () => {
  test('a resumable target resumes with the reason; an unbuildable one is interrupted (resumable) until POST resume works', async () => {
    const { services, app, storage } = setup();
    // What a dead server left behind: two running studies, one whose target kind is not registered (yet).
    storage.createStudy({ id: 'st_ok', name: 'ok', sessionId: 's1', spec: branin({ budget: { trials: 5, parallel: 1 }, retries: { max: 0, backoff_ms: 0 } }), status: 'running', createdAt: 1, updatedAt: 1 });
    storage.createTrial('st_ok', { state: 'running', params: { x0: 1, x1: 2 }, distributions: {}, createdAt: 1 });
    const lateSpec = branin({ target: { kind: 'test-late-kind' }, targetName: 'late target', budget: { trials: 3, parallel: 1 }, retries: { max: 0, backoff_ms: 0 } });
    storage.createStudy({ id: 'st_late', name: 'late', sessionId: 's2', spec: lateSpec, status: 'running', createdAt: 2, updatedAt: 2 });

    assert.deepEqual(await services.studies.resumeInterrupted(), ['st_ok']);
    const resumed = (await (await app.request('/api/studies/st_ok')).json()) as StudyViewJson;
    assert.match(resumed.statusReason!, /^resumed after a server restart at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await services.studies.wait('st_ok');
    const finished = (await (await app.request('/api/studies/st_ok')).json()) as StudyViewJson;
    assert.equal(finished.status, 'complete');
    assert.match(finished.statusReason!, /^resumed after a server restart/, 'the reason stays after the study ends');

    const interrupted = (await (await app.request('/api/studies/st_late')).json()) as StudyViewJson;
    assert.equal(interrupted.status, 'interrupted');
    assert.equal(interrupted.resumable, true);
    assert.match(interrupted.statusReason!, /interrupted by a server restart: its target "late target" cannot run here now \(unknown target kind "test-late-kind"/);
    // The agent sees it stopped, with the same reason.
    assert.equal(services.studies.status('st_late').status, 'stopped');
    assert.match(services.studies.status('st_late').error!, /cannot run here now/);

    const refused = await app.request('/api/studies/st_late/resume', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(refused.status, 503);
    assert.match((await refused.json()).error.message, /unknown target kind "test-late-kind"/);

    registerTargetKind('test-late-kind', () => ({ kind: 'test-late-kind', evaluate: async (params) => ({ value: Number(params.x0) ** 2 }) }));
    const ok = await app.request('/api/studies/st_late/resume', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(ok.status, 200);
    const view = (await ok.json()) as StudyViewJson;
    assert.equal(view.status, 'running');
    assert.equal(view.resumable, false);
    assert.match(view.statusReason!, /^resumed at .* after a server restart interrupted it$/);
    await services.studies.wait('st_late');
    assert.equal(services.studies.status('st_late').trials.complete, 3);

    const conflict = await app.request('/api/studies/st_late/resume', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    assert.equal(conflict.status, 409, 'a finished study is not resumed (continue_study runs more)');
  });

  test('stopping an interrupted study ends it as stopped, with the reason in words', async () => {
    const { services, app, storage } = setup();
    storage.createStudy({ id: 'st_gone', name: 'gone', sessionId: null, spec: branin({ target: { kind: 'test-never-kind' } }), status: 'running', createdAt: 1, updatedAt: 1 });
    await services.studies.resumeInterrupted();
    assert.equal(((await (await app.request('/api/studies/st_gone')).json()) as StudyViewJson).status, 'interrupted');
    const res = await app.request('/api/studies/st_gone/stop', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    const view = (await res.json()) as StudyViewJson;
    assert.equal(view.status, 'stopped');
    assert.equal(view.resumable, false);
    assert.match(view.statusReason!, /stopped at .* while interrupted by a server restart/);
  });
});
