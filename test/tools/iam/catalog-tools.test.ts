import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolError } from '../../../tools/common/errors.ts';
import { TOOL_ACTIONS, toolAuthorization, toolAuthorizations, type ToolAuthEnv } from '../../../tools/iam/catalog.ts';
import { createToolAuthEnv, hostAllowedBy } from '../../../tools/iam/catalog-env.ts';
import type { CallAuthorization } from '../../../tools/iam/types.ts';

/** A session whose latest study is st_latest (xgboost, 100 trials, 2 in parallel), with python3 train.py registered. */
const env: ToolAuthEnv = {
  sessionId: 'sess-1',
  latestStudyId: (session) => (session === 'sess-1' ? 'st_latest' : null),
  isRegisteredCommand: (argv) => argv.join(' ') === 'python3 train.py',
  hostAllowed: hostAllowedBy(['10.0.0.0/8', 'api.internal']),
  slackTypedCommandsAllowed: false,
  study: (id) => (id === 'st_latest' || id === 'st_7' ? { target: 'xgboost', trials: 100, parallel: 2 } : null),
  controller: (_session, id, purpose) => (id === null && purpose === 'read' ? { id: 'c-3', target: 'example-service' } : id === null ? null : { id, target: 'example-service' }),
  controlUrls: (target, parameter) => (target === 'example-service' && parameter === 'workers' ? ['http://127.0.0.1:8090/control', 'http://127.0.0.1:8090/metrics'] : []),
};

