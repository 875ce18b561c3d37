/**
 * Rule readers beside the threshold: the action ("just log a line when …" → log, "stop it automatically if …" →
 * stop_study) and the LLM benchmark fields a rule can watch (BenchResult facts flatten `ttft_ms.p99` to
 * `ttft_p99_ms`, tools/rules/fact-publishing.ts), so "time to first token" is no p99 latency.
 */
export type RuleAction = 'trigger_alert' | 'stop_study' | 'prune_trial' | 'log';

const LOG = /\b(?:just |only |simply )?log (?:a line|a message|an? entry|it|that|this|something)\b|\b(?:write|put|record|note) (?:it|that|this|a line|a message|an? entry) (?:to|in|into) the logs?\b|\b(?:just |only )?log\b(?= (?:when|if|whenever|once)\b)|\bin the logs? (?:when|if|whenever)\b/;
const STOP_IT = /\b(?:stop|halt|abort|kill|end|terminate|cancel)\s+(?:it|everything|the (?:whole )?(?:run|experiment|sweep|job))\b(?:\s+(?:automatically|right away|immediately))?(?=.*\b(?:if|when|whenever|once|as soon as)\b)|\bautomatically (?:stop|halt|abort|kill|end)\b|\b(?:kill|stop|abort|halt|terminate) the (?:study|tuning|search|optimi[sz]ation)\b/;

/** The action a rule request names that the older readers miss (log; "stop it automatically"), else null. */
export function extraRuleAction(text: string): RuleAction | null {
  // "just log a message, don't alert": an alert said not to happen asks for none.
  const asked = text.replace(/\b(?:don'?t|do not|no need to|without|not|never|rather than|instead of)\s+(?:an?\s+|the\s+)?(?:alert|notify|ping|page)\w*(?:\s+me)?/g, ' ');
  if (LOG.test(text) && !/\b(?:alert|notify|ping|page|tell me|let me know)\b/.test(asked)) return 'log';
  if (STOP_IT.test(text) && !/\btrials?\b/.test(text)) return 'stop_study';
  return null;
}

/** LLM metric names → the flattened fields of an LLM benchmark result; the statistic from the words (p99 unless said). */
const LLM_FIELDS: Array<[RegExp, string]> = [
  [/\b(?:ttft|first[- ]token(?: latency| time)?)\b/, 'ttft'],
  [/\b(?:tpot|time per output token|per[- ]token latency)\b/, 'tpot'],
  [/\b(?:itl|inter-? ?token latency|inter-? ?token (?:gap|time)s?)\b/, 'itl'],
  [/\b(?:e2el|end-? ?to-? ?end latency)\b/, 'e2el'],
];
const THROUGHPUT = /\b(?:output )?tokens? (?:per second|per sec|\/ ?s)\b|\btok\/s\b|\btokens?\/s(?:ec)?\b|\btoken throughput\b/;

/** The LLM result field a rule's condition names ("time to first token", "inter-token latency", "tokens/s"), else null. */
export function llmRuleField(text: string): string | null {
  if (THROUGHPUT.test(text)) return /\btotal\b/.test(text) ? 'total_token_throughput_tok_s' : 'output_throughput_tok_s';
  for (const [pattern, base] of LLM_FIELDS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const near = text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20);
    const stat = /\b(?:p50|median)\b/.test(near) ? 'p50' : /\bp90\b/.test(near) ? 'p90' : /\b(?:mean|average|avg)\b/.test(near) ? 'mean' : 'p99';
    return `${base}_${stat}_ms`;
  }
  return null;
}

/** The text from the rule's condition word on ("… if ttft goes over 500 ms"), or all of it. */
export function conditionOf(text: string): string {
  const at = /\b(?:if|when|whenever|once|as soon as)\b/.exec(text)?.index;
  return at === undefined ? text : text.slice(at);
}
