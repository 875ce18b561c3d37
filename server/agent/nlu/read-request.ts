import type { Encoded, Intent, Role, SemanticGraph, SemanticNode } from './types.ts';
import { amountOf, comparisonFor, directionFor, metricRef, negated, QUALITY_WORDS, SIZE_UNITS, SIZE_WORDS, SPEED } from './graph-reading.ts';

export { amountOf } from './graph-reading.ts';

/** A number as the user wrote it: the value and its unit ("%", "ms", "s" for durations in seconds, "rps", …). */
export interface Amount {
  value: number;
  unit?: string;
}

export interface MetricRef {
  /** The metric concept ("p99", "latency", "accuracy") or a literal metric name ("latency_p99_ms"). */
  metric: string;
  /** The words the user wrote, for resolving against the target's metrics. */
  text: string;
  /** The front end read the words as a metric name (a metric node), not just a noun. */
  named?: boolean;
}

export interface Comparison extends MetricRef {
  op: '<' | '<=' | '>' | '>=' | '==';
  amount: Amount;
  /**
   * No comparator word was recognized ("must answer within 15 ms at p99"): `op` is a placeholder and the planner
   * bounds the metric the way it should go (a cap on what is minimized, a floor on what is maximized).
   */
  opInferred?: boolean;
}

/**
 * What the user asked, read from the encoder's intent and node roles: the parsed values of the nodes that hold
 * each role. Nothing here is resolved against the conversation yet (that is the planner's job).
 */
export interface StructuredRequest {
  intent: Intent;
  confidence: number;
  /** The second most likely intent, for a clarifying question when the first is uncertain. */
  alternative: { intent: Intent; confidence: number } | null;
  target?: string;
  objectives: Array<MetricRef & { direction?: 'minimize' | 'maximize' }>;
  constraints: Comparison[];
  tolerance?: Amount;
  trials?: number;
  timeBudgetS?: number;
  parallel?: number;
  sampler?: string;
  pruner?: string;
  seed?: number;
  url?: string;
  method?: string;
  connections?: number;
  durationS?: number;
  rate?: number;
  requests?: number;
  concurrency?: number;
  maxTokens?: number;
  model?: string;
  command?: string;
  runs?: number;
  warmup?: number;
  rule?: Comparison & { action: 'trigger_alert' | 'stop_study' | 'prune_trial' };
  ruleId?: string;
  /** Live control (issue 15): the steered parameter as said ("the worker pool"), its bounds, the policy as said, the loop period in seconds, a dry-run phrase, a controller id. */
  controlParam?: string;
  boundMin?: number;
  boundMax?: number;
  policy?: string;
  periodS?: number;
  dryRun?: boolean;
  controllerId?: string;
  /** Earlier entities the message refers to ("it", "that rule"): context node kinds. */
  references: string[];
  /** Below this role confidence a node's role is not trusted (the planner falls back to the keyword parsers). */
  lowConfidenceRoles: number;
}

const MIN_ROLE_CONFIDENCE = 0.4;
/** Intents that start a study, whose thresholds are constraints (and a controller, whose threshold is its SLO). */
const TUNING_INTENTS: ReadonlySet<Intent> = new Set(['tune', 'switch_objective', 'try_again', 'control_start']);

