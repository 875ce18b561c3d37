import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SlackStore } from '../../db/slack-store.ts';
import type { Services } from '../../server/services.ts';
import { MAX_SLACK_PNG_BYTES } from '../../server/slack/study-chart-upload.ts';
import { builtinSpace, getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness, type SlackHarness } from './support/slack-harness.ts';
import type { SlackStub } from './support/slack-stub.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Runs a real study (StudyManager, builtin problem) from a Slack thread to its end; returns the harness and the study id. */
async function finishedStudy(problemName: 'zdt1' | 'branin', prepare: (stub: SlackStub) => void = () => {}): Promise<{ h: SlackHarness; services: Services; studyId: string }> {
  const services = createTestServices(scriptedModel([{ text: 'ok' }]));
  const h = await startSlackHarness(services, { progressIntervalMs: 50 }, [], prepare);
  await h.post(mentionEvent({ eventId: `Ev-${problemName}`, ts: '4200.0001', text: `tune ${problemName}` }));
  await h.bridge.idle();
  const sessionId = new SlackStore(services.db).findSession({ teamId: 'T1', channel: 'C1', threadTs: '4200.0001' })!;
  const problem = getBuiltinProblem(problemName)!;
  const objectives = problemName === 'zdt1' ? ['f1', 'f2'].map((metric) => ({ metric, direction: 'minimize' as const })) : [{ metric: 'value', direction: 'minimize' as const }];
  const study = await services.studies.start(
    { name: `${problemName}-demo`, space: builtinSpace(problem, problemName === 'zdt1' ? 3 : 2), objectives, target: { kind: 'builtin', problem: problemName, dims: problemName === 'zdt1' ? 3 : 2 }, budget: { trials: 16 }, seed: 3 },
    { sessionId },
  );
  await services.studies.wait(study.id);
  await h.bridge.idle();
  return { h, services, studyId: study.id };
}

const index = (h: SlackHarness, predicate: (c: SlackHarness['stub']['calls'][number]) => boolean) => h.stub.calls.findIndex(predicate);

