import { priorExchanges } from '../conversation.ts';
import type { Plan, PlanInput } from '../plan.ts';
import { benchPlan } from './bench.ts';

const BENCH_TOOLS = new Set(['bench_command', 'bench_http', 'bench_llm']);
/** "rerun it and compare", "… compared with before", "before and after": a comparison with the earlier run. */
const COMPARE = /\bcompar\w*\b|\bvs\.?(?=\s|$)|\bversus\b|\bbefore and after\b|\bdiff(?:erence)?\b|\bregress\w*\b/i;

/** "compare with the previous run", "against the last one", "vs yesterday's numbers". */
const PREVIOUS_RUN = /\b(?:compar\w*|vs\.?|versus|against|diff\w*)\b[^.;!?]{0,30}?\b(?:previous|last|earlier|prior|yesterday'?s?|old|baseline)\b(?:\s+(?:run|one|result|results|benchmark|test|numbers|measurement))?/i;

/**
 * A benchmark asked for again with a comparison ("I deployed a fix, run that again and compare with before"): the run
 * is compared with the previous run of the same benchmark (`compare_to: "previous"`), when there is one in this
 * conversation and the request does not already compare commands with each other.
 */
export function withComparison(plan: Plan, input: PlanInput): Plan {
  const tool = plan.steps[0]?.tool;
  const words = input.raw.replace(/`[^`]*`/g, ' ');
  if (!tool || !BENCH_TOOLS.has(tool) || !COMPARE.test(words)) return plan;
  // "… and compare with the previous run" names the stored run even in a new conversation; a bare "compare" needs one here.
  if (!PREVIOUS_RUN.test(words) && !priorExchanges(input.conversation).some((e) => e.toolName === tool && !e.failed)) return plan;
  const [first, ...rest] = plan.steps;
  return {
    ...plan,
    steps: [{ ...first!, input: (done) => {
      const args = first!.input(done);
      if (args === null || args.compare_to !== undefined || (Array.isArray(args.commands) && args.commands.length > 0)) return args;
      return { ...args, compare_to: 'previous' };
    } }, ...rest],
  };
}

/** "do it again", "run that again", "rerun it", "same again": the last benchmark once more. */
const AGAIN = /\b(?:(?:run|do|try|redo|repeat|hit|load[- ]?test|bench(?:mark)?)\s+(?:it|that|this|the (?:test|benchmark|load test|run|same))?\s*again|re-?run(?:\s+(?:it|that|this))?|same again|one more time|repeat (?:it|that|the (?:test|benchmark|run)))\b/i;

/** Words that change the benchmark ("again but with POST", "same again for two minutes"): the follow-up readers' job. */
const CHANGES = /\b(?:but|with|using|as|for|instead|double|half|twice|more|less|longer|shorter|get|post|put|patch|delete|head|warm\w*|minutes?|seconds?|hours?|rate|rps|connections?|concurrency|requests|runs|times|tokens)\b/i;

/**
 * "new build is deployed, run it again and compare": right after a benchmark, a request to run it again and compare,
 * with nothing new (no URL, command, number or changed setting), is that benchmark again compared with the last
 * run, whatever the encoder makes of the sentence before it.
 */
export function matchBenchRerun(input: PlanInput): Plan | null {
  // "compare with the previous run": the "with" of the comparison changes nothing.
  const said = input.raw.replace(/\bcompar\w*(?:\s+(?:it|that|them|this))?\s+(?:with|to|against)\b/gi, ' ');
  if (!AGAIN.test(input.raw) || !COMPARE.test(input.raw) || CHANGES.test(said) || /\d|https?:\/\/|`/.test(input.raw)) return null;
  const latest = [...priorExchanges(input.conversation)].reverse().find((e) => !e.failed);
  if (!latest || !BENCH_TOOLS.has(latest.toolName)) return null;
  const { compare_to: _previous, ...args } = latest.input;
  return withComparison(benchPlan(latest.toolName, args), input);
}
