import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import type { ServerFrame } from '../../server/protocol.ts';
import type { StudyFrame } from '../../server/studies-protocol.ts';
import { registerTargetKind } from '../../tools/optimizer/targets/index.ts';
import { scriptedModel, type ScriptedStep } from '../support/mock-model.ts';
import { startTestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';

/** A target whose trials take ~20 ms each (aborted promptly on stop), so a study runs for as long as a test needs. */
registerTargetKind('test-slow', () => ({
  kind: 'test-slow',
  evaluate: (params, context) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ value: Number(params.x) }), 20);
      context.signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('stopped'))), { once: true });
    }),
}));

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(predicate(), `timed out waiting for ${what}`);
}

test('the Stop button stops the answer, not the study: aborting a turn that streams wait_for_study leaves the study running', async () => {
  // The model's steps are filled in once the study exists: turn 1 says hello (creating the session), turn 2 waits.
  const steps: ScriptedStep[] = [{ text: 'hello' }];
  const services = createTestServices(scriptedModel(steps, { chunkDelayInMs: 2 }));
  const server = await startTestServer(services, { studyWatch: { coalesceMs: 20 } });
  const client = await WsTestClient.connect(server.wsUrl);
  try {
    client.send({ type: 'send', requestId: 't1', id: null, text: 'hi' });
    const start = (await client.waitFor((f) => f.type === 'start' && f.requestId === 't1')) as Extract<ServerFrame, { type: 'start' }>;
    await client.waitForEnd('t1');
    const study = await services.studies.start({
      space: { x: { type: 'float', low: 0, high: 1 } }, objectives: [{ metric: 'value', direction: 'minimize' }],
      target: { kind: 'test-slow' }, sampler: 'random', budget: { trials: 10_000 }, seed: 3,
    }, { sessionId: start.sessionId });
    steps.push({ toolCalls: [{ toolName: 'wait_for_study', input: {} }] }, { text: 'it finished' });

    client.send({ type: 'send', requestId: 't2', id: start.sessionId, text: 'wait for it' });
    // Abort once wait_for_study has streamed a progress snapshot.
    await client.waitFor((f) => f.type === 'chunk' && f.requestId === 't2' && f.chunk.type === 'tool-output-available' && f.chunk.preliminary === true);
    client.send({ type: 'abort', requestId: 't2' });
    await client.waitForEnd('t2');
    assert.equal(client.chunks('t2').at(-1)!.chunk.type, 'abort');

    assert.equal(services.studies.isRunning(study.id), true, 'the study runs on after the turn was stopped');
    const doneAtAbort = services.studies.status(study.id).trials.complete;
    await until(() => services.studies.status(study.id).trials.complete > doneAtAbort + 2, 'more trials after the abort');

    // Its card follows it over the socket meanwhile.
    client.send({ type: 'watch-study', requestId: 'w', studyId: study.id });
    const full = (await client.waitFor((f) => f.type === 'study')) as StudyFrame;
    assert.equal(full.study.status, 'running');
    assert.equal(full.trials.length, full.study.trials.done + full.study.trials.running);
    await client.waitFor((f) => f.type === 'study' && f !== full && f.trials.length > 0);

    // The card's own "Stop study" button stops it.
    const res = await fetch(`${server.url}/api/studies/${study.id}/stop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(((await res.json()) as { status: string }).status, 'stopped');
    await client.waitFor((f) => f.type === 'study' && f.study.status === 'stopped');
  } finally {
    client.drop();
    await server.close();
  }
});

test('"run 4 more": continue_study on the session\'s study goes on with the trial numbers, in the same study', async () => {
  const services = createTestServices(scriptedModel([
    { toolCalls: [{ toolName: 'start_study', input: { target: 'branin', trials: 5, sampler: 'random', seed: 1 } }] },
    { toolCalls: [{ toolName: 'wait_for_study', input: {} }] },
    { text: 'done' },
    { toolCalls: [{ toolName: 'continue_study', input: { trials: 4 } }] },
    { toolCalls: [{ toolName: 'wait_for_study', input: {} }] },
    { text: 'done again' },
  ]));
  try {
    const first = await runChatTurn({ services, text: 'tune branin, 5 trials' });
    const study = services.studies.latestForSession(first.sessionId)!;
    assert.deepEqual(services.studies.trials(study.id).map((t) => t.number), [0, 1, 2, 3, 4]);
    await runChatTurn({ services, sessionId: first.sessionId, text: 'run 4 more' });
    assert.equal(services.studies.list().length, 1, 'no second study');
    assert.deepEqual(services.studies.trials(study.id).map((t) => t.number), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const status = services.studies.status(study.id);
    assert.equal(status.status, 'complete');
    assert.equal(status.trials.complete, 9);
  } finally {
    await services.studies.close();
    services.db.close();
  }
});