/** Reads the encoder's output over the graph into a structured request. */
export function readRequest(graph: SemanticGraph, encoded: Encoded, intents: readonly Intent[]): StructuredRequest {
  const ranked = encoded.intentScores.map((p, i) => ({ intent: intents[i]!, confidence: p })).sort((a, b) => b.confidence - a.confidence);
  const request: StructuredRequest = {
    intent: encoded.intent,
    confidence: encoded.confidence,
    alternative: ranked[1] ?? null,
    objectives: [],
    constraints: [],
    references: [],
    lowConfidenceRoles: 0,
  };
  const byRole = new Map<Role, SemanticNode[]>();
  graph.nodes.forEach((node, i) => {
    const guess = encoded.roles[i];
    if (!guess || guess.role === 'none') return;
    if (guess.confidence < MIN_ROLE_CONFIDENCE) {
      request.lowConfidenceRoles += 1;
      return;
    }
    const list = byRole.get(guess.role) ?? [];
    list.push(node);
    byRole.set(guess.role, list);
  });
  remapForIntent(encoded.intent, byRole);
  trustUnits(encoded.intent, byRole);
  lendNumbers(graph, byRole);
  const first = (role: Role) => byRole.get(role)?.[0];
  const all = (role: Role) => byRole.get(role) ?? [];
  const count = (role: Role) => amountOf(all(role).find((n) => typeof n.value === 'number'))?.value;

  // A target the front end recognized ("xgb" → xgboost) stands when the roles gave it to no one and it is the only one.
  const recognized = graph.nodes.filter((n) => n.kind === 'target');
  const target = all('target').find((n) => n.kind === 'target') ?? (recognized.length === 1 && !byRoleHas(byRole, recognized[0]!) ? recognized[0] : undefined);
  if (target && typeof target.value === 'string') request.target = target.value;

  for (const node of all('objective')) {
    const ref = metricRef(node);
    if (!ref || request.objectives.some((o) => o.metric === ref.metric)) continue;
    // "the median response time", "p99 latency" said as two metric words: the percentile is the metric.
    const before = graph.nodes[node.id - 1];
    if (ref.metric === 'latency' && before?.kind === 'metric' && /^p\d\d$/.test(String(before.value)) && all('objective').includes(before)) continue;
    const directionNode = directionFor(graph, node, all('direction'));
    // "I don't care about speed": a negated metric with no direction word between is not an objective.
    if (!directionNode && negated(graph, node)) continue;
    // "better p95", "the best ttft", "improve latency": a word of quality, not of size, leaves the metric's own direction.
    const quality = directionNode && QUALITY_WORDS.test(directionNode.text);
    let direction: 'minimize' | 'maximize' | undefined = !quality && (directionNode?.value === 'maximize' || directionNode?.value === 'minimize') ? directionNode.value : undefined;
    // "not less accurate": the negation turns the direction round.
    if (direction && directionNode && negated(graph, directionNode)) direction = direction === 'minimize' ? 'maximize' : 'minimize';
    // "more quick in p99": "more" makes the speed word a comparative (quicker): lower latency.
    const adjective = directionNode ? graph.nodes[directionNode.id + 1] : undefined;
    if (direction && /^(?:more|less)$/.test(directionNode?.text ?? '') && adjective?.kind === 'metric' && SPEED.test(adjective.text) && /latency|p\d\d|time/.test(ref.metric)) direction = directionNode!.text === 'more' ? 'minimize' : 'maximize';
    request.objectives.push(direction ? { ...ref, direction } : ref);
  }
  // "faster", "snappier", "speed it up": a speed word with no metric of its own asks for lower latency.
  // "both fast and accurate": the front end's speed metric counts even where the encoder gave it no role.
  const speedMetrics = TUNING_INTENTS.has(encoded.intent) ? graph.nodes.filter((n, i) => n.kind === 'metric' && /^(?:fast|quick)$/.test(n.text) && encoded.roles[i]?.role === 'none') : [];
  for (const node of [...all('direction'), ...all('objective'), ...speedMetrics]) {
    const speedWord = node.kind === 'direction' || (node.kind === 'metric' && /^(?:fast|quick)$/.test(node.text));
    if (!speedWord || !SPEED.test(node.text) || negated(graph, node)) continue;
    const next = graph.nodes[node.id + 1];
    if (next?.kind === 'metric') continue;
    if (!request.objectives.some((o) => /latency|p\d\d|batch|time/.test(o.metric))) request.objectives.unshift({ metric: 'latency', text: 'latency', direction: 'minimize' });
  }
  // "shrink the student", "make it smaller": a size word with no metric of its own asks for a smaller model (the
  // planner drops it for a target that reports no size).
  for (const node of all('direction')) {
    // "as small as possible, accuracy must stay …": an "as … as possible" ends its phrase; the metric after it is another's.
    if (!SIZE_WORDS.test(node.text) || negated(graph, node) || (graph.nodes[node.id + 1]?.kind === 'metric' && !/as possible$/.test(node.text))) continue;
    // "shrink the digits model's parameter count": the count of parameters, not the size in bytes.
    const after = graph.nodes.slice(node.id + 1, node.id + 5).map((n) => n.text).join(' ');
    const params = /\b(?:param(?:eter)?s? count|number of (?:param(?:eter)?s|weights)|param(?:eter)?s)\b/.test(after);
    // "shrink trainable parameters": the trainable ones, where the target reports them (else the parameter count).
    const trainable = params && /\btrainable\b/.test(after);
    if (params && !request.objectives.some((o) => /params/.test(o.metric))) request.objectives.unshift(trainable ? { metric: 'trainable', text: 'trainable parameters', direction: 'minimize' } : { metric: 'params', text: 'parameter count', direction: 'minimize' });
    else if (!params && !request.objectives.some((o) => o.metric === 'memory')) request.objectives.unshift({ metric: 'memory', text: 'size', direction: 'minimize' });
  }
  // A threshold is a threshold: an operator or value tagged for a rule still completes a constraint, and back.
  const ops = [...all('constraint_op'), ...all('rule_op')].sort((a, b) => a.id - b.id);
  const values = [...all('constraint_value'), ...all('rule_value')].sort((a, b) => a.id - b.id);
  // A threshold in a tuning request without a rule action ("so p99 stays under 20ms") bounds the study.
  const constraintMetrics = TUNING_INTENTS.has(encoded.intent) && all('rule_action').length === 0 ? [...all('constraint_metric'), ...all('rule_metric')].sort((a, b) => a.id - b.id) : all('constraint_metric');
  // Each comparator and value bounds one metric: the nearest ("p99 stays under 20ms and accuracy goes up" bounds only p99).
  const usedOps = new Set<number>();
  const usedValues = new Set<number>();
  // "something under 50 KB that keeps 97% accuracy": a bound whose unit is a size, when no size metric is named, bounds
  // the size (first, so the accuracy does not take its comparator).
  if (TUNING_INTENTS.has(encoded.intent) && !constraintMetrics.some((m) => m.value === 'memory')) {
    for (const value of values.filter((v) => !usedValues.has(v.id) && SIZE_UNITS.has(String(v.unit)))) {
      const op = ops.filter((o) => !usedOps.has(o.id) && o.id < value.id && value.id - o.id <= 2).at(-1);
      const symbol = typeof op?.value === 'string' && /^(<|<=)$/.test(op.value) ? (op.value as Comparison['op']) : null;
      const amount = amountOf(value);
      if (!amount || (op && !symbol)) continue;
      usedValues.add(value.id);
      if (op) usedOps.add(op.id);
      request.constraints.push({ metric: 'memory', text: 'size', op: symbol ?? '<=', amount, ...(symbol ? {} : { opInferred: true }) });
    }
  }
  for (const node of constraintMetrics) {
    const comparison = comparisonFor(graph, node, ops.filter((o) => !usedOps.has(o.id)), values.filter((v) => !usedValues.has(v.id)), true);
    if (!comparison) continue;
    // "p99 stays low, …, but don't let the error rate creep past 0.5%": the comparator is the nearer metric's.
    const opAt = comparison.opNode;
    if (opAt !== undefined && constraintMetrics.some((m) => m !== node && Math.min(node.id, opAt) < m.id && m.id < Math.max(node.id, opAt))) continue;
    if (comparison.opNode !== undefined) usedOps.add(comparison.opNode);
    if (comparison.valueNode !== undefined) usedValues.add(comparison.valueNode);
    const { opNode: _opNode, valueNode: _valueNode, ...plain } = comparison;
    request.constraints.push(plain);
  }
  // "Accuracy is around 97 percent and I'd rather not drop below 95 percent": a bound left with no metric of its own
  // bounds the metric named last before it.
  if (TUNING_INTENTS.has(encoded.intent) && all('rule_action').length === 0) {
    for (const op of ops.filter((o) => !usedOps.has(o.id) && o.kind === 'comparator')) {
      const value = values.find((v) => !usedValues.has(v.id) && v.id > op.id && v.id - op.id <= 2);
      const metric = graph.nodes.slice(0, op.id).reverse().find((n) => n.kind === 'metric');
      if (!value || !metric || request.constraints.some((c) => c.metric === metricRef(metric)?.metric)) continue;
      // Not a size ("bigger than 2 MB" bounds the size), nor a metric asked to move ("faster at p99").
      if (SIZE_UNITS.has(String(value.unit)) || graph.nodes.slice(Math.max(0, metric.id - 2), metric.id).some((n) => n.kind === 'direction')) continue;
      const comparison = comparisonFor(graph, metric, [op], [value], true);
      if (!comparison) continue;
      usedOps.add(op.id);
      usedValues.add(value.id);
      const { opNode: _opNode, valueNode: _valueNode, ...plain } = comparison;
      request.constraints.push(plain);
    }
  }
  // An alert or an action on a threshold: a metric tagged as a constraint still names what the rule watches.
  const metricNode = (role: Role) => all(role).find((n) => metricRef(n) !== null);
  const ruleMetric = metricNode('rule_metric') ?? (encoded.intent === 'add_rule' ? metricNode('constraint_metric') : undefined);
  if (ruleMetric) {
    // An alert's comparator and value tagged with other roles ("30 ms" as a tolerance) are still its comparator and value.
    const anyOps = graph.nodes.filter((n) => n.kind === 'comparator');
    const anyValues = graph.nodes.filter((n) => ['number', 'percent', 'quantity', 'duration'].includes(n.kind));
    const comparison = comparisonFor(graph, ruleMetric, ops, values) ?? (encoded.intent === 'add_rule' ? comparisonFor(graph, ruleMetric, anyOps, anyValues) : null);
    if (comparison) {
      const { opNode: _opNode, valueNode: _valueNode, ...plain } = comparison;
      request.rule = { ...plain, action: ruleAction(all('rule_action')) };
    }
  } else if (encoded.intent === 'add_rule') {
    // "notify me if the student model ever gets bigger than 500 KB": a size with no metric named watches the size.
    const value = graph.nodes.find((n) => n.kind === 'quantity' && SIZE_UNITS.has(String(n.unit)));
    const op = value ? graph.nodes.filter((n) => n.kind === 'comparator' && n.id < value.id && value.id - n.id <= 2).at(-1) : undefined;
    const symbol = typeof op?.value === 'string' && /^(?:<|<=|>|>=)$/.test(op.value) ? (op.value as Comparison['op']) : null;
    const amount = amountOf(value);
    if (symbol && amount) request.rule = { metric: 'memory', text: 'size', op: symbol, amount, action: ruleAction(all('rule_action')) };
  }
  const tolerance = amountOf(first('tolerance'));
  if (tolerance) request.tolerance = tolerance;
  const set = <K extends keyof StructuredRequest>(key: K, value: StructuredRequest[K] | undefined) => {
    if (value !== undefined && !(typeof value === 'number' && !Number.isFinite(value))) request[key] = value;
  };
  set('trials', count('trials'));
  set('timeBudgetS', seconds(first('time_budget')));
  set('parallel', count('parallel'));
  set('seed', count('seed'));
  set('sampler', stringOf(first('sampler')));
  // "prune the hopeless ones with hyperband": a pruner named outright wins over the generic wish (median).
  set('pruner', stringOf(all('pruner').find((n) => stringOf(n) !== 'median') ?? first('pruner')));
  set('url', stringOf(all('url').find((n) => n.kind === 'url')));
  set('method', stringOf(all('method').find((n) => n.kind === 'method'))?.toUpperCase());
  set('connections', count('connections'));
  set('durationS', seconds(first('duration')));
  set('rate', count('rate'));
  set('requests', count('requests'));
  set('concurrency', count('concurrency'));
  set('maxTokens', count('max_tokens'));
  set('runs', count('runs'));
  set('warmup', count('warmup'));
  set('command', stringOf(all('command').find((n) => n.kind === 'command')));
  set('model', first('model_name')?.text);
  set('controlParam', first('control_param')?.text);
  set('boundMin', amountOf(all('bound_min').find((n) => typeof n.value === 'number'))?.value);
  set('boundMax', amountOf(all('bound_max').find((n) => typeof n.value === 'number'))?.value);
  if (all('policy').length > 0) request.policy = all('policy').map((n) => n.text).join(' ');
  set('periodS', seconds(all('period').find((n) => typeof n.value === 'number')));
  if (all('dry_run').length > 0) request.dryRun = true;
  const controller = all('controller_id').find((n) => n.kind === 'identifier' || n.kind === 'noun' || n.kind === 'word');
  if (controller) request.controllerId = typeof controller.value === 'string' ? controller.value : controller.text;
  const ruleId = all('rule_id').find((n) => n.kind === 'identifier' || n.kind === 'noun' || n.kind === 'word');
  if (ruleId) request.ruleId = typeof ruleId.value === 'string' ? ruleId.value : ruleId.text;
  for (const node of all('reference')) {
    for (const edge of graph.edges) {
      if (edge.from !== node.id || edge.type !== 'reference') continue;
      const refers = graph.nodes[edge.to]?.refers;
      if (refers && !request.references.includes(refers)) request.references.push(refers);
    }
    if (node.kind === 'context' && node.refers && !request.references.includes(node.refers)) request.references.push(node.refers);
  }
  return request;
}

