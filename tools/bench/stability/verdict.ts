import type { StabilityVerdict } from '../types.ts';

/** Pass when the run's p99, error rate (errors + timeouts + non-2xx over attempts) and p99 drift are within their SLOs. */
export function stabilityVerdict(
  actual: { p99Ms: number; errorRate: number; driftPercent: number },
  slo: { p99Ms: number; errorRate: number; driftPercent: number },
): StabilityVerdict {
  const checks = [
    { name: 'p99_ms', pass: actual.p99Ms <= slo.p99Ms, actual: actual.p99Ms, limit: slo.p99Ms },
    { name: 'error_rate', pass: actual.errorRate <= slo.errorRate, actual: actual.errorRate, limit: slo.errorRate },
    { name: 'p99_drift_percent', pass: actual.driftPercent <= slo.driftPercent, actual: actual.driftPercent, limit: slo.driftPercent },
  ];
  return { pass: checks.every((c) => c.pass), checks };
}
