import { POLICY_NAMES, type ControllerSettings, type PolicyName } from '../../tools/control/types.ts';
import type { LoadStep } from './step-load.ts';

/** Everything one `npm run bench:control` needs, defaults applied once here. */
export interface ControlBenchOptions {
  steps: LoadStep[];
  /** Static worker counts compared with the policies. */
  staticWorkers: number[];
  policies: PolicyName[];
  /** SLO: per-second client-side p99 below this (ms). */
  sloP99Ms: number;
  /** Bounds the controllers get for `workers`. */
  bounds: { min: number; max: number };
  /** Workers a controlled run starts with. */
  startWorkers: number;
  /** The example's simulated backend lookup (ms); see BENCH_DEFAULTS. */
  backendMs: number;
  /** Share of each lookup's time that is random (exponential); see BENCH_DEFAULTS. */
  backendJitter: number;
  /** Concurrent lookups the example's backend serves at full speed (its --contention-after). */
  contentionAfter: number;
  /** Unmeasured seconds at the first step's rate before the steps (service warm-up; controllers start here). */
  warmupSeconds: number;
  connections: number;
  outDir: string;
  json: boolean;
  /** Policy options by policy name, passed to createPolicy (`--policy-option gradient2.tolerance=2`). */
  policyOptions: Partial<Record<PolicyName, Record<string, number>>>;
  /** Controller settings overriding controller-defaults.ts for every policy run (`--controller-setting cooldown_s=2`). */
  controllerSettings: Partial<Record<Exclude<keyof ControllerSettings, 'dry_run'>, number>>;
}

/**
 * Defaults: a backend lookup of 12 ms on average with a random tail (jitter 0.25: 9 ms fixed + 3 ms × Exp(1), so
 * the lookup's own p99 is about 23 ms, under the 40 ms SLO), served at full speed up to 32 concurrent lookups (the
 * example's own defaults, 6 ms and 4, cap it near 1,000 lookups/s whatever the pool size). Then the pool the load
 * needs scales with the load: about 2.4 busy workers at 200 req/s, 11 at 900 and 3.6 at 300, so a static pool sized
 * for the peak pays for it all the time, and one sized for the valleys collapses at the peak. The grid spans both.
 */
export const BENCH_DEFAULTS = Object.freeze({
  steps: [
    { rate: 200, seconds: 60 },
    { rate: 900, seconds: 60 },
    { rate: 300, seconds: 60 },
  ],
  shortSeconds: 15,
  staticWorkers: [8, 12, 16, 20],
  /** The loop's own defaults (controller-defaults.ts); `--controller-setting NAME=NUMBER` overrides. */
  controllerSettings: {} as Readonly<Partial<Record<'cooldown_s' | 'max_step_ratio', number>>>,
  sloP99Ms: 40,
  bounds: { min: 1, max: 64 },
  startWorkers: 6,
  backendMs: 12,
  backendJitter: 0.25,
  contentionAfter: 32,
  warmupSeconds: 5,
  connections: 256,
  /**
   * The Prometheus source's window (rate(x[2s]) style): at 1 s periods a 2 s window sees a load step within a second
   * or two; the default 5 s mixes four seconds of the old rate into the first reads after a step and under-sizes the pool.
   */
  sourceWindowS: 2,
  outDir: 'bench/control/out',
});

const USAGE = `usage: npm run bench:control [-- --short] [--json] [--out DIR] [--steps 200:60,900:60,300:60]
  [--static 8,12,16,20] [--policies threshold,aimd,...] [--policy-option POLICY.OPTION=NUMBER]...
  [--controller-setting NAME=NUMBER]... [--backend-ms 12] [--backend-jitter 0.25] [--contention-after 32] [--start-workers 6]`;

export function usage(): string {
  return USAGE;
}

function fail(message: string): never {
  throw new Error(`${message}\n${USAGE}`);
}

function intList(flag: string, text: string, min: number, max: number): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.length > 32 || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    fail(`${flag} must be a comma-separated list of integers from ${min} to ${max}, got "${text}"`);
  }
  return values;
}

function parseSteps(text: string): LoadStep[] {
  const steps = text.split(',').map((part) => {
    const match = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (!match) fail(`--steps takes RATE:SECONDS pairs like 200:60,900:60, got "${part}"`);
    const rate = Number(match[1]);
    const seconds = Number(match[2]);
    if (rate < 1 || rate > 20_000 || seconds < 2 || seconds > 3600) fail(`--steps: rate must be 1..20000 req/s and seconds 2..3600, got ${rate}:${seconds}`);
    return { rate, seconds };
  });
  if (steps.length > 20) fail(`--steps: at most 20 steps, got ${steps.length}`);
  return steps;
}

