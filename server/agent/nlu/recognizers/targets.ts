import type { KnownTarget } from '../../offline-model/catalog.ts';
import { buildTrie, type RecognizerContext, type Scanner, type Trie } from './scanner.ts';

/**
 * Targets and search-space parameters named in the message, from the context's targets (as
 * offline-model/catalog.ts `findTargetInText` does): the exact name, the name with separators as spaces or removed
 * ("example service", "exampleservice"), the name without a trailing version digit ("hartmann" → hartmann6), the
 * family ("my XGBoost model" → the xgboost-family target). "my"/"the" before and "model"/"service"/… after are
 * part of the unit. "my model" alone names the only user target, when there is exactly one.
 * Typos reach here already corrected: the typo corrector bends towards these same spoken forms.
 */

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const HEAD_NOUNS = new Set(['model', 'models', 'service', 'classifier', 'regressor', 'pipeline', 'server', 'target', 'problem', 'function', 'benchmark', 'app', 'api', 'endpoint']);
const OWN_NOUNS = new Set(['model', 'service', 'server', 'target', 'classifier', 'pipeline']);
/** Abbreviations people type for a model family (a closed list: these are names, not typos). */
export const FAMILY_ABBREVIATIONS: Record<string, string[]> = { xgboost: ['xgb'], lightgbm: ['lgbm', 'lgb'], catboost: ['catb'] };
/** Target kinds that are services: "the service" names the only one of them. */
const SERVICE_KINDS = new Set(['http', 'service', 'openai-compatible', 'llm', 'grpc']);
const SERVICE_NOUNS = new Set(['service', 'server', 'api', 'endpoint']);

/** Spoken forms of the targets' names: [phrase, target name], preferred first. */
export function targetForms(targets: KnownTarget[]): Array<[string, string]> {
  const forms: Array<[string, string]> = [];
  for (const target of targets) {
    const name = target.name.toLowerCase();
    forms.push([name, target.name], [name.replace(/[_\-\s]+/g, ''), target.name]);
    const unversioned = name.replace(/[_-]?v?\d+$/, '');
    if (unversioned !== name && unversioned.length >= 5) {
      const version = name.slice(unversioned.length).replace(/^[_-]/, '');
      forms.push([unversioned, target.name], [`${unversioned} ${version}`, target.name]);
      // "hartmann six": the version said as a word, so it is not read as a count.
      const word = NUMBER_WORDS[Number(version)];
      if (/^\d+$/.test(version) && word) forms.push([`${unversioned} ${word}`, target.name]);
    }
    // "nightly etl" for etl-nightly.
    const parts = name.split(/[_\-\s]+/);
    if (parts.length === 2) forms.push([`${parts[1]} ${parts[0]}`, target.name]);
  }
  // Aliases the target's definition gives ("the digits model", "text classifier"), before families.
  for (const target of targets) for (const alias of target.aliases ?? []) forms.push([alias.toLowerCase().replace(/^(?:the|my|our) /, ''), target.name]);
  for (const target of targets) if (target.family) forms.push([target.family.toLowerCase(), target.name]);
  // Known abbreviations of a family, after the full names: "xgb" → the xgboost target.
  for (const target of targets) {
    const family = (target.family ?? target.name).toLowerCase();
    for (const short of FAMILY_ABBREVIATIONS[family] ?? []) forms.push([short, target.name]);
  }
  return forms;
}

/** Spoken forms of the parameters of the targets' spaces: "max_depth", "max depth", "maxdepth" → max_depth. */
export function paramForms(targets: KnownTarget[]): Array<[string, string]> {
  const forms: Array<[string, string]> = [];
  for (const target of targets) {
    for (const name of Object.keys(target.space ?? {})) {
      forms.push([name.toLowerCase(), name], [name.toLowerCase().replace(/[_\-]+/g, ''), name]);
      if (name === 'learning_rate' || name === 'lr') forms.push(['learning rate', name], ['lr', name]);
    }
  }
  return forms;
}

const cache = new WeakMap<KnownTarget[], { targets: Trie<string>; params: Trie<string> }>();

function tries(targets: KnownTarget[]): { targets: Trie<string>; params: Trie<string> } {
  let found = cache.get(targets);
  if (!found) cache.set(targets, (found = { targets: buildTrie(targetForms(targets)), params: buildTrie(paramForms(targets)) }));
  return found;
}

export function recognizeTargets(s: Scanner, context: RecognizerContext): void {
  const { targets } = tries(context.targets);
  for (let i = 0; i < s.length; i++) {
    const found = s.match(targets, i);
    if (!found) continue;
    let from = i;
    let to = found.to;
    if (from > 0 && (s.norm(from - 1) === 'my' || s.norm(from - 1) === 'the' || s.norm(from - 1) === 'our') && s.free(from - 1, from)) from--;
    if (HEAD_NOUNS.has(s.norm(to)) && s.free(to, to + 1)) to++;
    s.claim({ kind: 'target', from, to, value: found.value });
    i = to - 1;
  }
  // "the service", "my service": the only service target.
  const services = context.targets.filter((t) => SERVICE_KINDS.has(t.kind));
  if (services.length === 1 && !s.units.some((u) => u.kind === 'target')) {
    for (let i = 0; i + 1 < s.length; i++) {
      if (['the', 'my', 'our'].includes(s.norm(i)) && SERVICE_NOUNS.has(s.norm(i + 1)) && s.free(i, i + 2)) {
        s.claim({ kind: 'target', from: i, to: i + 2, value: services[0]!.name });
        return;
      }
    }
  }
  const own = context.targets.filter((t) => t.kind !== 'builtin');
  if (own.length !== 1 || s.units.some((u) => u.kind === 'target')) return;
  for (let i = 0; i + 1 < s.length; i++) {
    if ((s.norm(i) === 'my' || s.norm(i) === 'our') && OWN_NOUNS.has(s.norm(i + 1)) && s.free(i, i + 2)) {
      s.claim({ kind: 'target', from: i, to: i + 2, value: own[0]!.name });
      return;
    }
  }
}

export function recognizeParams(s: Scanner, context: RecognizerContext): void {
  const { params } = tries(context.targets);
  for (let i = 0; i < s.length; i++) {
    const found = s.match(params, i);
    if (!found) continue;
    s.claim({ kind: 'param', from: i, to: found.to, value: found.value });
    i = found.to - 1;
  }
}
