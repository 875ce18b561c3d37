import { detectOutliers, modifiedZScores, OUTLIER_THRESHOLD } from '../outliers.ts';
import { mean, ratioWithError, round, summarize } from '../stats.ts';
import type { CommandResult, RelativeEntry } from '../types.ts';
import type { Measurement } from './spawn-measured.ts';

/** Commands faster than this are dominated by process start-up (hyperfine's MIN_EXECUTION_TIME is 5 ms). */
const SHORT_COMMAND_MS = 5;

/** Turns the measured runs of one command into its plain result (statistics, outliers, warnings). */
export function aggregateCommand(input: {
  argv: string[];
  display: string;
  shell: boolean;
  parameters: Record<string, string>;
  runs: Measurement[];
  resourceMethod: 'wait4' | 'none';
}): CommandResult {
  const times = input.runs.map((r) => r.wallMs);
  const s = summarize(times, { sampleStddev: true });
  const users = input.runs.map((r) => r.userMs);
  const systems = input.runs.map((r) => r.systemMs);
  const rss = input.runs.map((r) => r.maxRssKb);
  const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const outliers = detectOutliers(times);
  const warnings: string[] = [];
  if (outliers.count > 0) {
    const z = modifiedZScores(times);
    if (Math.abs(z[0] ?? 0) > OUTLIER_THRESHOLD && times[0]! > s.p50 && outliers.count === 1) {
      warnings.push('The first benchmarking run was significantly slower than the rest. It could be caused by (filesystem) caches that were not filled until after the first run: use more warmup runs or a prepare command to clear caches.');
    } else {
      warnings.push(`Statistical outliers were detected (${outliers.count} of ${times.length} runs with |modified z-score| > ${OUTLIER_THRESHOLD}). Consider re-running this benchmark on a quiet machine, without other load; more warmup runs may also help.`);
    }
  }
  if (s.mean < SHORT_COMMAND_MS) {
    warnings.push(`Command took less than ${SHORT_COMMAND_MS} ms on average (${round(s.mean)} ms): process start-up and measurement overhead are a large part of the result.`);
  }
  const failed = input.runs.filter((r) => r.exitCode !== 0).length;
  if (failed > 0) warnings.push(`${failed} of ${input.runs.length} runs exited with a non-zero status (ignored as asked).`);
  const knownUser = known(users);
  const knownSystem = known(systems);
  const knownRss = known(rss);
  return {
    command: input.display,
    argv: input.argv,
    shell: input.shell,
    parameters: input.parameters,
    mean_ms: round(s.mean, 4),
    stddev_ms: round(s.stddev, 4),
    median_ms: round(s.p50, 4),
    min_ms: round(s.min, 4),
    max_ms: round(s.max, 4),
    p90_ms: round(s.p90, 4),
    p95_ms: round(s.p95, 4),
    p99_ms: round(s.p99, 4),
    times_ms: times.map((t) => round(t, 4)),
    exit_codes: input.runs.map((r) => r.exitCode),
    user_ms: knownUser.length ? round(mean(knownUser), 4) : null,
    system_ms: knownSystem.length ? round(mean(knownSystem), 4) : null,
    user_times_ms: users.map((u) => (u === null ? null : round(u, 4))),
    system_times_ms: systems.map((u) => (u === null ? null : round(u, 4))),
    max_rss_kb: rss,
    peak_rss_kb: knownRss.length ? Math.max(...knownRss) : null,
    resource_method: input.resourceMethod,
    outliers,
    warnings,
  };
}

/** Each command relative to the fastest (by mean), with the ratio's propagated uncertainty. */
export function relativeToFastest(results: readonly CommandResult[]): RelativeEntry[] {
  if (results.length === 0) return [];
  const fastest = results.reduce((best, r) => (r.mean_ms < best.mean_ms ? r : best));
  return results.map((r) => {
    const { ratio, stddev } = ratioWithError({ mean: r.mean_ms, stddev: r.stddev_ms }, { mean: fastest.mean_ms, stddev: fastest.stddev_ms });
    return { command: r.command, ratio: r === fastest ? 1 : round(ratio, 4), ratio_stddev: r === fastest ? 0 : round(stddev, 4), fastest: r === fastest };
  });
}
