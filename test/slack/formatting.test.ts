import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { SlackStore } from '../../db/slack-store.ts';
import { toMrkdwn } from '../../server/slack/mrkdwn.ts';
import { ReplyText } from '../../server/slack/reply-text.ts';
import { formatFrontTable, summarizeStudy } from '../../server/slack/study-summary.ts';
import type { Trial } from '../../tools/optimizer/types.ts';

test('markdown becomes Slack mrkdwn, code untouched and control characters escaped', () => {
  assert.equal(toMrkdwn('# Result\n**best** is [trial 3](http://x.test/s/1) & p99 < 5 ms ~~old~~'), '*Result*\n*best* is <http://x.test/s/1|trial 3> &amp; p99 &lt; 5 ms ~old~');
  assert.equal(toMrkdwn('use `a < b` and\n```\n**raw** <tag>\n```\n'), 'use `a < b` and\n```\n**raw** <tag>\n```\n');
});

test('reply text is append-only: tool lines on their own lines, failures show the message, preliminary results hidden', () => {
  const reply = new ReplyText();
  const added = [
    reply.apply({ type: 'text-delta', id: 't', delta: 'Starting.' }),
    reply.apply({ type: 'tool-input-available', toolCallId: 'c1', toolName: 'start_study', input: { target: 'branin' } }),
    reply.apply({ type: 'tool-output-available', toolCallId: 'c1', output: { progress: 1 }, preliminary: true }),
    reply.apply({ type: 'tool-output-available', toolCallId: 'c1', output: { ok: false, error: { code: 'invalid_argument', message: 'trials must be ≥ 1, got 0' } } }),
    reply.apply({ type: 'text-delta', id: 't2', delta: 'Done.' }),
  ];
  assert.equal(added[2], '');
  assert.equal(reply.text, added.join(''));
  assert.equal(reply.text, 'Starting.\n:gear: `start_study` {"target":"branin"}\n:warning: `start_study` trials must be ≥ 1, got 0\n\nDone.');
});

function trial(number: number, values: number[] | null, violations: number[] = [], state: Trial['state'] = 'complete'): Trial {
  return {
    id: `t${number}`, studyId: 's', number, state, params: { lr: 0.001 * (number + 1), depth: number }, distributions: {}, values, metrics: {}, intermediate: {},
    constraintViolations: violations, userAttrs: {}, systemAttrs: {}, attempt: 1, error: null, createdAt: 0, startedAt: 0, completedAt: 0,
  };
}

test('study summary: infeasible and unfinished trials never count; maximize objectives are oriented', () => {
  const objectives = [{ metric: 'accuracy', direction: 'maximize' as const }];
  const { front, recommended } = summarizeStudy(objectives, [trial(0, [0.9]), trial(1, [0.99], [0.5]), trial(2, [0.95]), trial(3, null, [], 'failed')]);
  assert.equal(recommended?.number, 2, 'trial 1 breaks a constraint');
  assert.deepEqual(front.map((t) => t.number), [2]);
  const table = formatFrontTable(objectives, front);
  assert.match(table, /^```\n#\s+accuracy \(max\)\s+lr\s+depth\n2\s+0\.95\s+0\.003\s+2\n```$/);
  assert.deepEqual(summarizeStudy(objectives, []), { front: [], recommended: null });
});

test('Slack store: thread links, atomic event claims, pruning', () => {
  const db = openDatabase(':memory:');
  const store = new SlackStore(db);
  db.prepare("INSERT INTO sessions (id, title, source, created_at, updated_at) VALUES ('s1', 't', 'slack', 0, 0)").run();
  store.linkThread({ teamId: 'T', channel: 'C', threadTs: '1.0', sessionId: 's1' }, 5);
  assert.equal(store.findSession({ teamId: 'T', channel: 'C', threadTs: '1.0' }), 's1');
  assert.equal(store.findSession({ teamId: 'T', channel: 'C', threadTs: '2.0' }), null);
  assert.deepEqual(store.findThread('s1'), { teamId: 'T', channel: 'C', threadTs: '1.0', sessionId: 's1' });
  assert.equal(store.claimEvent('Ev1', 10), true);
  assert.equal(store.claimEvent('Ev1', 11), false);
  assert.equal(store.pruneEvents(11), 1);
  assert.equal(store.claimEvent('Ev1', 12), true, 'forgotten after pruning');
  db.close();
});
