import type { KnownTarget, KnownMetric } from '../../offline-model/catalog.ts';
import { xgboostTemplate } from '../../../../tools/targets/templates/xgboost.ts';

/**
 * The targets the corpus names: the product's catalog (builtin test problems, the xgboost example, the example
 * service) and invented user targets with other names, metrics and parameters, so the encoder learns that "tune X
 * for Y" is about the sentence's shape, not about the few names it was shown.
 */
export interface CorpusTarget {
  target: KnownTarget;
  /** How users write the name (each is labelled `target`). */
  names: string[];
  /** What the thing is called around its name: "my X model", "the X service". */
  nouns: string[];
  /** Builtin problems are minimized without naming a metric; models and services are tuned for named metrics. */
  family: 'builtin' | 'model' | 'service' | 'llm';
}

const value: KnownMetric[] = [{ name: 'value', direction: 'minimize' }];

function builtin(name: string, names: string[], dims: number, low: number, high: number, metrics: KnownMetric[] = value): CorpusTarget {
  const space = Object.fromEntries(Array.from({ length: dims }, (_, i) => [`x${i}`, { type: 'float', low, high }]));
  return { target: { name, kind: 'builtin', metrics, space }, names, nouns: ['function', 'problem', 'benchmark function', 'test function'], family: 'builtin' };
}

const min = (name: string, unit?: string): KnownMetric => (unit ? { name, direction: 'minimize', unit } : { name, direction: 'minimize' });
const max = (name: string, unit?: string): KnownMetric => (unit ? { name, direction: 'maximize', unit } : { name, direction: 'maximize' });

