import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandConfirmations, CONFIRMATION_TTL_MS, isConfirmation } from '../../../tools/common/command-confirmations.ts';
import { parseCommandLine } from '../../../tools/common/command-line.ts';
import { checkCommandPermission } from '../../../tools/common/command-permission.ts';
import { destructiveReason } from '../../../tools/common/destructive-command.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { typedCommands } from '../../../tools/common/typed-commands.ts';
import { gateFor } from '../../support/command-gate.ts';

const argvs = (message: string) => typedCommands(message).map((t) => (t.parsed.ok ? t.parsed.argv : `refused: ${t.parsed.reason}`));

/** 'ok', or the refusal's rule and message. */
function verdict(argv: string[], gate: ReturnType<typeof gateFor>, registered: string[][] = []): string {
  try {
    checkCommandPermission(argv, gate, { registered, parameter: 'command' });
    return 'ok';
  } catch (error) {
    assert.ok(ToolError.isInstance(error));
    assert.equal(error.code, 'forbidden');
    return `${String(error.details.rule)}: ${error.message}`;
  }
}

describe('typed commands: only code spans after a run verb, parsed like a shell', () => {
  test('questions and plain words never count', () => {
    assert.deepEqual(argvs('why would `rm -f X` fail?'), []);
    assert.deepEqual(argvs('why would rm -f X fail?'), []);
    assert.deepEqual(argvs('I use bash every day. Is `bash` fast?'), []);
  });

  test('spans after benchmark/run/time/compare, and lines of a code block after one', () => {
    assert.deepEqual(argvs('benchmark `sleep 0.1` please'), [['sleep', '0.1']]);
    assert.deepEqual(argvs('compare `python3 a.py` and `python3 b.py --fast`'), [['python3', 'a.py'], ['python3', 'b.py', '--fast']]);
    assert.deepEqual(argvs('`ls` is boring. Now time `sleep 1`.'), [['sleep', '1']]);
    assert.deepEqual(argvs('please time these:\n```sh\n$ ls -la\necho "a b"\n```'), [['ls', '-la'], ['echo', 'a b']]);
    assert.deepEqual(argvs('here is a block\n```\nrm -rf /\n```'), [], 'a code block without a run verb before it');
    assert.deepEqual(argvs('how fast is `node -e "console.log(1)"`?'), [['node', '-e', 'console.log(1)']]);
    // A command line in double quotes counts as typed when it looks like one and a run verb asks for it.
    assert.deepEqual(argvs('benchmark "sleep 0.1" 20 times'), [['sleep', '0.1']]);
    assert.deepEqual(argvs('time \u201cpython3 train.py --fast\u201d'), [['python3', 'train.py', '--fast']]);
    assert.deepEqual(argvs('compare "./a.sh" and "node b.mjs"'), [['./a.sh'], ['node', 'b.mjs']]);
    assert.deepEqual(argvs('run it in "fast mode" please'), [], 'quoted prose is no command');
    assert.deepEqual(argvs('why does "python3 x.py" fail?'), [], 'a quoted command without a run verb is not asked for');
    assert.deepEqual(argvs('time `bash -c "sleep 1"`'), [['bash', '-c', 'sleep 1']], 'quotes inside code stay that code\'s');
    // Single quotes too, and any program right after a run verb; never an apostrophe, never a lone quoted word.
    assert.deepEqual(argvs("run 'sleep 0.2' ten times"), [['sleep', '0.2']]);
    assert.deepEqual(argvs('time "jq . big.json" 5 times'), [['jq', '.', 'big.json']]);
    assert.deepEqual(argvs("it's the users' fault, benchmark it"), [], 'apostrophes are no quotes');
    assert.deepEqual(argvs('time "Fast Mode" please'), [], 'quoted prose after a run verb is no command');
  });

  test('shell syntax is not a plain argv; quoted text stays literal', () => {
    assert.match(String(argvs('benchmark `x;touch y`')[0]), /^refused: .*";"/);
    assert.match(String(argvs('benchmark `echo $(touch y)`')[0]), /^refused: /);
    assert.match(String(argvs('run `echo $HOME`')[0]), /^refused: .*variable/);
    assert.match(String(argvs('run `ls *.txt`')[0]), /^refused: .*glob/);
    assert.match(String(argvs('run `a && b`')[0]), /^refused: .*&&/);
    assert.deepEqual(argvs("benchmark `echo '$(touch y)' \"x;touch y\"`"), [['echo', '$(touch y)', 'x;touch y']]);
    assert.deepEqual(parseCommandLine(`node -e "console.log('a b')" x\\ y`), { ok: true, argv: ['node', '-e', "console.log('a b')", 'x y'] });
  });
});

