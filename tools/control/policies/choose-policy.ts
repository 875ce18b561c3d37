/**
 * What `policy: auto` means: pick from the parameter's name (what kind of knob it is) and the signals the
 * source offers (what can be measured). The why names the reason, never numbers (there are none yet).
 */
import type { PolicyName } from '../types.ts';

/** A pool of workers that each take one unit of work: sized by capacity. */
const POOL_WORDS = ['worker', 'workers', 'thread', 'threads', 'pool', 'replica', 'replicas', 'process', 'processes', 'instance', 'instances'];
/** A cap on requests in flight: found by probing the latency. */
const LIMIT_WORDS = ['limit', 'concurrency', 'permit', 'permits', 'max_inflight', 'inflight'];

function words(parameter: string): string[] {
  const lower = parameter.toLowerCase();
  return [lower, ...lower.split(/[^a-z0-9]+/).filter((w) => w !== '')];
}

export function isPoolParameter(parameter: string): boolean {
  return words(parameter).some((w) => POOL_WORDS.includes(w) || POOL_WORDS.some((p) => w.endsWith(p) && p.length >= 4));
}

export function isLimitParameter(parameter: string): boolean {
  return words(parameter).some((w) => LIMIT_WORDS.includes(w));
}

export function choosePolicy(parameter: string, signals: readonly string[]): { name: PolicyName; why: string } {
  const has = (name: string) => signals.includes(name);
  const pool = isPoolParameter(parameter);
  if (pool && has('work_per_s') && has('service_ms')) {
    return {
      name: 'little',
      why: `${parameter} sizes a pool of workers and the source measures the work rate and the service time: Little's law (work/s × service time) gives the busy workers the load needs, sized for a target utilization with headroom, so the pool grows before requests queue and shrinks after the need stays lower`,
    };
  }
  if (pool && has('queue_wait_ms') && has('busy')) {
    return {
      name: 'threshold',
      why: `${parameter} sizes a pool of workers and the source measures queue wait and busy workers but not the work rate and service time: grow ×1.5 when requests wait, shrink when the pool idles`,
    };
  }
  if (isLimitParameter(parameter) && has('inflight') && (has('service_ms') || has('latency_mean_ms'))) {
    return {
      name: 'gradient2',
      why: `${parameter} is a concurrency limit and the source measures in-flight requests and their time: Gradient2 (Netflix concurrency-limits' recommended server limiter) shrinks the limit when the latest time rises above its long-term average and grows it otherwise`,
    };
  }
  return {
    name: 'hpa',
    why: `${parameter} is ${pool ? 'a pool without work-rate or queue signals' : isLimitParameter(parameter) ? 'a limit without in-flight and time signals' : 'not a known pool or limit'}: the Kubernetes HPA rule scales it in proportion to the SLO metric over its target, with a 10% dead-band and a 5-minute scale-down stabilization`,
  };
}
