import { INTENTS, type Intent, type LabelledExample } from '../types.ts';
import { Gen, type Draft, type Template } from './gen.ts';
import { parseMarkup, type Labelled } from './markup.ts';
import { injectTypo } from './typos.ts';
import { CLOSERS, IMPERATIVE_OPENERS, OPENERS } from './lexicon.ts';
import { TUNE_TEMPLATES } from './tune.ts';
import { FOLLOW_UP_TEMPLATES } from './follow-ups.ts';
import { BENCH_TEMPLATES } from './bench.ts';
import { RULE_TEMPLATES } from './rules.ts';
import { CATALOG_SESSION_TEMPLATES } from './catalog-sessions.ts';
import { CHAT_TEMPLATES } from './chat.ts';
import { HAND_WRITTEN } from './hand-written.ts';
import { loadWrittenExamples } from './written.ts';
import { CHART_TEMPLATES } from './charts.ts';
import { NAMED_STUDY_TEMPLATES } from './named-studies.ts';
import { CONTROL_TEMPLATES } from './control.ts';
import { heldOutMessages, normalizeMessage } from './decontaminate.ts';

export { TRAINING_TARGETS } from './targets.ts';

/**
 * The training corpus of the graph attention encoder: templates × synonyms × paraphrase patterns × injected typos,
 * plus every hand-written example (the shared dev set, the paraphrase tests and corpus/written/*.jsonl). Deterministic
 * for a seed.
 *
 * Labelling conventions (what a span covers; the graph builder marks every node that overlaps a span with its role):
 * - A span covers one whole unit as the front end sees it: "p99 latency", "tail latency", "time to first token" are one
 *   metric unit; a number with its unit word is one unit: "93 percent", "93%", "50ms", "2 secs", "10 minutes",
 *   "half an hour", "500 requests per second", "64 connections", "40 trials", "1k trials", "8 concurrent requests".
 * - When the keyword comes before the number ("seed 7", "parallelism 4", "concurrency of 8", "run 50 more"), only the
 *   number (with its unit, if any) is labelled.
 * - Direction: the word that says which way ("minimize", "reduce", "boost", "faster", "lowest", "down"); verbs that
 *   say nothing about the direction ("tune", "optimize") are not labelled. Adjectives that name the metric itself
 *   ("most accurate", "staying accurate") are the objective.
 * - Constraints: the metric (constraint_metric), the comparator (constraint_op: "above", "at least", "no more than";
 *   a motion verb is part of it: "drop below", "exceed"; state verbs "stay", "be", "remain" are not) and the value.
 *   "without losing more than 1% accuracy": "1%" is the tolerance, "accuracy" the constraint_metric.
 * - Rules: rule_action ("alert me", "stop the study", "prune the trial"), rule_metric, rule_op with its verb
 *   ("goes over", "drops below", "exceeds"), rule_value; rule_id for "r-12"; "the alert I just made" is a reference.
 * - Targets: the name only ("my [XGBoost] model"); a target being registered is labelled `target` too, and the
 *   metrics it reports are objectives (with their direction words).
 * - Commands keep their backticks inside the span; URLs are labelled as written (with or without scheme).
 * - Space edits: the parameter (space_param) and every bound or fixed value (space_value), each on its own.
 * - Follow-ups refer back with reference spans ("it", "that", "the study", "that one"); which session to replay is
 *   session_ref ("yesterday's", "the first one", an id).
 * - Priorities: "latency matters more than accuracy", "I don't care about speed, just accuracy" label only the metric
 *   that is wanted (objective, no direction: the planner uses the metric's default); "faster but not less accurate" and
 *   "as fast as possible without hurting accuracy" keep both (direction + objective). Bounds said as nouns label the
 *   noun as the comparator: "95% accuracy is the [floor]", "a p99 [cap] of 50ms".
 * - Benchmark follow-ups ("again with 64 concurrent") carry the earlier benchmark in prior.url (an LLM base URL ending
 *   in /v1 makes it bench_llm, any other URL bench_http) or prior.command (bench_command); only the changed setting
 *   and the reference are labelled.
 */