/**
 * "How many at once" means different arguments for different tools: parallel trials of a study, connections of an
 * HTTP load test, concurrent requests of an LLM benchmark. The role is read in the intent's terms.
 */
const SAME_MEANING: Partial<Record<Intent, Partial<Record<Role, Role>>>> = {
  bench_llm: { connections: 'concurrency', parallel: 'concurrency', trials: 'requests' },
  bench_http: { concurrency: 'connections', parallel: 'connections', trials: 'requests', time_budget: 'duration' },
  tune: { concurrency: 'parallel', connections: 'parallel', duration: 'time_budget' },
  switch_objective: { concurrency: 'parallel', connections: 'parallel', duration: 'time_budget' },
  try_again: { concurrency: 'parallel', connections: 'parallel', duration: 'time_budget' },
  more_trials: { duration: 'time_budget' },
  resume: { duration: 'time_budget' },
  bench_command: { trials: 'runs' },
};

/** A number whose own unit names the argument ("15 timed runs", "128 tokens") holds that role, whatever role it was given. */
const UNIT_ROLES: Partial<Record<Intent, Record<string, Role>>> = {
  bench_command: { runs: 'runs', warmup: 'warmup' },
  bench_http: { connections: 'connections', rps: 'rate', requests: 'requests' },
  bench_llm: { tokens: 'max_tokens', users: 'concurrency', streams: 'concurrency', rps: 'rate', requests: 'requests' },
};