describe('command permission', () => {
  test('the exact argv the user typed runs; a prefix, a variant or words from a question do not', () => {
    const gate = gateFor('benchmark `python3 train.py --epochs 2`');
    assert.equal(verdict(['python3', 'train.py', '--epochs', '2'], gate), 'ok');
    assert.match(verdict(['python3', 'train.py'], gate), /^typed-exactly: .*backticks/);
    assert.match(verdict(['python3', 'train.py', '--epochs', '3'], gate), /^typed-exactly/);
    assert.match(verdict(['rm', '-f', 'X'], gateFor('why would rm -f X fail?')), /^typed-exactly/);
    assert.match(verdict(['bash', '-c', 'touch y'], gateFor('in bash, how fast is `echo hi`?')), /^typed-exactly/);
  });

  test('shell syntax in the typed command is refused with the reason; a single-quoted $(…) never becomes a substitution', () => {
    assert.match(verdict(['x;touch', 'y'], gateFor('benchmark `x;touch y`')), /^plain-argv: .*shell syntax/);
    // The argv runs without a shell: the quoted text is one literal argument, so echo prints it.
    assert.equal(verdict(['echo', '$(touch y)'], gateFor("benchmark `echo '$(touch y)'`")), 'ok');
    assert.match(verdict(['sh', '-c', 'echo $(touch y)'], gateFor("benchmark `echo '$(touch y)'`")), /^typed-exactly/);
  });

  test('a shell runs only when typed literally as sh -c, with shells enabled, and after a confirmation', () => {
    const text = "benchmark `sh -c 'sleep 0.01; echo hi'`";
    const argv = ['sh', '-c', 'sleep 0.01; echo hi'];
    assert.match(verdict(argv, gateFor(text)), /^shell-disabled: .*TUNECHAT_ALLOW_SHELL=1/);
    const enabled = gateFor(text, { allowShell: true });
    assert.match(verdict(argv, enabled), /^confirm-destructive: .*shell script/);
    assert.deepEqual(enabled.requested, [argv]);
    assert.equal(verdict(argv, gateFor('yes', { allowShell: true, confirmed: [argv] })), 'ok');
    assert.match(verdict(['env', 'bash', '-c', 'id'], gateFor('run `env bash -c id`')), /^shell-disabled/);
  });

  test('destructive-looking commands need a confirmation in the next message, for exactly that argv', () => {
    const gate = gateFor('benchmark `rm -rf build/tmp`');
    assert.match(verdict(['rm', '-rf', 'build/tmp'], gate), /^confirm-destructive: `rm -rf build\/tmp` looks destructive \(rm deletes or truncates files\)\. Nothing ran\. .*"yes".*\["rm","-rf","build\/tmp"\]/);
    assert.deepEqual(gate.requested, [['rm', '-rf', 'build/tmp']]);
    assert.equal(verdict(['rm', '-rf', 'build/tmp'], gateFor('yes', { confirmed: [['rm', '-rf', 'build/tmp']] })), 'ok');
    assert.match(verdict(['rm', '-rf', 'build'], gateFor('yes', { confirmed: [['rm', '-rf', 'build/tmp']] })), /^typed-exactly/);
  });

  test('Slack members and replays run registered targets only; a placeholder cannot be the program', () => {
    const slack = gateFor('benchmark `sleep 0.1`', { requester: { source: 'slack', client: 'slack:T:U', commands: false } });
    assert.match(verdict(['sleep', '0.1'], slack), /^operator-only: .*SLACK_ALLOW_TYPED_COMMANDS=1/);
    const quoted = gateFor('benchmark "sleep 0.1"', { requester: { source: 'slack', client: 'slack:T:U', commands: false } });
    assert.match(verdict(['sleep', '0.1'], quoted), /^operator-only: /, 'a quoted command is no more allowed than a backticked one');
    assert.equal(verdict(['sleep', '0.1'], gateFor('benchmark "sleep 0.1"')), 'ok');
    assert.equal(verdict(['python3', 'score.py'], slack, [['python3', 'score.py']]), 'ok');
    assert.match(verdict(['{prog}', 'x'], gateFor('benchmark `{prog} x`')), /^program-literal/);
    assert.equal(verdict(['sleep', '{t}'], gateFor('benchmark `sleep {t}`')), 'ok');
  });
});