describe('Slack: a finished study carries its chart as a PNG', () => {
  test('two objectives: the Pareto front PNG goes into the thread after the text summary (files.uploadV2)', async () => {
    const { h, studyId } = await finishedStudy('zdt1');
    try {
      const summary = index(h, (c) => c.method === 'chat.update' && /:checkered_flag: Study \*zdt1-demo\*/.test(String(c.args.text)));
      const asked = index(h, (c) => c.method === 'files.getUploadURLExternal');
      assert.ok(summary >= 0, 'text summary posted');
      assert.ok(asked > summary, 'the upload starts after the text summary');
      const request = h.stub.calls[asked]!;
      assert.equal(request.args.filename, `${studyId}-pareto.png`);
      assert.equal(h.stub.uploads.length, 1);
      const body = h.stub.uploads[0]!.body;
      const at = body.indexOf(PNG_SIGNATURE);
      assert.ok(at >= 0, 'the uploaded body holds a PNG');
      assert.equal(body.readUInt32BE(at + 16), 900, '900 px wide');
      const length = Number(request.args.length);
      assert.equal(body.subarray(at + length - 8, at + length - 4).toString('latin1'), 'IEND', 'the announced length is the whole PNG');
      assert.ok(Number(request.args.length) <= MAX_SLACK_PNG_BYTES);
      const complete = h.stub.of('files.completeUploadExternal')[0]!;
      assert.equal(complete.args.channel_id, 'C1');
      assert.equal(complete.args.thread_ts, '4200.0001');
      assert.deepEqual(complete.args.files, [{ id: h.stub.uploads[0]!.fileId, title: 'Pareto front of zdt1-demo' }]);
    } finally {
      await h.close();
    }
  });

  test('one objective: the optimization history', async () => {
    const { h, studyId } = await finishedStudy('branin');
    try {
      assert.equal(h.stub.of('files.getUploadURLExternal')[0]?.args.filename, `${studyId}-history.png`);
      assert.deepEqual(h.stub.of('files.completeUploadExternal')[0]?.args.files, [{ id: 'F1', title: 'Optimization history of branin-demo' }]);
    } finally {
      await h.close();
    }
  });

  test('when Slack refuses the upload (missing scope, or the upload URL fails) the text summary still posts and nothing breaks', async () => {
    for (const fault of [(stub: SlackStub) => stub.fail('files.getUploadURLExternal', { error: 'missing_scope' }), (stub: SlackStub) => stub.fail('upload', ...Array(5).fill({ status: 500 }))]) {
      const { h } = await finishedStudy('zdt1', fault);
      try {
        const texts = h.stub.calls.filter((c) => c.method === 'chat.update').map((c) => String(c.args.text));
        assert.match(texts.at(-1)!, /:checkered_flag: Study \*zdt1-demo\* .* complete: 16 trials \(16 complete\)/);
        assert.match(texts.at(-1)!, /\*Recommendation:\* f1=/);
        assert.equal(h.stub.uploads.length, 0);
        assert.equal(h.stub.of('files.completeUploadExternal').length, 0, 'no half-finished file shared');
        assert.equal(h.stub.of('files.getUploadURLExternal').length, 1, 'tried once, not retried in a loop');
      } finally {
        await h.close();
      }
    }
  });

  test('a turn that calls chart_study ("chart the Pareto front") gets the PNG in the thread after its text reply', async () => {
    const services = createTestServices(scriptedModel([
      { text: 'ok' },
      { toolCalls: [{ toolName: 'chart_study', input: { chart: 'pareto' } }, { toolName: 'chart_study', input: { chart: 'history' } }] },
      { text: 'Here is the Pareto front.' },
    ]));
    const h = await startSlackHarness(services, { progressIntervalMs: 50 }, [], () => {}, { tools: 'real' });
    try {
      await h.post(mentionEvent({ eventId: 'Ev-c1', ts: '4300.0001', text: 'tune zdt1' }));
      await h.bridge.idle();
      const sessionId = new SlackStore(services.db).findSession({ teamId: 'T1', channel: 'C1', threadTs: '4300.0001' })!;
      const study = await services.studies.start(
        { name: 'zdt1-chart', space: builtinSpace(getBuiltinProblem('zdt1')!, 3), objectives: ['f1', 'f2'].map((metric) => ({ metric, direction: 'minimize' as const })), target: { kind: 'builtin', problem: 'zdt1', dims: 3 }, budget: { trials: 10 }, seed: 1 },
        { sessionId },
      );
      await services.studies.wait(study.id);
      await h.bridge.idle();
      const before = h.stub.calls.length;
      const uploadsBefore = h.stub.uploads.length; // the study's own summary chart
      await h.post(mentionEvent({ eventId: 'Ev-c2', ts: '4300.0002', threadTs: '4300.0001', text: 'chart the Pareto front' }));
      await h.bridge.idle();
      const calls = h.stub.calls.slice(before);
      const reply = calls.findIndex((c) => /Here is the Pareto front/.test(JSON.stringify(c.args)));
      const asked = calls.filter((c) => c.method === 'files.getUploadURLExternal');
      assert.ok(reply >= 0, 'text reply posted');
      assert.deepEqual(asked.map((c) => c.args.filename), [`${study.id}-pareto.png`, `${study.id}-history.png`]);
      assert.ok(calls.indexOf(asked[0]!) > reply, 'after the text');
      const uploads = h.stub.uploads.slice(uploadsBefore);
      assert.equal(uploads.length, 2);
      assert.ok(uploads.every((u) => u.body.includes(PNG_SIGNATURE)));
      assert.ok(h.stub.of('files.completeUploadExternal').every((c) => c.args.thread_ts === '4300.0001'));
    } finally {
      await h.close();
    }
  });
});