function trustUnits(intent: Intent, byRole: Map<Role, SemanticNode[]>): void {
  const units = UNIT_ROLES[intent];
  if (!units) return;
  for (const [role, nodes] of [...byRole]) {
    for (const node of nodes) {
      const wanted = node.unit ? units[node.unit] : undefined;
      if (!wanted || wanted === role || !NUMERIC_ROLES.includes(role)) continue;
      byRole.set(role, (byRole.get(role) ?? []).filter((n) => n !== node));
      byRole.set(wanted, [...(byRole.get(wanted) ?? []), node].sort((a, b) => a.id - b.id));
    }
  }
}

function remapForIntent(intent: Intent, byRole: Map<Role, SemanticNode[]>): void {
  for (const [from, to] of Object.entries(SAME_MEANING[intent] ?? {}) as Array<[Role, Role]>) {
    const nodes = byRole.get(from);
    if (!nodes) continue;
    byRole.delete(from);
    byRole.set(to, [...(byRole.get(to) ?? []), ...nodes].sort((a, b) => a.id - b.id));
  }
}

/** Roles whose value is a count, a rate or a duration: the number node, not the words around it, carries the value. */
const NUMERIC_ROLES: Role[] = ['trials', 'time_budget', 'parallel', 'seed', 'connections', 'duration', 'rate', 'requests', 'concurrency', 'max_tokens', 'runs', 'warmup', 'tolerance'];

