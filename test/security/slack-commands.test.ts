import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { createModel } from '../../server/agent/model.ts';
import { createTestServices } from '../support/test-services.ts';
import { mentionEvent, startSlackHarness, type SlackHarness } from '../slack/support/slack-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-slack-commands-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let harness: SlackHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** The markdown the thread received. */
const replies = (h: SlackHarness) =>
  h.stub.calls.filter((c) => ['chat.startStream', 'chat.appendStream', 'chat.stopStream', 'chat.postMessage', 'chat.update'].includes(c.method)).map((c) => String(c.args.markdown_text ?? c.args.text ?? '')).join('');

async function say(h: SlackHarness, eventId: string, ts: string, text: string, threadTs?: string): Promise<void> {
  const res = await h.post(mentionEvent({ eventId, ts, text, ...(threadTs ? { threadTs } : {}) }));
  assert.equal(res.status, 200);
  await h.bridge.idle();
}

describe('attack: a Slack member (not the operator) gets a command run', () => {
  test('with SLACK_ALLOW_TYPED_COMMANDS off, registering a command target, benchmarking it or a typed command, and tuning it run nothing', async () => {
    const marker = join(dir, 'slack-marker');
    harness = await startSlackHarness(createTestServices(createModel({ kind: 'local' })), {}, [], () => {}, { tools: 'real' });
    await say(harness, 'Ev1', '100.1', `register a target called x that runs \`touch ${marker}\` and reports value (minimize)`);
    await say(harness, 'Ev2', '100.2', 'benchmark `x`', '100.1');
    await say(harness, 'Ev3', '100.3', `benchmark \`touch ${marker}\``, '100.1');
    await say(harness, 'Ev4', '100.4', 'tune x with 3 trials', '100.1');
    assert.equal(existsSync(marker), false, 'a Slack member ran a command');
    assert.equal(await harness.services.targets.resolve('x'), null, 'the command target was registered');
    const text = replies(harness);
    // The default policy set refuses first (DefaultGuardrails, NoTypedCommandsFromSlack), and says so in the thread.
    assert.match(text, /You're not allowed to register the target x \(`targets:Register` on `tunechat:target\/x`\): the policy DefaultGuardrails \(v1\), statement NoTypedCommandsFromSlack/);
    assert.match(text, /You're not allowed to .*`bench:RunCommand`.*NoTypedCommandsFromSlack/);
    assert.equal(harness.services.audit.query({ decision: 'deny' }).length >= 2, true, 'the denials are audited');
  });

  test('a target the operator registered still runs from Slack; an operator-enabled Slack may run what it types', async () => {
    const marker = join(dir, 'operator-marker');
    const services = createTestServices(createModel({ kind: 'local' }));
    await services.targets.register({ name: 'scorer', kind: 'command', spec: { kind: 'command', command: [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '1'); console.log(JSON.stringify({ value: Math.random() }))`], cwd: dir }, metrics: [{ name: 'value', direction: 'minimize' }], space: { x: { type: 'float', low: 0, high: 1 } } });
    harness = await startSlackHarness(services, {}, [], () => {}, { tools: 'real' });
    await say(harness, 'Ev1', '200.1', 'tune scorer with 2 trials');
    assert.equal(existsSync(marker), true, 'the registered target did not run');
    await harness.close();

    const typed = join(dir, 'typed-marker');
    harness = await startSlackHarness(createTestServices(createModel({ kind: 'local' })), {}, [], () => {}, { tools: 'real', allowTypedCommands: true });
    await say(harness, 'Ev1', '300.1', `benchmark \`touch ${typed}\` 2 times`);
    assert.equal(existsSync(typed), false, 'touch outside the working directory needs a confirmation first');
    assert.match(replies(harness), /Reply \*\*yes\*\* to run exactly/);
    await say(harness, 'Ev2', '300.2', 'yes', '300.1');
    assert.equal(existsSync(typed), true, 'with the operator setting, a typed and confirmed command runs');
  });
});
