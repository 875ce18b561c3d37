/**
 * One fine-tuning trial, as a tunechat command target (tools/optimizer/targets/command.ts protocol):
 *
 *   echo '{"learning_rate": 0.002, "frozen_layers": 1}' | node --import tsx examples/text-finetune/trial.ts
 *
 * Params (defaults in fine-tune.ts FINETUNE_DEFAULTS, validated once here): learning_rate, warmup, epochs,
 * batch_size, dropout, frozen_layers, init ('pretrained' | 'random'), train_fraction, seed, and time_limit_s
 * (0 = none; or env TUNECHAT_TRIAL_TIME_LIMIT_S). Prints `{"step": epoch, "metrics": {"accuracy": <validation>}}`
 * after each epoch, then the final line: accuracy and macro_f1 on the test split, params, trainable_params, size_kb,
 * latency_p50_ms / latency_p99_ms (one message, tokenizing included), epochs_run, validation_accuracy.
 * Failures: invalid_params (exit 1), nan_loss (3), out_of_memory (4), time_limit (5), with a JSON reason on stderr.
 */
import { loadTf } from '../../tools/common/tf.ts';
import { runTrial, startTimeLimit } from '../../tools/training/guards.ts';
import { countParams, measureLatency, serializedSizeKb } from '../../tools/training/measure.ts';
import { readTrialParams, reportFinal, reportStep, TrialFailure, type ParamSchema } from '../../tools/training/trial-io.ts';
import { padBatch } from './batch.ts';
import { loadSplits } from './corpus.ts';
import { buildClassifier, evaluate, fineTune, FINETUNE_DEFAULTS, trainSubset, type FineTuneParams } from './fine-tune.ts';
import { loadEncoderFile } from './weights-file.ts';

type TrialParams = FineTuneParams & { time_limit_s: number };

const DEFAULTS: TrialParams = { ...FINETUNE_DEFAULTS, time_limit_s: 0 };

const SCHEMA: ParamSchema<TrialParams> = {
  learning_rate: { min: 0, exclusiveMin: true, max: 1 },
  warmup: { min: 0 },
  epochs: { min: 1, max: 200, integer: true },
  batch_size: { min: 1, max: 1024, integer: true },
  dropout: { min: 0, max: 0.9 },
  frozen_layers: { min: 0, integer: true },
  init: { choices: ['pretrained', 'random'] },
  train_fraction: { min: 0, exclusiveMin: true, max: 1 },
  seed: { integer: true },
  time_limit_s: { min: 0 },
};

await runTrial(async () => {
  const params = readTrialParams(DEFAULTS, SCHEMA);
  const timeLimit = startTimeLimit({ seconds: params.time_limit_s > 0 ? params.time_limit_s : undefined });
  const { tf } = await loadTf();
  const pretrained = loadEncoderFile();
  if (params.frozen_layers > pretrained.config.layers) {
    throw new TrialFailure('invalid_params', `param "frozen_layers" must be <= ${pretrained.config.layers} (the encoder's layers), got ${params.frozen_layers}`, {
      key: 'frozen_layers',
      value: params.frozen_layers,
    });
  }
  const splits = loadSplits();
  const classifier = buildClassifier({ tf, pretrained, intents: splits.intents, init: params.init, frozenLayers: params.frozen_layers, seed: params.seed });
  const { epochsRun, validationAccuracy } = await fineTune({
    tf,
    classifier,
    train: trainSubset(splits, params.train_fraction),
    validation: splits.validation,
    params,
    onEpoch: (epoch, { accuracy }) => reportStep(epoch, { accuracy }),
    checkTime: (epoch) => timeLimit.check(epoch),
  });
  timeLimit.stop();

  const test = evaluate(classifier, splits.test);
  const message = splits.validation[0]!.text;
  const latency = await measureLatency(() => {
    const batch = padBatch(classifier.encode([message]));
    tf.tidy(() => {
      const ids = tf.tensor2d(batch.ids, [1, batch.length], 'int32');
      const mask = tf.tensor2d(batch.mask, [1, batch.length]);
      classifier.logits(ids, mask).argMax(1).dataSync();
    });
  });
  reportFinal({
    accuracy: round(test.accuracy),
    macro_f1: round(test.macro_f1),
    params: countParams(classifier),
    trainable_params: classifier.trainableParamCount(),
    size_kb: round(await serializedSizeKb(classifier), 1),
    latency_p50_ms: round(latency.p50_ms),
    latency_p99_ms: round(latency.p99_ms),
    epochs_run: epochsRun,
    validation_accuracy: round(validationAccuracy.at(-1) ?? 0),
  });
  classifier.dispose();
});

function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
