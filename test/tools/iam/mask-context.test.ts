import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskContext } from '../../../tools/iam/mask-context.ts';

test('secrets are masked by key and by value; URLs lose userinfo and secret query parameters', () => {
  const masked = maskContext({
    'bench:Connections': 8,
    'bench:MaxTokens': 256,
    api_key: 'plain-looking',
    Authorization: 'whatever',
    'x:Password': 'hunter2',
    'x:Header': 'Bearer abc.def',
    'x:Token': 'tct_0123456789abcdef_' + 'a'.repeat(43),
    'x:Value': 'tct_0123456789abcdef_' + 'a'.repeat(43),
    'x:Slack': 'xoxb-123-456',
    'x:Url': 'https://user:pw@example.com:8080/path?token=abc&n=1',
    'x:List': ['ok', 'sk-abcdefghijklmnopqrstuvwx'],
    'x:Long': 'y'.repeat(5000),
    'tunechat:SlackTypedCommandsAllowed': false,
  });
  assert.deepEqual(masked['bench:Connections'], 8);
  assert.equal(masked['bench:MaxTokens'], 256, 'a count of tokens is no secret');
  for (const key of ['api_key', 'Authorization', 'x:Password', 'x:Header', 'x:Token', 'x:Value', 'x:Slack']) assert.equal(masked[key], '***', key);
  assert.equal(masked['x:Url'], 'https://example.com:8080/path?token=***&n=1');
  assert.deepEqual(masked['x:List'], ['ok', '***']);
  assert.ok((masked['x:Long'] as string).length < 1100);
  assert.equal(masked['tunechat:SlackTypedCommandsAllowed'], false);
});