/** Parses argv (after `--`). Throws an Error with the usage on anything unknown or out of range. */
/**
 * `little` as the bench runs it: the load's arrivals are evenly spaced (wrk2's constant rate, not Poisson), so the
 * pool can run busier than the 0.7 sized for random arrivals (0.8), square-root staffing keeps spare room in the
 * small pools of the quiet minutes (beta 0.7), and it may shrink after 5 s below its need instead of 10. The
 * report prints them beside the policy's name; `--policy-option little.NAME=N` overrides each.
 */
export const LITTLE_BENCH_OPTIONS: Readonly<Record<string, number>> = Object.freeze({ target_utilization: 0.8, stabilization_s: 5, beta: 0.7 });

export function parseBenchArgs(argv: readonly string[]): ControlBenchOptions {
  const options: ControlBenchOptions = {
    steps: BENCH_DEFAULTS.steps.map((s) => ({ ...s })),
    staticWorkers: [...BENCH_DEFAULTS.staticWorkers],
    policies: [...POLICY_NAMES],
    sloP99Ms: BENCH_DEFAULTS.sloP99Ms,
    bounds: { ...BENCH_DEFAULTS.bounds },
    startWorkers: BENCH_DEFAULTS.startWorkers,
    backendMs: BENCH_DEFAULTS.backendMs,
    backendJitter: BENCH_DEFAULTS.backendJitter,
    contentionAfter: BENCH_DEFAULTS.contentionAfter,
    warmupSeconds: BENCH_DEFAULTS.warmupSeconds,
    connections: BENCH_DEFAULTS.connections,
    outDir: BENCH_DEFAULTS.outDir,
    json: false,
    policyOptions: { little: { ...LITTLE_BENCH_OPTIONS } },
    controllerSettings: { ...BENCH_DEFAULTS.controllerSettings },
  };
  let short = false;
  let stepsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? fail(`${flag} needs a value`);
    switch (flag) {
      case '--short':
        short = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--out':
        options.outDir = value();
        break;
      case '--steps':
        options.steps = parseSteps(value());
        stepsGiven = true;
        break;
      case '--static':
        options.staticWorkers = value() === 'none' ? [] : intList('--static', argv[i]!, 1, 1024);
        break;
      case '--policies': {
        const text = value();
        const names = text === 'none' ? [] : text.split(',').map((s) => s.trim());
        const unknown = names.filter((n) => !(POLICY_NAMES as readonly string[]).includes(n));
        if (unknown.length) fail(`--policies: unknown policy "${unknown[0]}"; policies: ${POLICY_NAMES.join(', ')}`);
        options.policies = names as PolicyName[];
        break;
      }
      case '--policy-option': {
        const match = /^([a-z0-9]+)\.([a-z_][a-z0-9_]*)=(-?[\d.]+(?:e-?\d+)?)$/i.exec(value());
        if (!match || !(POLICY_NAMES as readonly string[]).includes(match[1]!) || !Number.isFinite(Number(match[3]))) {
          fail(`--policy-option takes POLICY.OPTION=NUMBER like gradient2.tolerance=2, got "${argv[i]}"`);
        }
        const policy = match[1] as PolicyName;
        options.policyOptions[policy] = { ...options.policyOptions[policy], [match[2]!]: Number(match[3]) };
        break;
      }
      case '--controller-setting': {
        const match = /^([a-z_]+)=(-?[\d.]+)$/.exec(value());
        const known = ['period_s', 'window_s', 'min_samples', 'stale_after_s', 'cooldown_s', 'max_step_ratio', 'rollback_worse_ratio', 'rollback_after_s'];
        if (!match || !known.includes(match[1]!) || !Number.isFinite(Number(match[2]))) {
          fail(`--controller-setting takes NAME=NUMBER with NAME one of ${known.join(', ')}, got "${argv[i]}"`);
        }
        options.controllerSettings[match[1] as keyof ControlBenchOptions['controllerSettings']] = Number(match[2]);
        break;
      }
      case '--backend-jitter': {
        const jitter = Number(value());
        if (!(jitter >= 0 && jitter <= 1)) fail(`--backend-jitter must be a number from 0 to 1, got "${argv[i]}"`);
        options.backendJitter = jitter;
        break;
      }
      case '--contention-after':
        options.contentionAfter = intList('--contention-after', value(), 0, 1024)[0]!;
        break;
      case '--backend-ms':
        options.backendMs = intList('--backend-ms', value(), 1, 1000)[0]!;
        break;
      case '--start-workers':
        options.startWorkers = intList('--start-workers', value(), 1, 1024)[0]!;
        break;
      case '--help':
      case '-h':
        fail('');
        break;
      default:
        fail(`unknown argument "${flag}"`);
    }
  }
  if (short && !stepsGiven) options.steps = options.steps.map((s) => ({ ...s, seconds: BENCH_DEFAULTS.shortSeconds }));
  return options;
}
