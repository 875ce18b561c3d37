import type { KnownTarget } from '../offline-model/catalog.ts';

/**
 * The offline agent's understanding pipeline, shared types:
 * text → tokens and domain units → semantic graph → graph attention encoder → structured request → plan.
 */

/** What a node of the semantic graph stands for (one-hot in the node features). */
export const UNIT_KINDS = [
  'number', // a bare number: "40", "1k", "forty"
  'percent', // "93%", "93 percent" (value kept as written: 93; the planner makes it 0.93 for ratio metrics)
  'duration', // "90 seconds", "ten minutes", "half an hour", "1.5h" (value in seconds)
  'quantity', // a number with another unit: "50ms", "500 rps", "128 tokens" (value + unit)
  'url', // "http://127.0.0.1:8080/", "localhost:3000/api" (value: the full URL with scheme)
  'method', // GET POST PUT PATCH DELETE HEAD
  'command', // text between backticks (value: the command line as written)
  'metric', // a metric of a target or a metric concept ("latency", "p99", "accuracy", "error rate")
  'target', // a known target ("xgboost", "branin", "example-service")
  'sampler', // "tpe", "cma-es", "bayesian optimisation" (value: registry name)
  'pruner', // "hyperband", "asha", "median pruning" (value: pruner name)
  'comparator', // "at least", "no more than", "above", ">=", "under" (value: < <= > >= ==)
  'direction', // "minimize", "faster", "lower", "maximize", "higher" (value: minimize | maximize)
  'negation', // "not", "don't", "without", "never"
  'reference', // "it", "that", "this one", "the same", "the alert I just made"
  'identifier', // ids: "r-12", session ids, rule ids
  'param', // a search-space parameter of the target ("max_depth", "learning rate")
  'verb', // any other verb
  'noun', // any other noun phrase
  'word', // any other token kept in the graph (prepositions, adverbs, adjectives, question words)
  'context', // a node copied from the previous turns: the last study, target, metric, rule, session
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Edge types of the semantic graph (each type gets a learned attention bias). */
export const EDGE_TYPES = [
  'self',
  'next', // linear order i → i+1
  'prev', // i+1 → i
  'modifier', // modifier → head (adjective/noun → noun, "p99" → "latency")
  'comparator', // comparator → value, metric → comparator
  'unit', // value → unit / quantity
  'object', // verb → object
  'negation', // negation → what it negates
  'coordination', // "and"/"or" siblings
  'reference', // pronoun/reference → previous-turn entity (context node)
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** One token with its tags (wink-nlp) and fuzzy/synonym correction. */
export interface Token {
  /** As written. */
  text: string;
  /** Lower-cased, typo-corrected and synonym-resolved form used for matching (e.g. "latncy" → "latency"). */
  norm: string;
  /** Universal part-of-speech tag from wink-nlp (NOUN, VERB, ADP, NUM, …). */
  pos: string;
  start: number;
  end: number;
  /** How norm was obtained. */
  fix?: 'typo' | 'synonym';
}

/** A semantic unit: one node of the graph. */
export interface SemanticNode {
  id: number;
  kind: UnitKind;
  /** The words of the unit, normalized, space-joined. */
  text: string;
  /** Character span in the original message (context nodes: -1, -1). */
  start: number;
  end: number;
  /** Indices into the message's tokens (empty for context nodes). */
  tokens: number[];
  /**
   * The parsed value: number (number/percent/duration seconds/quantity), string (url, method, command,
   * metric name, target name, sampler, pruner, comparator op, direction, identifier, param name).
   */
  value?: number | string;
  /** Quantity unit, normalized ("ms", "s", "rps", "tokens", "%", "connections", …). */
  unit?: string;
  /** The dominant part-of-speech tag. */
  pos: string;
  /** Context nodes: which earlier entity ("study", "target", "metric", "rule", "session", "command", "url"). */
  refers?: string;
}

export interface SemanticEdge {
  from: number;
  to: number;
  type: EdgeType;
  weight: number;
}

export interface SemanticGraph {
  text: string;
  tokens: Token[];
  nodes: SemanticNode[];
  edges: SemanticEdge[];
}

/** What the encoder classifies a whole request as. */
export const INTENTS = [
  'tune', // start a study: "tune my xgboost for latency"
  'switch_objective', // same target, other objectives: "now optimize for accuracy instead"
  'try_again', // same study spec with changes: "try again with cma-es"
  'more_trials', // continue the session's study with N more: "run 50 more"
  'resume', // continue a stopped study: "resume the study"
  'status', // "how is it going?"
  'stop', // "stop it"
  'best', // best trials / pareto front: "what were the best parameters?"
  'importance', // "which parameters matter most?"
  'why', // "why is that one better?"
  'bench_http', // "benchmark http://127.0.0.1:8080/ with 64 connections"
  'bench_llm', // "measure TTFT of http://127.0.0.1:8000/v1"
  'bench_command', // "time `python3 predict.py` 10 times"
  'add_rule', // "alert me if p99 latency goes over 200 ms"
  'list_rules', // "which rules are active?"
  'remove_rule', // "delete rule r-12", "get rid of the alert I just made"
  'list_targets', // "what can you tune?"
  'register_target', // "register a target called scorer that runs `python3 score.py`"
  'list_sessions', // "show my previous conversations"
  'replay_session', // "replay yesterday's session"
  'help', // "hi", "what can you do?"
  'thanks', // "thanks!"
  'out_of_scope', // "tell me a joke": an honest answer, no tool call
  'wait', // wait for the session's study to finish, then report: "let me know when it's done"
  'chart', // draw a chart of a study (chart_study): "show the convergence as a graph", "chart the Pareto front"
  'control_start', // keep a running service inside an SLO by steering a parameter live (start_controller): "keep p99 under 40 ms by scaling workers"
  'control_status', // how the live controller is doing (controller_status): "how is the controller doing?", "is my SLO being met?"
  'control_stop', // stop the live controller (stop_controller): "stop the autoscaler", "turn off the feedback loop"
] as const;
export type Intent = (typeof INTENTS)[number];

/** What the encoder classifies each node as. */
export const ROLES = [
  'none',
  'target',
  'objective', // a metric to optimize
  'direction', // minimize/maximize for the nearest objective
  'constraint_metric',
  'constraint_op',
  'constraint_value',
  'tolerance', // "without losing more than 1%"
  'trials',
  'time_budget', // a study's time limit
  'parallel',
  'sampler',
  'pruner',
  'seed',
  'url',
  'method',
  'connections',
  'duration', // a benchmark's duration
  'rate',
  'requests',
  'concurrency',
  'max_tokens',
  'runs',
  'warmup',
  'command',
  'rule_metric',
  'rule_op',
  'rule_value',
  'rule_action', // "alert me" / "stop the study" / "prune the trial"
  'rule_id',
  'reference', // refers back to an earlier entity ("it", "that", "the alert I just made")
  'session_ref', // which earlier session ("yesterday's", "the first")
  'space_param',
  'space_value',
  'model_name',
  'control_param', // the parameter a controller steers: "by scaling its [workers]", "resize the [pool]"
  'bound_min', // its lower bound: "between [2] and 32", "at least [2] workers"
  'bound_max', // its upper bound: "between 2 and [32]", "never more than [32]"
  'policy', // the decision policy: "[AIMD]", "[the Netflix gradient limiter]", "[HPA-style]", "[my rules]"
  'period', // the loop period: "check every [2 seconds]"
  'dry_run', // decide without acting: "[just show what it would do without changing anything]"
  'controller_id', // a controller named by id: "stop controller [c-2]"
] as const;
export type Role = (typeof ROLES)[number];

/** The encoder's output for one message. */
export interface Encoded {
  intent: Intent;
  /** Softmax probability of the chosen intent. */
  confidence: number;
  /** Probabilities of every intent, in INTENTS order. */
  intentScores: number[];
  /** One role per graph node, with its probability. */
  roles: Array<{ role: Role; confidence: number }>;
}

/**
 * What earlier turns left that a follow-up may refer to ("it", "that rule", "the same but …"); each present entry
 * becomes a context node of the graph. In the product it is read from the conversation's tool calls
 * (start_study → study, add_rule → rule, …); in the corpus it is written with the example.
 */
export interface PriorEntities {
  /** The session's latest study, with its target and objective metric names. */
  study?: { target?: string; metrics?: string[] };
  /** The id of the latest rule added in this session. */
  rule?: string;
  /** The latest benchmarked URL or command. */
  url?: string;
  command?: string;
  /** Sessions were listed earlier in this conversation. */
  sessions?: boolean;
  /** The session's latest live controller (start_controller), while it was not stopped: what it steers and watches. */
  controller?: { id?: string; target?: string; parameter?: string; metric?: string };
}

/** What the graph builder knows besides the text. */
export interface GraphContext {
  /** Targets that may be named (name, metrics, default space). */
  targets: KnownTarget[];
  prior: PriorEntities;
}

/** A training or evaluation example for the encoder: labels are character spans of the message. */
export interface LabelledExample {
  prior: PriorEntities;
  text: string;
  intent: Intent;
  /** Role spans over `text` (character offsets, end exclusive). Nodes overlapping no span are 'none'. */
  spans: Array<{ start: number; end: number; role: Role }>;
}

/**
 * Module contracts (one file each):
 * - semantic-graph.ts  `buildGraph(text, context): SemanticGraph`
 * - features.ts        `FEATURE_DIM`, `nodeFeatures(graph): Float32Array` (nodes × FEATURE_DIM, row-major),
 *                      `sentenceVector(graph): Float32Array` (averaged word vectors, for the bag-of-words baseline)
 * - corpus/            `buildCorpus({ seed }): LabelledExample[]`, `TRAINING_TARGETS: KnownTarget[]`
 * - encoder.ts         `Encoder.encode(graph): Encoded`, loaded from the weights in data/
 * - tf.ts              the only module that imports tfjs: native when it loads, else wasm
 */
export interface Encoder {
  encode(graph: SemanticGraph): Encoded;
}