const cases: { tool: string; args: unknown; expect: CallAuthorization }[] = [
  {
    tool: 'start_study',
    args: { target: 'xgboost', trials: 500, parallel: 4, sampler: 'tpe', objectives: [{ metric: 'accuracy', direction: 'maximize' }] },
    expect: {
      action: 'optimizer:StartStudy',
      resource: 'tunechat:target/xgboost',
      context: { 'optimizer:Target': 'xgboost', 'optimizer:Trials': 500, 'optimizer:Parallel': 4, 'optimizer:Sampler': 'tpe', 'optimizer:Pruner': 'none', 'optimizer:Objectives': ['accuracy'], 'optimizer:Retries': 0 },
    },
  },
  {
    tool: 'start_study',
    args: { target: 'branin', time_limit_s: 60, pruner: 'median' },
    expect: {
      action: 'optimizer:StartStudy',
      resource: 'tunechat:target/branin',
      context: { 'optimizer:Target': 'branin', 'optimizer:Trials': 100, 'optimizer:Parallel': 1, 'optimizer:TimeLimitSeconds': 60, 'optimizer:Sampler': 'auto', 'optimizer:Pruner': 'median', 'optimizer:Retries': 0 },
    },
  },
  {
    tool: 'continue_study',
    args: { trials: 50 },
    expect: { action: 'optimizer:ContinueStudy', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost', 'optimizer:Trials': 50, 'optimizer:TotalTrials': 150, 'optimizer:Parallel': 2 } },
  },
  { tool: 'study_status', args: {}, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'wait_for_study', args: { study_id: 'st_7', timeout_s: 60 }, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_7', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'stop_study', args: { study_id: 'st_unknown' }, expect: { action: 'optimizer:StopStudy', resource: 'tunechat:study/st_unknown', context: {} } },
  { tool: 'best_trials', args: {}, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'param_importance', args: { metric: 'latency_p99_ms' }, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'pareto_front', args: { study_id: 'st_7' }, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_7', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'best_history', args: {}, expect: { action: 'optimizer:ReadStudy', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost' } } },
  { tool: 'chart_study', args: { chart: 'pareto' }, expect: { action: 'charts:Render', resource: 'tunechat:study/st_latest', context: { 'optimizer:Target': 'xgboost', 'charts:Kind': 'pareto' } } },
  {
    tool: 'bench_http',
    args: { url: 'http://10.0.0.5:8080/predict', duration_s: 60, connections: 32, rate: 500, method: 'post' },
    expect: {
      action: 'bench:RunHttp',
      resource: 'tunechat:host/10.0.0.5:8080',
      context: { 'bench:TargetHost': '10.0.0.5', 'bench:TargetPort': 8080, 'bench:TargetIp': '10.0.0.5', 'bench:HostAllowed': true, 'bench:DurationSeconds': 60, 'bench:Connections': 32, 'bench:Rate': 500, 'bench:Method': 'POST' },
    },
  },
  {
    tool: 'bench_http',
    args: { url: 'https://Example.COM./' },
    expect: {
      action: 'bench:RunHttp',
      resource: 'tunechat:host/example.com:443',
      context: { 'bench:TargetHost': 'example.com', 'bench:TargetPort': 443, 'bench:HostAllowed': false, 'bench:DurationSeconds': 10, 'bench:Connections': 10, 'bench:Method': 'GET' },
    },
  },
  {
    tool: 'bench_http',
    args: { url: 'http://localhost:3000/' },
    expect: {
      action: 'bench:RunHttp',
      resource: 'tunechat:host/localhost:3000',
      context: { 'bench:TargetHost': 'localhost', 'bench:TargetPort': 3000, 'bench:TargetIp': '127.0.0.1', 'bench:HostAllowed': true, 'bench:DurationSeconds': 10, 'bench:Connections': 10, 'bench:Method': 'GET' },
    },
  },
  {
    tool: 'bench_http',
    args: { url: 'http://[::ffff:10.1.2.3]:81/', requests: 1000 },
    expect: {
      action: 'bench:RunHttp',
      resource: 'tunechat:host/[::ffff:a01:203]:81',
      context: { 'bench:TargetHost': '::ffff:a01:203', 'bench:TargetPort': 81, 'bench:TargetIp': '10.1.2.3', 'bench:HostAllowed': true, 'bench:DurationSeconds': 10, 'bench:Connections': 10, 'bench:Requests': 1000, 'bench:Method': 'GET' },
    },
  },
  {
    tool: 'bench_llm',
    args: { base_url: 'http://127.0.0.1:8000/v1', model: 'llama', requests: 200 },
    expect: {
      action: 'bench:RunLlm',
      resource: 'tunechat:host/127.0.0.1:8000',
      context: { 'bench:TargetHost': '127.0.0.1', 'bench:TargetPort': 8000, 'bench:TargetIp': '127.0.0.1', 'bench:HostAllowed': true, 'bench:Connections': 4, 'bench:Requests': 200, 'bench:Model': 'llama' },
    },
  },
  {
    tool: 'bench_llm',
    args: { base_url: 'http://api.internal/v1', rate: 5 },
    expect: {
      action: 'bench:RunLlm',
      resource: 'tunechat:host/api.internal:80',
      context: { 'bench:TargetHost': 'api.internal', 'bench:TargetPort': 80, 'bench:HostAllowed': true, 'bench:Rate': 5, 'bench:Requests': 50 },
    },
  },
  {
    tool: 'bench_command',
    args: { command: ['python3', 'train.py'], runs: 20 },
    expect: {
      action: 'bench:RunCommand',
      resource: 'tunechat:command/python3',
      context: { 'bench:CommandOrigin': 'registered', 'bench:CommandPath': 'python3', 'bench:CommandLine': 'python3 train.py', 'bench:Shell': false, 'bench:Wrapped': false, 'bench:Runs': 20, 'bench:Warmup': 3, 'bench:Commands': 1, 'tunechat:SlackTypedCommandsAllowed': false },
    },
  },
  {
    tool: 'register_target',
    args: { name: 'scorer', kind: 'command', command: ['/usr/bin/python3', 'score.py'], metrics: [{ name: 'accuracy' }] },
    expect: {
      action: 'targets:Register',
      resource: 'tunechat:target/scorer',
      context: { 'targets:Kind': 'command', 'bench:CommandOrigin': 'typed', 'bench:CommandPath': '/usr/bin/python3', 'bench:CommandLine': '/usr/bin/python3 score.py', 'bench:Shell': false, 'bench:Wrapped': false, 'tunechat:SlackTypedCommandsAllowed': false },
    },
  },
  {
    tool: 'register_target',
    args: { name: 'remote', kind: 'http', url: 'http://10.2.0.9:9000/eval', metrics: [{ name: 'loss' }] },
    expect: {
      action: 'targets:Register',
      resource: 'tunechat:target/remote',
      context: { 'targets:Kind': 'http', 'bench:TargetHost': '10.2.0.9', 'bench:TargetPort': 9000, 'bench:TargetIp': '10.2.0.9', 'bench:HostAllowed': true },
    },
  },
  { tool: 'list_targets', args: {}, expect: { action: 'targets:List', resource: '*', context: {} } },
  {
    tool: 'add_rule',
    args: { rule: JSON.stringify({ rule_id: 'slow-p99', condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'prune_trial', params: { trial: '$t.id' } }), study_id: 'st_7' },
    expect: { action: 'rules:AddRule', resource: 'tunechat:rule/slow-p99', context: { 'rules:Action': ['prune_trial'], 'rules:Study': 'st_7' } },
  },
  {
    tool: 'add_rule',
    args: { rule: { condition: { field: 'x', operator: '>', value: 1 }, actions: [{ action: 'trigger_alert' }, { action: 'stop_study' }, { action: 'trigger_alert' }] } },
    expect: { action: 'rules:AddRule', resource: 'tunechat:rule/(new)', context: { 'rules:Action': ['trigger_alert', 'stop_study'] } },
  },
  { tool: 'list_rules', args: {}, expect: { action: 'rules:ReadRules', resource: '*', context: {} } },
  { tool: 'remove_rule', args: { rule_id: 'slow-p99' }, expect: { action: 'rules:RemoveRule', resource: 'tunechat:rule/slow-p99', context: {} } },
  { tool: 'test_rule', args: { rule: { action: { action: 'log' } }, facts: [] }, expect: { action: 'rules:TestRule', resource: '*', context: { 'rules:Action': ['log'] } } },
  { tool: 'explain_rule', args: { rule_id: 'slow-p99' }, expect: { action: 'rules:ReadRules', resource: 'tunechat:rule/slow-p99', context: {} } },
  {
    tool: 'start_controller',
    args: { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers', bounds: { min: 2, max: 16 } },
    expect: {
      action: 'control:Start',
      resource: 'tunechat:target/example-service',
      context: {
        'control:Target': 'example-service', 'control:Parameter': 'workers', 'control:Policy': 'auto', 'control:Metric': 'latency_p99_ms', 'control:MaxBound': 16, 'control:MinBound': 2, 'control:PeriodSeconds': 1, 'control:DryRun': false,
        'bench:TargetHost': '127.0.0.1', 'bench:TargetPort': 8090, 'bench:TargetIp': '127.0.0.1', 'bench:HostAllowed': true,
      },
    },
  },
  { tool: 'controller_status', args: {}, expect: { action: 'control:Read', resource: 'tunechat:controller/c-3', context: { 'control:Target': 'example-service' } } },
  { tool: 'stop_controller', args: {}, expect: { action: 'control:Stop', resource: 'tunechat:controller/(none)', context: {} } },
  { tool: 'stop_controller', args: { controller_id: 'c-1' }, expect: { action: 'control:Stop', resource: 'tunechat:controller/c-1', context: { 'control:Target': 'example-service' } } },
  { tool: 'list_sessions', args: { limit: 5 }, expect: { action: 'sessions:List', resource: '*', context: {} } },
  { tool: 'replay_session', args: { session_id: 'abc' }, expect: { action: 'sessions:Read', resource: 'tunechat:session/abc', context: {} } },
  { tool: 'simulate_policy', args: { user: 'alice', tool: 'bench_http', args: {} }, expect: { action: 'policies:Simulate', resource: 'tunechat:user/alice', context: {} } },
  { tool: 'audit_query', args: { principal: 'bob', decision: 'deny' }, expect: { action: 'audit:Read', resource: 'tunechat:user/bob', context: { 'audit:Principal': 'tunechat:user/bob' } } },
  { tool: 'audit_query', args: { principal: 'everyone' }, expect: { action: 'audit:Read', resource: '*', context: {} } },
];

describe('toolAuthorization: the decision input from the real arguments', () => {
  test('every tool is covered by a realistic case', () => {
    const covered = new Set(cases.map((c) => c.tool));
    assert.deepEqual(Object.keys(TOOL_ACTIONS).filter((t) => !covered.has(t)), []);
  });

  for (const { tool, args, expect } of cases) {
    test(`${tool} ${JSON.stringify(args).slice(0, 90)}`, () => {
      assert.deepEqual(toolAuthorization(tool, args, env), expect);
    });
  }

  test('bench_command is one decision per command, a typed one beside a registered one', () => {
    const calls = toolAuthorizations('bench_command', { command: ['python3', 'train.py'], commands: [['sh', '-c', 'rm -rf /tmp/x'], [42]] }, env);
    assert.deepEqual(calls.map((c) => [c.resource, c.context['bench:CommandOrigin'], c.context['bench:Shell'] ?? null]), [
      ['tunechat:command/python3', 'registered', false],
      ['tunechat:command/sh', 'typed', true],
      ['tunechat:command/(invalid)', 'typed', null],
    ]);
    assert.ok(calls.every((c) => c.context['bench:Commands'] === 3));
  });

  test('every command is decided however many there are (identical ones once), whatever the argv length', () => {
    const many = Array.from({ length: 100 }, (_, i) => ['echo', String(i)]);
    many.push(['rm', '-rf', 'x'], ['echo', '0']);
    const calls = toolAuthorizations('bench_command', { command: ['echo', '0'], commands: many }, env);
    assert.equal(calls.length, 101);
    assert.equal(calls.at(-1)!.resource, 'tunechat:command/rm');
    const long = ['rm', ...Array.from({ length: 5000 }, (_, i) => `f${i}`)];
    const call = toolAuthorization('bench_command', { command: long }, env);
    assert.equal(call.resource, 'tunechat:command/rm');
    assert.ok(String(call.context['bench:CommandLine']).endsWith('…'));
    assert.equal(toolAuthorization('bench_command', { command: ['rm', 42] }, env).resource, 'tunechat:command/rm', 'the program is named even when the argv is malformed');
  });

  test('a wrapper is the resource; bench:Wrapped and a guess of the program it runs let a policy see behind it', () => {
    const table: [string[], string, string | undefined][] = [
      [['nice', '-n', '19', 'python3', 'train.py'], 'tunechat:command/nice', 'python3'],
      [['env', 'A=1', 'timeout', '5s', '/bin/rm', '-rf', 'x'], 'tunechat:command/env', 'rm'],
      [['/usr/bin/timeout', '10', 'sleep', '1'], 'tunechat:command/timeout', 'sleep'],
      [['python3', 'nice.py'], 'tunechat:command/python3', undefined],
      [['env'], 'tunechat:command/env', undefined],
    ];
    for (const [argv, resource, program] of table) {
      const call = toolAuthorization('bench_command', { command: argv }, env);
      assert.equal(call.resource, resource, argv.join(' '));
      assert.equal(call.context['bench:Wrapped'], resource !== 'tunechat:command/python3', argv.join(' '));
      assert.equal(call.context['bench:WrappedProgram'], program, argv.join(' '));
    }
  });

  test('the caller is the default principal of audit_query and simulate_policy', () => {
    const self = { ...env, self: 'tunechat:user/alice' };
    assert.equal(toolAuthorization('audit_query', {}, self).resource, 'tunechat:user/alice');
    assert.equal(toolAuthorization('audit_query', { principal: 'me' }, self).resource, 'tunechat:user/alice');
    assert.equal(toolAuthorization('simulate_policy', { action: 'bench:RunHttp' }, self).resource, 'tunechat:user/alice');
    assert.equal(toolAuthorization('audit_query', { principal: 'operator' }, self).resource, 'tunechat:operator');
  });

  test('malformed arguments still give a decision input; a wrong type is left out, never defaulted', () => {
    for (const tool of Object.keys(TOOL_ACTIONS)) {
      for (const args of [undefined, null, 42, 'text', [], { study_id: 7, url: {}, command: 'ls', rule: '{not json', target: ['x'] }]) {
        const calls = toolAuthorizations(tool, args, env);
        assert.ok(calls.length >= 1, tool);
        for (const call of calls) assert.equal(call.action, TOOL_ACTIONS[tool]);
      }
    }
    const study = toolAuthorization('start_study', { target: 'xgboost', trials: '5000', parallel: 64 }, env);
    assert.equal(study.context['optimizer:Trials'], undefined, 'a string "5000" is not read as the default 100');
    assert.equal(study.context['optimizer:Parallel'], 64);
    const http = toolAuthorization('bench_http', { url: 'not a url', duration_s: -1 }, env);
    assert.equal(http.resource, 'tunechat:host/(invalid)');
    assert.equal(http.context['bench:HostAllowed'], undefined, 'the tool reports the bad URL itself');
    assert.equal(toolAuthorization('bench_http', { url: 'ftp://10.0.0.5/' }, env).context['bench:HostAllowed'], undefined);
    assert.equal(toolAuthorization('study_status', {}, { ...env, latestStudyId: () => null }).resource, 'tunechat:study/(none)');
    assert.equal(toolAuthorization('register_target', { name: 'a'.repeat(10_000), kind: 'builtin' }, env).resource.length, 'tunechat:target/'.length + 512);
  });

  test('lookups that throw do not throw out of the catalog', () => {
    const broken: ToolAuthEnv = {
      ...env,
      isRegisteredCommand: () => { throw new Error('db gone'); },
      hostAllowed: () => { throw new Error('bad list'); },
      controller: () => { throw new Error('no store'); },
      controlUrls: () => { throw new Error('no registry'); },
    };
    assert.equal(toolAuthorization('bench_command', { command: ['python3', 'train.py'] }, broken).context['bench:CommandOrigin'], 'typed');
    assert.equal(toolAuthorization('bench_http', { url: 'http://127.0.0.1/' }, broken).context['bench:HostAllowed'], false);
    assert.equal(toolAuthorization('stop_controller', { controller_id: 'c-9' }, broken).resource, 'tunechat:controller/c-9');
    assert.equal(toolAuthorization('start_controller', { target: 'example-service', parameter: 'workers' }, broken).context['bench:TargetHost'], undefined);
  });

  test('a tool without a catalog entry is an internal error (it must never run)', () => {
    for (const name of ['mystery_tool', 'constructor', '__proto__', 'toString']) {
      assert.throws(() => toolAuthorization(name, {}, env), (error: unknown) => ToolError.isInstance(error) && error.code === 'internal' && error.message.includes('catalog'));
    }
  });

  test('hostAllowedBy mirrors the host policy before DNS: loopback, allowed addresses and names, nothing else', () => {
    const allowed = hostAllowedBy(['10.0.0.0/8', 'api.internal', '*.corp.example']);
    const table: [string, boolean][] = [
      ['127.0.0.1', true], ['127.9.9.9', true], ['::1', true], ['::ffff:7f00:1', true], ['localhost', true], ['app.localhost', true],
      ['10.0.0.5', true], ['api.internal', true], ['x.corp.example', true],
      ['11.0.0.1', false], ['example.com', false], ['127.0.0.1.nip.io', false], ['corp.example', false], ['::2', false],
    ];
    for (const [host, expected] of table) assert.equal(allowed(host), expected, host);
  });

  test('createToolAuthEnv reads the services: latest study, its budget, registered commands, controller URLs', () => {
    const record = { id: 'st_1', spec: { targetName: 'xgboost', budget: { trials: 80, parallel: 3 } } };
    const built = createToolAuthEnv({
      sessionId: 'sess-1',
      allowedHosts: [],
      slackTypedCommandsAllowed: true,
      studies: { latestForSession: (s) => (s === 'sess-1' ? (record as never) : null), get: (id) => (id === 'st_1' ? (record as never) : null) },
      targets: {
        snapshot: () => [
          { name: 'trainer', spec: { kind: 'command', command: ['python3', 'train.py'] } },
          {
            name: 'svc', spec: { kind: 'service' },
            control: { metrics: { type: 'prometheus', url: 'http://127.0.0.1:9/metrics', signals: {} }, parameters: { workers: { min: 1, max: 8, actuator: { type: 'http', url: 'http://10.0.0.9:8080/control' } } } },
          },
        ],
      },
    });
    assert.deepEqual(toolAuthorization('continue_study', { trials: 20 }, built), {
      action: 'optimizer:ContinueStudy', resource: 'tunechat:study/st_1', context: { 'optimizer:Target': 'xgboost', 'optimizer:Trials': 20, 'optimizer:TotalTrials': 100, 'optimizer:Parallel': 3 },
    });
    assert.equal(toolAuthorization('bench_command', { command: ['python3', 'train.py'] }, built).context['bench:CommandOrigin'], 'registered');
    assert.equal(toolAuthorization('bench_command', { command: ['python3', 'train.py', '-x'] }, built).context['bench:CommandOrigin'], 'typed');
    const control = toolAuthorization('start_controller', { target: 'svc', parameter: 'workers' }, built).context;
    assert.equal(control['bench:TargetHost'], '10.0.0.9');
    assert.equal(control['bench:HostAllowed'], false, 'the actuator host is outside the allow-list');
  });
});
