import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContext, parseLimit, parseSince, versionArg } from '../../cli/iam-args.ts';
import { table } from '../../cli/iam-io.ts';
import { formatFindings, formatMatched } from '../../cli/iam-format.ts';

test('parseContext: strings by default, typed by --context-type (keys case-insensitive), repeated keys become sets', () => {
  const context = parseContext(
    ['optimizer:Trials=200', 'tunechat:Groups=a', 'tunechat:Groups=b', 'bench:HostAllowed=true', 'tunechat:SourceIp=10.0.0.5', 'tunechat:CurrentTime=2026-01-01T00:00:00Z'],
    ['OPTIMIZER:trials=Numeric', 'bench:HostAllowed=bool', 'tunechat:CurrentTime=Date'],
  );
  assert.deepEqual(context, {
    'optimizer:Trials': 200,
    'tunechat:Groups': ['a', 'b'],
    'bench:HostAllowed': true,
    'tunechat:SourceIp': '10.0.0.5',
    'tunechat:CurrentTime': '2026-01-01T00:00:00Z',
  });
  assert.deepEqual(parseContext(['a:B=x=y'], []), { 'a:B': 'x=y' });
  // Keys the catalog declares take its type without --context-type; --context-type still overrides.
  assert.deepEqual(parseContext(['optimizer:Trials=500', 'bench:HostAllowed=false', 'bench:TargetHost=10.0.0.5'], []), {
    'optimizer:Trials': 500,
    'bench:HostAllowed': false,
    'bench:TargetHost': '10.0.0.5',
  });
  assert.deepEqual(parseContext(['optimizer:Trials=500'], ['optimizer:Trials=String']), { 'optimizer:Trials': '500' });
});

test('parseContext: bad entries are usage errors naming the flag and the value', () => {
  assert.throws(() => parseContext(['novalue'], []), /--context: must be KEY=VALUE, got "novalue"/);
  assert.throws(() => parseContext(['a:B=1'], ['a:B=Float']), /--context-type: type of "a:B" must be one of String, Numeric, Bool, Date, IpAddress, got "Float"/);
  assert.throws(() => parseContext(['a:B=x'], ['a:B=Numeric']), /--context a:B: is Numeric, got "x"/);
  assert.throws(() => parseContext(['a:B='], ['a:B=Numeric']), /is Numeric, got ""/);
  assert.throws(() => parseContext(['a:B=yes'], ['a:B=Bool']), /is Bool \(true or false\), got "yes"/);
  assert.throws(() => parseContext(['a:B=soon'], ['a:B=Date']), /is a Date/);
  assert.throws(() => parseContext([], ['a:B=Numeric']), /"a:b" has a type but no --context value/);
  assert.throws(() => parseContext(Array.from({ length: 101 }, (_, i) => `k:${i}=1`), []), /at most 100 entries, got 101/);
});

test('parseSince: spans back from now and ISO times; anything else names --since', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  assert.equal(parseSince('30m', now), now - 30 * 60_000);
  assert.equal(parseSince('1h', now), now - 3_600_000);
  assert.equal(parseSince('2d', now), now - 2 * 86_400_000);
  assert.equal(parseSince('45s', now), now - 45_000);
  assert.equal(parseSince('2026-12-01T00:00:00Z', now), Date.parse('2026-12-01T00:00:00Z'));
  assert.equal(parseSince('90 minutes', now), now - 90 * 60_000, 'the same forms as the chat tool');
  assert.throws(() => parseSince('1y', now), /--since: must be a span back from now \("1h", "30m", "2d"\), "today" or an ISO 8601 time, but got "1y"/);
  assert.throws(() => parseSince('12', now), /--since/);
});

test('versionArg and parseLimit', () => {
  assert.equal(versionArg('v12', '<version>'), 'v12');
  assert.throws(() => versionArg('v0', '<version>'), /<version>: must be a version like v1/);
  assert.throws(() => versionArg('2', '--version'), /--version: must be a version/);
  assert.equal(parseLimit(undefined, 50, 1000), 50);
  assert.equal(parseLimit('7', 50, 1000), 7);
  assert.throws(() => parseLimit('1001', 50, 1000), /--limit: must be an integer from 1 to 1000, got "1001"/);
  assert.throws(() => parseLimit('2.5', 50, 1000), /--limit/);
});

test('text forms: findings grouped by type (ERROR first) with paths; matched statements; aligned tables', () => {
  const lines = formatFindings([
    { findingType: 'WARNING', issueCode: 'W1', message: 'w', path: 'Statement[1]' },
    { findingType: 'ERROR', issueCode: 'INVALID_CIDR', message: 'not a CIDR', path: 'Statement[0].Condition.IpAddress.tunechat:SourceIp' },
  ]);
  assert.deepEqual(lines, [
    'ERROR (1)',
    '  INVALID_CIDR at Statement[0].Condition.IpAddress.tunechat:SourceIp: not a CIDR',
    'WARNING (1)',
    '  W1 at Statement[1]: w',
    '1 error, 0 security warnings, 1 warning, 0 suggestions',
  ]);
  assert.deepEqual(formatFindings([]), ['no findings']);
  assert.equal(formatMatched([{ policy: 'p', version: 'v2', sid: 'S', index: 0, effect: 'Allow' }, { policy: 'q', version: 'v1', sid: null, index: 3, effect: 'Allow' }]), 'p v2 S; q v1 #3');
  assert.deepEqual(table(['a', 'bb'], [['long value', 'x'], ['y', 'multi\nline']]), ['a           bb', 'long value  x', 'y           multi line']);
});