/**
 * "8 trials at once": the words "at once" say parallel while the number sits with "trials". When a numeric role is
 * held only by words, the nearest number before them (else after) takes that role instead of its own.
 */
function lendNumbers(graph: SemanticGraph, byRole: Map<Role, SemanticNode[]>): void {
  for (const role of NUMERIC_ROLES) {
    const nodes = byRole.get(role);
    if (!nodes || nodes.length === 0 || nodes.some((n) => typeof n.value === 'number')) continue;
    const anchor = nodes[0]!;
    const numbers = graph.nodes.filter((n) => typeof n.value === 'number' && n.kind !== 'context' && n.kind !== 'identifier');
    const number = numbers.filter((n) => n.id < anchor.id).at(-1) ?? numbers.find((n) => n.id > anchor.id);
    if (!number) continue;
    for (const [other, list] of byRole) {
      if (other !== role && list.includes(number)) byRole.set(other, list.filter((n) => n !== number));
    }
    byRole.set(role, [number, ...nodes]);
  }
}

function byRoleHas(byRole: Map<Role, SemanticNode[]>, node: SemanticNode): boolean {
  return [...byRole.values()].some((nodes) => nodes.includes(node));
}

function seconds(node: SemanticNode | undefined): number | undefined {
  const amount = amountOf(node);
  if (!amount) return undefined;
  if (amount.unit === 'ms') return amount.value / 1000;
  if (amount.unit === 'min' || amount.unit === 'm') return amount.value * 60;
  if (amount.unit === 'h') return amount.value * 3600;
  return amount.value;
}

function stringOf(node: SemanticNode | undefined): string | undefined {
  return node && typeof node.value === 'string' ? node.value : undefined;
}

function ruleAction(nodes: SemanticNode[]): 'trigger_alert' | 'stop_study' | 'prune_trial' {
  const text = nodes.map((n) => n.text).join(' ');
  // "alert me if any trial's p99 exceeds 120 ms": an alert named outright stays an alert, whatever it watches.
  if (/\b(?:alert|notify|ping|page|warn|tell|message)\b/.test(text) && !/\bprun/.test(text)) return 'trigger_alert';
  if (/\bprun|\btrials?\b/.test(text)) return 'prune_trial';
  if (/\bstop|\bhalt|\bcancel|\babort|\bend\b/.test(text)) return 'stop_study';
  return 'trigger_alert';
}
