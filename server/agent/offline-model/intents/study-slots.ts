import { findTemplate, SPACE_TEMPLATES } from '../../../../tools/targets/templates/index.ts';
import type { KnownTarget } from '../catalog.ts';
import { findMetricMentions } from '../metrics.ts';
import { NUMBER, parseNumber } from '../normalize.ts';

/**
 * Small readers of arguments said in plain words: start_study `retries`, list_sessions `limit`, param_importance
 * `metric` and register_target `family`.
 */

const RETRIES = [
  new RegExp(String.raw`\bretr(?:y|ies)\b[^.;!?\d]{0,40}?\b(?:up to |at most |a maximum of |max(?:imum)? )?${NUMBER}\s*(?:times|x|retries|attempts)\b`),
  new RegExp(String.raw`\b${NUMBER}\s*(?:re-?tries|retry attempts|re-?runs? (?:per|of each|for each|on) (?:failed |failing )?trials?)\b`),
  new RegExp(String.raw`\bretries\s*(?:of|=|:|to)?\s*${NUMBER}\b`),
  new RegExp(String.raw`\b(?:re-?run|re-?try|re-?start) (?:a |each |every |any )?(?:failed|failing|crashed|crashing) trials?\b[^.;!?\d]{0,20}?(?:up to |at most )?${NUMBER}\s*(?:times|x)\b`),
];

/** "retry a failing trial up to 2 times", "allow 3 retries per trial", "retries=2"; "don't retry" → 0. */
export function retriesIn(text: string): number | null {
  if (/\b(?:don'?t|do not|never|no) re-?tr(?:y|ies)\b|\bwithout re-?tr(?:y|ies)\b/.test(text)) return 0;
  for (const pattern of RETRIES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const n = parseNumber(m[1] ?? '');
    if (Number.isInteger(n) && n >= 0 && n <= 10) return n;
  }
  // "retry failed trials twice", "re-run a crashed trial once", "retry twice".
  const times = /\b(?:re-?try|re-?run)(?: (?:a |each |every |any )?(?:failed|failing|crashed|crashing) (?:trials?|runs?|ones)| it| them)? (?:up to |at most |no more than )?(once|twice|thrice)\b/.exec(text);
  return times ? ['once', 'twice', 'thrice'].indexOf(times[1]!) + 1 : null;
}

/** "the 5 most recent conversations", "my last 3 chats", "show 10 sessions"; nothing without a count. */
export function sessionsLimitIn(text: string): number | null {
  const m =
    new RegExp(String.raw`\b(?:last|latest|recent|newest|past|previous|top|first)\s+${NUMBER}\s+(?:\w+\s+)?(?:sessions?|conversations?|chats?)\b`).exec(text) ??
    new RegExp(String.raw`\b${NUMBER}\s+(?:(?:most\s+)?(?:recent|latest|newest|last|previous|past|old(?:er)?)\s+)?(?:chat\s+)?(?:sessions?|conversations?|chats?)\b`).exec(text);
  if (!m) return null;
  const n = parseNumber(m[1] ?? '');
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : null;
}

/**
 * The metric an importance question is about ("what drives the batch time?", "which params matter for accuracy?"):
 * one the study's target reports, else null (the tool's default: the first objective).
 */
export function importanceMetricIn(text: string, target: KnownTarget | null, objectives: Array<{ metric: string }>): string | null {
  if (!target?.metrics.length && objectives.length === 0) return null;
  const known: KnownTarget = target?.metrics.length ? target : { name: '', kind: 'unknown', metrics: objectives.map((o) => ({ name: o.metric })) };
  const exact = known.metrics.find((m) => new RegExp(String.raw`\b${m.name.replace(/[_]/g, '[_ ]')}\b`).test(text));
  if (exact) return exact.name;
  // Speed adjectives alone ("which parameters make it fast?") name no metric; a metric noun does.
  const mention = findMetricMentions(text, known).find((m) => !/^(?:fast\w*|quick\w*|slow\w*|speed)$/.test(text.slice(m.index, m.end).trim()));
  return mention && known.metrics.some((m) => m.name === mention.metric.name) ? mention.metric.name : null;
}

/** "family lightgbm", "use the mlp template", "it is an xgboost model": a template family of tools/targets/templates. */
export function familyIn(text: string): string | null {
  const names = [...Object.keys(SPACE_TEMPLATES), 'xgb', 'lgbm', 'light-gbm', 'rf', 'random_forest', 'randomforest', 'random forest', 'tfjs-mlp', 'pytorch-mlp', 'torch-mlp', 'neural net', 'vllm', 'llama.cpp', 'llm server']
    .map((n) => n.replace(/[.]/g, '\\.').replace(/[- ]/g, '[- _]?'))
    .join('|');
  const m =
    new RegExp(String.raw`\b(?:family|template)\s*(?:is|=|:|of)?\s*["'\`]?(${names})\b`).exec(text) ??
    new RegExp(String.raw`\b(?:the |an? )?(${names})\s+(?:family|template|search space|space template|search[- ]space template)\b`).exec(text) ??
    // "register a lightgbm target churn-lgbm", "add an xgboost model called x".
    new RegExp(String.raw`\b(?:register|add|create|make|define|as)\s+(?:a |an |my |our |the )?(?:new )?(${names})\s+(?:target|model|classifier|regressor|script)\b`).exec(text) ??
    new RegExp(String.raw`\b(?:it'?s|it is|this is|register (?:my|our|the|a|an))\s+(?:an? )?(${names})\s+(?:model|classifier|regressor|network|net)\b`).exec(text);
  if (!m) return null;
  const key = m[1]!.replace(/[ _]/g, '-').replace(/^random-?forest$/, 'random-forest').replace(/^neural-?net$/, 'neural_net').replace(/^llm-?server$/, 'llm-server');
  const template = findTemplate(key) ?? findTemplate(m[1]!.replace(/[- ]/g, '_'));
  if (!template) return null;
  return Object.entries(SPACE_TEMPLATES).find(([, t]) => t === template)?.[0] ?? null;
}

/** "a study named baseline-sweep", "call the run nightly-3", "name it exp-7": the study's name as typed. */
export function studyNameIn(raw: string): string | null {
  const m = /\b(?:study|run|sweep|search|experiment)\s+(?:named|called|titled)\s+["'`]?([A-Za-z0-9][\w.-]{0,62}[A-Za-z0-9])["'`]?/i.exec(raw)
    ?? /\b(?:name|call) (?:it|the (?:study|run|sweep)|this (?:study|run|sweep))\s+["'`]?([A-Za-z0-9][\w.-]{0,62}[A-Za-z0-9])["'`]?/i.exec(raw);
  return m?.[1] ?? null;
}

/** "on the redis workers", "distributed over the workers", "through BullMQ": the trials run on `tunechat worker` processes. */
export function wantsWorkers(text: string): boolean {
  return /\b(?:on|across|via|using|through|over) (?:the |my |our )?(?:redis|bullmq|remote|distributed) workers?\b|\bdistributed (?:over|across|on) (?:the |my |our )?workers\b|\b(?:via|through|using|with) (?:redis|bullmq)\b|\bon the workers\b/.test(text);
}