export interface CorpusOptions {
  seed: number;
  /** Total number of examples (default 11000); every intent gets at least 150 at the default size (proportionally at others). */
  size?: number;
  /**
   * Messages no generated example may equal (normalized: case, spacing, trailing punctuation). Default: the messages
   * of the held-out sets, test/fixtures/nlu-eval.jsonl and test/fixtures/nlu-holdout.jsonl, when they exist, so no
   * caller trains on them.
   */
  exclude?: Iterable<string>;
  /** The hand-written examples (default: corpus/written/*.jsonl). */
  written?: LabelledExample[];
}

export interface CorpusReport {
  examples: LabelledExample[];
  /** How many generated examples carry an injected typo. */
  typos: number;
  /** How many generated texts were dropped because they equal an excluded (evaluation) message. */
  excluded: number;
  counts: Record<Intent, number>;
}

/**
 * 22 000 since the sixth round of written examples (9 600 lines, about 13 000 with their typo copies, counted in their
 * intents' quotas): the templates keep about 9 000 examples, as many as they had at 16 000 with the first four rounds.
 */
export const DEFAULT_CORPUS_SIZE = 22000;
const FLOOR_PER_8000 = 150;
const TYPO_RATE = 0.17;
/** Share of written examples that get a second copy with an injected typo. */
const WRITTEN_VARIANT_RATE = 0.35;

/** Relative share of each intent above the floor (tune requests vary the most, so they get the most). */
const SHARE: Record<Intent, number> = {
  tune: 32, switch_objective: 2.5, try_again: 3, more_trials: 3, resume: 1.5, status: 2.5, stop: 2.5, best: 3, importance: 2.5, why: 1,
  bench_http: 5.5, bench_llm: 3.5, bench_command: 3.5, add_rule: 5.5, list_rules: 1, remove_rule: 2.5, list_targets: 1.5, register_target: 2,
  list_sessions: 1, replay_session: 1, help: 1.5, thanks: 0.5, out_of_scope: 5, wait: 1.5, chart: 2.5,
  control_start: 4, control_status: 1.5, control_stop: 1.5,
};

const TEMPLATES: Template[] = [...TUNE_TEMPLATES, ...FOLLOW_UP_TEMPLATES, ...BENCH_TEMPLATES, ...RULE_TEMPLATES, ...CATALOG_SESSION_TEMPLATES, ...CHAT_TEMPLATES, ...CHART_TEMPLATES, ...NAMED_STUDY_TEMPLATES, ...CONTROL_TEMPLATES];

export function buildCorpus(options: CorpusOptions): LabelledExample[] {
  return buildCorpusReport(options).examples;
}