describe('destructive commands', () => {
  test('deleting, disks, system, other users, shells and writes outside the working directory', () => {
    const cwd = '/work/project';
    const cases: [string[], RegExp | null][] = [
      [['rm', '-f', 'x'], /rm deletes/],
      [['/bin/rm', 'x'], /rm deletes/],
      [['dd', 'if=/dev/zero', 'of=/dev/sda'], /dd writes to disks/],
      [['mkfs.ext4', '/dev/sdb1'], /writes to disks/],
      [['shutdown', '-h', 'now'], /stops or reconfigures/],
      [['sudo', 'ls'], /runs as another user/],
      [['env', 'FOO=1', 'rm', 'x'], /rm deletes/],
      [['timeout', '5', 'rm', 'x'], /rm deletes/],
      [['nice', '-n', '5', 'dd'], /dd writes/],
      [['find', '.', '-name', '*.tmp', '-delete'], /find deletes/],
      [['git', 'clean', '-fdx'], /discards work/],
      [['sed', '-i', 's/a/b/', 'f'], /edits files in place/],
      [['cp', 'a', '/etc/passwd'], /writes to \/etc\/passwd, outside the working directory/],
      [['touch', '../x'], /outside the working directory/],
      [['tee', '~/.bashrc'], /outside/],
      [['cp', 'a', 'b'], null],
      [['touch', '/work/project/out.txt'], null],
      [['python3', 'train.py', '--out', '/tmp/x'], null],
      [['sleep', '0.1'], null],
      [['sh', '-c', 'echo hi'], /shell script/],
    ];
    for (const [argv, expected] of cases) {
      const reason = destructiveReason(argv, { cwd });
      if (expected) assert.match(String(reason), expected, argv.join(' '));
      else assert.equal(reason, null, argv.join(' '));
    }
  });
});

describe('command confirmations', () => {
  test('a plain yes in the next message confirms exactly the asked argvs; anything else drops them', () => {
    let now = 1_000;
    const confirmations = new CommandConfirmations(() => now);
    confirmations.request('s1', ['rm', '-rf', 'x']);
    assert.deepEqual(confirmations.take('s2', 'yes'), [], 'another session');
    assert.deepEqual(confirmations.take('s1', 'yes'), [['rm', '-rf', 'x']]);
    assert.deepEqual(confirmations.take('s1', 'yes'), [], 'used once');
    confirmations.request('s1', ['rm', '-rf', 'x']);
    assert.deepEqual(confirmations.take('s1', 'what does it delete?'), []);
    assert.deepEqual(confirmations.take('s1', 'yes'), [], 'a different reply closed the request');
    confirmations.request('s1', ['rm', '-rf', 'x']);
    now += CONFIRMATION_TTL_MS + 1;
    assert.deepEqual(confirmations.take('s1', 'yes'), [], 'expired');
    for (const yes of ['yes', 'Y', 'ok, go ahead', 'confirm', 'yes, run it']) assert.ok(isConfirmation(yes), yes);
    for (const no of ['no', "yes... no, don't", 'ok wait', 'sure, but first tell me what it does in detail please, since I am not sure']) assert.ok(!isConfirmation(no), no);
  });
});
