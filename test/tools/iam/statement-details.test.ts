import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denialDetails, nearMisses, withConditions } from '../../../tools/iam/statement-details.ts';
import type { PolicySource } from '../../../tools/iam/types.ts';

const SOURCES: PolicySource[] = [
  {
    policy: 'tuners',
    version: 'v3',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Studies', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } },
        { Sid: 'MaxTrials', Effect: 'Deny', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericGreaterThan: { 'optimizer:Trials': 200 } } },
        { Sid: 'Charts', Effect: 'Allow', Action: 'charts:Render', Resource: '*' },
        { Sid: 'OtherTarget', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/branin', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 50 } } },
      ],
    },
  },
  { policy: 'single', version: 'v1', document: { Version: '2012-10-17', Statement: { Sid: 'Only', Effect: 'Deny', Action: 'bench:*', Resource: '*', Condition: { Bool: { 'bench:HostAllowed': 'false' } } } } },
];

test('withConditions reads each matched statement\'s condition from its policy version and position (a single Statement object too)', () => {
  const detailed = withConditions(SOURCES, [
    { policy: 'tuners', version: 'v3', sid: 'MaxTrials', index: 1, effect: 'Deny' },
    { policy: 'single', version: 'v1', sid: 'Only', index: 0, effect: 'Deny' },
    { policy: 'tuners', version: 'v3', sid: 'Charts', index: 2, effect: 'Allow' },
    { policy: 'gone', version: 'v9', sid: null, index: 0, effect: 'Deny' },
  ]);
  assert.deepEqual(detailed.map((s) => s.condition), [{ NumericGreaterThan: { 'optimizer:Trials': 200 } }, { Bool: { 'bench:HostAllowed': 'false' } }, null, null]);
});

test('nearMisses: the conditional Allows whose action and resource match the request, not the others', () => {
  const request = { action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 150, 'optimizer:Parallel': 8 } };
  assert.deepEqual(nearMisses(SOURCES, request).map((s) => [s.policy, s.sid, s.index]), [['tuners', 'Studies', 0]]);
  assert.deepEqual(nearMisses(SOURCES, { ...request, resource: 'tunechat:target/sphere' }), []);
});

test('denialDetails: conditions for an explicit deny, near misses only for an implicit one', () => {
  const request = { action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': 500 } };
  const explicit = denialDetails(SOURCES, request, { decision: 'explicitDeny', matched: [{ policy: 'tuners', version: 'v3', sid: 'MaxTrials', index: 1, effect: 'Deny' }] });
  assert.deepEqual(explicit.matched[0]!.condition, { NumericGreaterThan: { 'optimizer:Trials': 200 } });
  assert.deepEqual(explicit.near_misses, []);
  const implicit = denialDetails(SOURCES, request, { decision: 'implicitDeny', matched: [] });
  assert.deepEqual(implicit.near_misses.map((s) => s.sid), ['Studies']);
});
