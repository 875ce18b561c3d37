import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCommandAllowed, quotedCommands, splitWords } from '../../../tools/bench/command-policy.ts';
import { checkLoadTarget, isLoopbackHost } from '../../../tools/bench/host-policy.ts';
import { ToolError } from '../../../tools/common/errors.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    assert.ok(ToolError.isInstance(error));
    return `${error.code}: ${error.message}`;
  }
};

describe('host policy', () => {
  test('loopback is always allowed, others only when configured', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]']) assert.ok(isLoopbackHost(h.replace(/^\[|\]$/g, '')), h);
    assert.equal(code(() => checkLoadTarget('http://127.0.0.1:8080/x', [])), 'ok');
    assert.equal(code(() => checkLoadTarget('http://[::1]:8080/', [])), 'ok');
    const refused = code(() => checkLoadTarget('http://10.0.0.5/', []));
    assert.match(refused, /^forbidden: .*"10\.0\.0\.5".*TUNECHAT_ALLOWED_HOSTS=10\.0\.0\.5/);
    assert.equal(code(() => checkLoadTarget('http://api.example.com/', ['*.example.com'])), 'ok');
    assert.match(code(() => checkLoadTarget('http://example.com.evil.net/', ['example.com'])), /^forbidden/);
    assert.match(code(() => checkLoadTarget('not a url', [])), /^invalid_argument: url must be/);
    assert.match(code(() => checkLoadTarget('ftp://127.0.0.1/', [])), /^invalid_argument/);
  });
});

describe('command policy', () => {
  test('splits words like a shell without expanding anything', () => {
    assert.deepEqual(splitWords(`node -e "console.log('a b')" x\\ y`), ['node', '-e', "console.log('a b')", 'x y']);
    assert.deepEqual(quotedCommands('please time `sleep 0.1` and\n```sh\n$ ls -la\n```'), [['ls', '-la'], ['sleep', '0.1']]);
  });

  test('a command the user typed is allowed; one only the model wrote is refused with a fix', () => {
    const userMessage = 'benchmark `python3 train.py --epochs 2` please';
    assert.equal(code(() => checkCommandAllowed({ argv: ['python3', 'train.py', '--epochs', '2'], userMessage, registered: [] })), 'ok');
    const refused = code(() => checkCommandAllowed({ argv: ['rm', '-rf', '/tmp/x'], userMessage, registered: [] }));
    assert.match(refused, /^forbidden: .*not typed by the user.*register/);
    assert.equal(code(() => checkCommandAllowed({ argv: ['rm', '-rf', '/tmp/x'], userMessage, registered: [['rm', '-rf', '/tmp/x']] })), 'ok');
    assert.equal(code(() => checkCommandAllowed({ argv: ['sleep', '1'], userMessage: 'time sleep 1 for me', registered: [] })), 'ok');
    // A prefix of what the user typed is not the same command.
    assert.match(code(() => checkCommandAllowed({ argv: ['python3', 'train.py'], userMessage, registered: [] })), /^forbidden/);
  });
});