export function buildCorpusReport(options: CorpusOptions): CorpusReport {
  const size = options.size ?? DEFAULT_CORPUS_SIZE;
  if (!Number.isInteger(size) || size < INTENTS.length) throw new Error(`corpus_size: size must be an integer >= ${INTENTS.length}, got ${size}`);
  const g = new Gen(options.seed);
  const quotas = intentQuotas(size);
  const seen = new Set<string>();
  const exclude = new Set([...(options.exclude ?? heldOutMessages())].map(normalizeMessage));
  let excluded = 0;
  const examples: LabelledExample[] = [];
  const counts = Object.fromEntries(INTENTS.map((i) => [i, 0])) as Record<Intent, number>;
  let typos = 0;
  const add = (example: LabelledExample) => {
    const key = `${example.text.toLowerCase()}\u0000${JSON.stringify(example.prior)}`;
    if (seen.has(key)) return false;
    if (exclude.has(normalizeMessage(example.text))) {
      excluded++;
      return false;
    }
    seen.add(key);
    examples.push(example);
    counts[example.intent]++;
    return true;
  };
  for (const example of HAND_WRITTEN) add(example);
  // The written examples (corpus/written/*.jsonl), each once as written and, for some, once more with a typo: their
  // sentence shapes are what the templates lack, so they are never dropped for a quota (the templates fill the rest).
  for (const { prior, text, intent, spans } of options.written ?? loadWrittenExamples()) {
    const example: LabelledExample = { prior, text, intent, spans };
    add(example);
    if (g.chance(WRITTEN_VARIANT_RATE)) {
      const edited = injectTypo(g, { text: example.text, spans: example.spans });
      if (edited && add({ ...example, text: edited.text, spans: [...edited.spans].sort((a, b) => a.start - b.start) })) typos++;
    }
  }
  for (const intent of INTENTS) {
    const templates = TEMPLATES.filter((t) => t.intent === intent);
    if (templates.length === 0) continue;
    const weighted = templates.map((t) => [t, t.weight ?? 1] as const);
    for (let attempt = 0; counts[intent] < quotas[intent] && attempt < quotas[intent] * 30; attempt++) {
      const template = g.weighted(weighted);
      const draft = template.make(g);
      let labelled = parseMarkup(decorate(g, draft));
      let typo = false;
      if (g.chance(TYPO_RATE)) {
        const edited = injectTypo(g, labelled);
        if (edited) {
          labelled = edited;
          typo = true;
          if (g.chance(0.12)) labelled = injectTypo(g, labelled) ?? labelled;
        }
      }
      if (add(toExample(intent, draft, labelled)) && typo) typos++;
    }
  }
  return { examples: g.shuffle(examples), typos, excluded, counts };
}

/** The floor for every intent, the rest shared by SHARE, summing to size. */
export function intentQuotas(size: number): Record<Intent, number> {
  const floor = Math.max(1, Math.round((FLOOR_PER_8000 * size) / DEFAULT_CORPUS_SIZE));
  const rest = Math.max(0, size - floor * INTENTS.length);
  const total = INTENTS.reduce((sum, i) => sum + SHARE[i], 0);
  const quotas = Object.fromEntries(INTENTS.map((i) => [i, floor + Math.floor((rest * SHARE[i]) / total)])) as Record<Intent, number>;
  quotas.tune += size - INTENTS.reduce((sum, i) => sum + quotas[i], 0);
  return quotas;
}

function toExample(intent: Intent, draft: Draft, labelled: Labelled): LabelledExample {
  return { prior: draft.prior ?? {}, text: labelled.text, intent, spans: [...labelled.spans].sort((a, b) => a.start - b.start) };
}

/** Chatty openers and closers, sentence case, a trailing question mark or full stop: the noise of real messages. */
function decorate(g: Gen, draft: Draft): string {
  let markup = draft.markup.trim();
  if (draft.decorate === false) return markup;
  if (g.chance(0.14)) {
    const question = /^\W*(what|which|how|why|is|are|can|could|do|does|did|will|would|should|who|where|when|i|i'm|i'd|we|any|has|have|the|my|our)\b/i.test(markup) || markup.endsWith('?');
    const opener = g.pick(question || g.chance(0.6) ? OPENERS : IMPERATIVE_OPENERS);
    if (!markup.toLowerCase().startsWith(opener.trim().split(' ')[0]!.replace(/[,!:.]/g, '').toLowerCase())) markup = opener + markup;
  }
  if (g.chance(0.1) && !/[?!.]$/.test(markup)) markup += g.pick(CLOSERS);
  if (g.chance(0.25)) markup = markup.replace(/^([a-z])/, (c) => c.toUpperCase());
  else if (g.chance(0.05)) markup = markup.replace(/^\[([a-z])/, (_, c: string) => `[${c.toUpperCase()}`);
  if (!/[?!.)`]$/.test(markup) && g.chance(0.2)) markup += g.pick(['.', '!', '?', '...']);
  return markup;
}
