import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkCase, FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './support/dev-set.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

describe('agent dev set (offline model, dry run, real turn loop)', () => {
  test('the repository copy of the dev set matches the shared one', { skip: !existsSync(SHARED_DEV_SET) && 'no ../shared' }, () => {
    assert.equal(readFileSync(FIXTURE_DEV_SET, 'utf8'), readFileSync(SHARED_DEV_SET, 'utf8'));
  });

  for (const devCase of loadDevSet()) {
    test(devCase.id, async () => {
      const last = await runDryTurns(devCase.messages);
      assert.equal(checkCase(devCase, toolCalls(last)), '', devCase.messages.join(' → '));
      assert.ok(messageText(last).length > 0, 'the turn ends with a text answer');
    });
  }
});
