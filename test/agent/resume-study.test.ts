import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { createTestServices } from '../support/test-services.ts';
import { messageText, toolCalls } from './support/turns.ts';

test('"resume the study" continues the same study with the offline model, and the answer covers all its trials', async () => {
  const services = createTestServices(createModel({ kind: 'local' }));
  const first = await runChatTurn({ services, text: 'minimize branin with 12 trials' });
  const [study] = services.studies.list();
  assert.equal(services.studies.status(study!.id).trials.complete, 12);
  const resumed = await runChatTurn({ services, sessionId: first.sessionId, text: 'resume the study for 6 more trials' });
  const calls = toolCalls(resumed.message);
  const continued = calls.find((c) => c.tool === 'continue_study');
  assert.deepEqual(continued?.input, { trials: 6, study_id: study!.id });
  assert.ok(calls.findIndex((c) => c.tool === 'wait_for_study') > calls.indexOf(continued!));
  assert.equal(services.studies.list().length, 1, 'no new study');
  const status = services.studies.status(study!.id);
  assert.equal(status.trials.complete, 18);
  assert.match(messageText(resumed.message), /18 trials/);
});