export const CORPUS_TARGETS: CorpusTarget[] = [
  builtin('branin', ['branin', 'Branin', 'branin-hoo'], 2, -5, 15),
  builtin('hartmann6', ['hartmann6', 'Hartmann 6', 'hartmann 6', 'Hartmann6', 'hartmann-6'], 6, 0, 1),
  builtin('rosenbrock', ['rosenbrock', 'Rosenbrock'], 5, -5, 10),
  builtin('ackley', ['ackley', 'Ackley'], 5, -32.768, 32.768),
  builtin('sphere', ['sphere', 'Sphere'], 5, -5, 5),
  builtin('rastrigin', ['rastrigin', 'Rastrigin'], 5, -5.12, 5.12),
  builtin('levy', ['levy', 'Levy'], 5, -10, 10),
  builtin('styblinski_tang', ['styblinski_tang', 'styblinski-tang', 'Styblinski-Tang', 'styblinski tang'], 8, -5, 5),
  builtin('six_hump_camel', ['six_hump_camel', 'six-hump camel', 'six hump camel', 'Six-Hump Camel'], 2, -3, 3),
  builtin('zdt1', ['zdt1', 'ZDT1', 'zdt-1'], 30, 0, 1, [min('f1'), min('f2')]),
  builtin('dtlz2', ['dtlz2', 'DTLZ2'], 6, 0, 1, [min('f1'), min('f2'), min('f3')]),
  {
    target: {
      name: 'xgboost',
      kind: 'command',
      family: 'xgboost',
      metrics: [max('accuracy'), min('latency_p50_ms', 'ms'), min('latency_p99_ms', 'ms'), min('batch_ms', 'ms')],
      // The product's own xgboost space, so the corpus names the parameters users will see.
      space: xgboostTemplate.space as Record<string, Record<string, unknown>>,
    },
    names: ['xgboost', 'XGBoost', 'xgb', 'XGB', 'Xgboost'],
    nouns: ['model', 'classifier', 'booster'],
    family: 'model',
  },
  {
    target: {
      name: 'example-service',
      kind: 'service',
      metrics: [min('latency_p99_ms', 'ms'), min('latency_p50_ms', 'ms'), max('requests_per_s', 'req/s'), min('error_rate')],
      space: { workers: { type: 'int', low: 1, high: 32 }, cache_size: { type: 'int', low: 0, high: 2000 } },
    },
    names: ['example-service', 'example service', 'example_service'],
    nouns: ['service', 'server', 'app'],
    family: 'service',
  },
  {
    // examples/distill (issue 17): a student network distilled from a teacher; size and latency are objectives too.
    target: {
      name: 'distill',
      kind: 'command',
      family: 'distill',
      aliases: ['digits model', 'student model', 'student network', 'distilled model', 'distillation', 'student'],
      metrics: [max('accuracy'), min('latency_p99_ms', 'ms'), min('latency_p50_ms', 'ms'), min('size_kb', 'KB'), min('params')],
      space: { width: { type: 'float', low: 0.25, high: 1 }, depth: { type: 'int', low: 1, high: 4 }, temperature: { type: 'float', low: 1, high: 8 }, alpha: { type: 'float', low: 0.1, high: 0.9 }, learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true }, epochs: { type: 'int', low: 2, high: 12 }, batch_size: { type: 'int', low: 32, high: 256 }, label_smoothing: { type: 'float', low: 0, high: 0.2 } },
    },
    names: ['distill', 'digits model', 'student model', 'student network', 'distilled model'],
    nouns: ['model', 'student', 'network', 'distillation'],
    family: 'model',
  },
  {
    // examples/text-finetune (issue 17): fine-tuning a small pretrained encoder on chat intents.
    target: {
      name: 'text-finetune',
      kind: 'command',
      family: 'text-finetune',
      aliases: ['text classifier', 'intent classifier', 'text model', 'fine-tuning', 'finetuning'],
      metrics: [max('accuracy'), max('macro_f1'), min('latency_p99_ms', 'ms'), min('latency_p50_ms', 'ms'), min('size_kb', 'KB')],
      space: { learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true }, warmup: { type: 'float', low: 0, high: 0.3 }, epochs: { type: 'int', low: 1, high: 12 }, batch_size: { type: 'int', low: 16, high: 128 }, dropout: { type: 'float', low: 0, high: 0.5 }, frozen_layers: { type: 'int', low: 0, high: 2 } },
    },
    names: ['text-finetune', 'text finetune', 'text classifier', 'intent classifier', 'text model'],
    nouns: ['classifier', 'fine-tune', 'fine-tuning', 'model', 'training job'],
    family: 'model',
  },
  {
    target: {
      name: 'ranker',
      kind: 'command',
      metrics: [max('ndcg'), min('latency_ms', 'ms')],
      space: { num_leaves: { type: 'int', low: 8, high: 256 }, learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true }, feature_fraction: { type: 'float', low: 0.5, high: 1 } },
    },
    names: ['ranker', 'Ranker'],
    nouns: ['model', 'ranking model'],
    family: 'model',
  },
  {
    target: {
      name: 'resnet-ft',
      kind: 'command',
      metrics: [max('val_accuracy'), min('train_time_s', 's'), min('val_loss')],
      space: { lr: { type: 'float', low: 1e-5, high: 1e-1, log: true }, batch_size: { type: 'int', low: 16, high: 256 }, weight_decay: { type: 'float', low: 1e-6, high: 1e-2, log: true }, warmup_epochs: { type: 'int', low: 0, high: 5 } },
    },
    names: ['resnet-ft', 'resnet_ft', 'ResNet-ft', 'resnet ft'],
    nouns: ['model', 'fine-tune', 'network', 'training job'],
    family: 'model',
  },
  {
    target: {
      name: 'llm-server',
      kind: 'service',
      metrics: [min('ttft_ms', 'ms'), max('tokens_per_s', 'tok/s'), min('p99_latency_ms', 'ms')],
      space: { max_batch_size: { type: 'int', low: 1, high: 128 }, gpu_memory_utilization: { type: 'float', low: 0.5, high: 0.95 }, max_num_seqs: { type: 'int', low: 8, high: 512 } },
    },
    names: ['llm-server', 'llm server', 'LLM-server', 'llm_server'],
    nouns: ['server', 'service', 'deployment'],
    family: 'llm',
  },
  {
    target: {
      name: 'churn-lgbm',
      kind: 'command',
      family: 'lightgbm',
      metrics: [max('auc'), min('logloss'), min('inference_ms', 'ms')],
      space: { num_leaves: { type: 'int', low: 8, high: 256 }, min_data_in_leaf: { type: 'int', low: 5, high: 200 }, bagging_fraction: { type: 'float', low: 0.5, high: 1 } },
    },
    names: ['churn-lgbm', 'churn_lgbm', 'churn lgbm'],
    nouns: ['model', 'classifier', 'lightgbm model'],
    family: 'model',
  },
  {
    target: {
      name: 'search-api',
      kind: 'service',
      metrics: [max('qps', 'req/s'), min('p95_latency_ms', 'ms'), min('error_rate')],
      space: { threads: { type: 'int', low: 1, high: 64 }, pool_size: { type: 'int', low: 4, high: 256 }, batch_window_ms: { type: 'int', low: 0, high: 50 } },
    },
    names: ['search-api', 'search api', 'search_api', 'Search-API'],
    nouns: ['service', 'api', 'endpoint', 'backend'],
    family: 'service',
  },
  {
    target: {
      name: 'sentiment-bert',
      kind: 'command',
      metrics: [max('f1_score'), min('latency_ms', 'ms'), min('memory_mb', 'MB')],
      space: { lr: { type: 'float', low: 1e-6, high: 1e-3, log: true }, epochs: { type: 'int', low: 1, high: 10 }, dropout: { type: 'float', low: 0, high: 0.5 }, max_seq_len: { type: 'int', low: 64, high: 512 } },
    },
    names: ['sentiment-bert', 'sentiment_bert', 'sentiment bert', 'SentimentBERT'],
    nouns: ['model', 'classifier', 'transformer'],
    family: 'model',
  },
  {
    target: {
      name: 'fraud-detector',
      kind: 'command',
      metrics: [max('recall'), max('precision'), min('inference_ms', 'ms')],
      space: { n_estimators: { type: 'int', low: 50, high: 500 }, max_features: { type: 'float', low: 0.1, high: 1 }, class_weight: { type: 'categorical', choices: ['balanced', 'none'] } },
    },
    names: ['fraud-detector', 'fraud detector', 'fraud_detector', 'fraudDetector'],
    nouns: ['model', 'forest', 'classifier'],
    family: 'model',
  },
  {
    target: {
      name: 'img-resizer',
      kind: 'service',
      metrics: [max('images_per_s', 'img/s'), min('memory_mb', 'MB'), min('p99_latency_ms', 'ms')],
      space: { threads: { type: 'int', low: 1, high: 32 }, jpeg_quality: { type: 'int', low: 50, high: 95 }, buffer_kb: { type: 'int', low: 64, high: 4096 } },
    },
    names: ['img-resizer', 'image resizer', 'img_resizer', 'imgresizer'],
    nouns: ['service', 'worker', 'pipeline'],
    family: 'service',
  },
  {
    target: {
      name: 'etl-nightly',
      kind: 'command',
      metrics: [min('runtime_s', 's'), min('cost_usd', 'USD')],
      space: { partitions: { type: 'int', low: 1, high: 512 }, executor_memory_gb: { type: 'int', low: 1, high: 64 }, shuffle_partitions: { type: 'int', low: 8, high: 1024 } },
    },
    names: ['etl-nightly', 'etl nightly', 'nightly etl', 'etl_nightly'],
    nouns: ['job', 'pipeline', 'spark job'],
    family: 'model',
  },
  {
    target: {
      name: 'cache-proxy',
      kind: 'service',
      metrics: [max('hit_rate'), min('p99_ms', 'ms'), min('memory_mb', 'MB')],
      space: { cache_mb: { type: 'int', low: 16, high: 4096 }, ttl_s: { type: 'int', low: 1, high: 3600 }, shards: { type: 'int', low: 1, high: 64 } },
    },
    names: ['cache-proxy', 'cache proxy', 'cache_proxy'],
    nouns: ['proxy', 'service', 'cache'],
    family: 'service',
  },
  {
    target: {
      name: 'speech-asr',
      kind: 'command',
      metrics: [min('wer'), min('rtf'), min('latency_ms', 'ms')],
      space: { beam_size: { type: 'int', low: 1, high: 16 }, chunk_ms: { type: 'int', low: 100, high: 2000 }, lm_weight: { type: 'float', low: 0, high: 2 } },
    },
    names: ['speech-asr', 'speech asr', 'asr', 'ASR'],
    nouns: ['model', 'recognizer', 'pipeline'],
    family: 'model',
  },
];

/** The targets the graph builder is given while the corpus is encoded: every name a corpus example may use. */
export const TRAINING_TARGETS: KnownTarget[] = CORPUS_TARGETS.map((t) => t.target);

export function corpusTarget(name: string): CorpusTarget {
  const found = CORPUS_TARGETS.find((t) => t.target.name === name);
  if (!found) throw new Error(`corpus_unknown_target: ${name}`);
  return found;
}
