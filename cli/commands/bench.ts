import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDatabase } from '../../db/open.ts';
import { BenchStore } from '../../db/bench-store.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { BenchService } from '../../tools/bench/bench-service.ts';
import { parseCommandLine } from '../../tools/common/command-line.ts';
import type { ParameterScan } from '../../tools/bench/command/parameter-scan.ts';
import { exportCsv } from '../../tools/bench/exporters/csv.ts';
import { exportJson } from '../../tools/bench/exporters/json.ts';
import { exportMarkdown } from '../../tools/bench/exporters/markdown.ts';
import { renderTerminal } from '../../tools/bench/exporters/terminal.ts';
import type { BenchProgress, BenchRun } from '../../tools/bench/types.ts';

const USAGE = `usage:
  tunechat bench cmd [--runs N | --min-runs N --max-runs N --min-time S] [--warmup W] [--setup CMD] [--prepare CMD] [--cleanup CMD]
                     [-L name=a,b,c] [-P name=min:max[:step]] [-i] [--shell] [-n NAME]… -- <argv…>    (or several quoted commands)
  tunechat bench http <url> --connections N --duration S [--rate R] [--method M] [-H 'Name: value']… [--body B] [--requests K] [--pipelining P] [--threads T]
  tunechat bench llm --base-url URL --model M (--concurrency C | --rate R [--burstiness B] [--max-concurrency C]) --requests K [--max-tokens T]
                     [--endpoint chat|completions] [--prompt-tokens N] [--prompt-tokens-stddev S] [--slo-ttft MS] [--slo-tpot MS] [--slo-e2el MS]
  tunechat bench stability <url> --duration S [--rate R] [--connections N] [--pid PID|self] [--slo-p99 MS] [--slo-error-rate F] [--slo-drift PCT]
  tunechat bench list [--kind K] [--limit N] | show <run-id> | compare <run-id> [--to previous|<run-id>]
common: --json  --export-json FILE  --export-csv FILE  --export-markdown FILE  --compare-to previous|<run-id>  --no-save  --quiet`;

const COMMON = {
  json: { type: 'boolean' },
  'export-json': { type: 'string' },
  'export-csv': { type: 'string' },
  'export-markdown': { type: 'string' },
  'compare-to': { type: 'string' },
  'no-save': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const HTTP = {
  connections: { type: 'string', short: 'c' },
  duration: { type: 'string', short: 'd' },
  rate: { type: 'string', short: 'R' },
  method: { type: 'string', short: 'm' },
  header: { type: 'string', short: 'H', multiple: true },
  body: { type: 'string' },
  requests: { type: 'string', short: 'n' },
  pipelining: { type: 'string', short: 'p' },
  threads: { type: 'string', short: 't' },
  timeout: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Values = Record<string, string | boolean | string[] | undefined>;

const num = (values: Values, name: string): number | undefined => {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ToolError('invalid_argument', `--${name} must be a number, got "${raw}"`, { details: { parameter: name } });
  return n;
};
const str = (values: Values, name: string) => values[name] as string | undefined;
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function headers(values: Values): Record<string, string> | undefined {
  const list = values.header as string[] | undefined;
  if (!list?.length) return undefined;
  return Object.fromEntries(
    list.map((h) => {
      const i = h.indexOf(':');
      if (i <= 0) throw new ToolError('invalid_argument', `--header must look like "Name: value", got "${h}"`, { details: { parameter: 'header' } });
      return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
    }),
  );
}

function scans(values: Values): ParameterScan[] {
  const out: ParameterScan[] = [];
  for (const spec of (values['parameter-list'] as string[] | undefined) ?? []) {
    const [name, list] = spec.split('=');
    if (!name || list === undefined) throw new ToolError('invalid_argument', `--parameter-list must look like name=a,b,c, got "${spec}"`, { details: { parameter: 'parameter-list' } });
    out.push({ name, values: list.split(',') });
  }
  for (const spec of (values['parameter-scan'] as string[] | undefined) ?? []) {
    const m = /^([A-Za-z_]\w*)=(-?[\d.]+):(-?[\d.]+)(?::([\d.]+))?$/.exec(spec);
    if (!m) throw new ToolError('invalid_argument', `--parameter-scan must look like name=min:max[:step], got "${spec}"`, { details: { parameter: 'parameter-scan' } });
    out.push({ name: m[1]!, min: Number(m[2]), max: Number(m[3]), ...(m[4] ? { step: Number(m[4]) } : {}) });
  }
  return out;
}

function progressPrinter(quiet: boolean): (p: BenchProgress) => void {
  return (p) => {
    if (quiet) return;
    if (p.kind === 'http') process.stderr.write(`  [${p.elapsed_s.toFixed(0)}s] ${p.point.requests_per_s} req/s  p50 ${p.point.p50_ms} ms  p99 ${p.point.p99_ms} ms  errors ${p.point.errors + p.point.timeouts}\n`);
    else if (p.kind === 'llm') process.stderr.write(`  [${p.elapsed_s.toFixed(0)}s] ${p.completed}/${p.total} done, ${p.failed} failed, ${p.output_tokens} output tokens\n`);
    else process.stderr.write(`\r  ${p.command}: run ${p.run}/${p.runs}, mean ${p.mean_ms} ms   ${p.run === p.runs ? '\n' : ''}`);
  };
}

async function runKind(sub: string, signal: AbortSignal, bench: BenchService, values: Values, positionals: string[], rest: string[]): Promise<BenchRun> {
  const onProgress = progressPrinter(values.quiet === true || values.json === true);
  const context = { signal };
  switch (sub) {
    case 'cmd': {
      // Like hyperfine -N: a quoted command line is split into an argv; shell syntax needs --shell.
      const splitWords = (line: string) => {
        const parsed = parseCommandLine(line);
        if (!parsed.ok) throw new ToolError('invalid_argument', `"${line}" is not a plain command: ${parsed.reason}; pass --shell to run it with /bin/sh -c`, { details: { parameter: 'command', value: line } });
        return parsed.argv;
      };
      const commands = rest.length ? [rest] : positionals.map((p) => (values.shell ? [p] : splitWords(p)));
      if (commands.length === 0) throw new ToolError('invalid_argument', 'bench cmd needs a command: tunechat bench cmd --runs 10 -- sleep 0.1', { details: { parameter: 'command' } });
      const words = (name: string) => (str(values, name) ? (values.shell ? [str(values, name)!] : splitWords(str(values, name)!)) : undefined);
      return bench.runCommand(
        defined({
          commands,
          names: values.name as string[] | undefined,
          runs: num(values, 'runs'),
          warmup: num(values, 'warmup'),
          min_runs: num(values, 'min-runs'),
          max_runs: num(values, 'max-runs'),
          min_time_s: num(values, 'min-time'),
          setup: words('setup'),
          prepare: words('prepare'),
          cleanup: words('cleanup'),
          parameters: scans(values),
          ignore_failure: values['ignore-failure'] === true,
          shell: values.shell === true,
          timeout_s: num(values, 'timeout'),
        }),
        context,
        onProgress,
      );
    }
    case 'http':
    case 'stability': {
      const url = positionals[0];
      if (!url) throw new ToolError('invalid_argument', `bench ${sub} needs a URL: tunechat bench ${sub} http://127.0.0.1:8080/ --duration 10`, { details: { parameter: 'url' } });
      const http = defined({
        url,
        connections: num(values, 'connections'),
        duration_s: num(values, 'duration'),
        rate: num(values, 'rate'),
        method: str(values, 'method'),
        headers: headers(values),
        body: str(values, 'body'),
        requests: num(values, 'requests'),
        pipelining: num(values, 'pipelining'),
        threads: num(values, 'threads'),
        timeout_s: num(values, 'timeout'),
      });
      if (sub === 'http') return bench.runHttp(http, context, onProgress);
      const pid = str(values, 'pid');
      return bench.runStability(
        defined({ ...http, pid: pid === 'self' ? ('self' as const) : pid === undefined ? undefined : Number(pid), slo_p99_ms: num(values, 'slo-p99'), slo_error_rate: num(values, 'slo-error-rate'), slo_drift_percent: num(values, 'slo-drift') }),
        context,
        onProgress,
      );
    }
    default: {
      const base = str(values, 'base-url');
      if (!base) throw new ToolError('invalid_argument', 'bench llm needs --base-url, e.g. --base-url http://127.0.0.1:8000/v1', { details: { parameter: 'base-url' } });
      const endpoint = str(values, 'endpoint');
      if (endpoint !== undefined && endpoint !== 'chat' && endpoint !== 'completions') throw new ToolError('invalid_argument', `--endpoint must be chat or completions, got "${endpoint}"`, { details: { parameter: 'endpoint' } });
      return bench.runLlm(
        defined({
          base_url: base,
          model: str(values, 'model'),
          endpoint: endpoint as 'chat' | 'completions' | undefined,
          api_key: str(values, 'api-key') ?? process.env.TUNECHAT_BENCH_API_KEY,
          concurrency: num(values, 'concurrency'),
          rate: num(values, 'rate'),
          burstiness: num(values, 'burstiness'),
          max_concurrency: num(values, 'max-concurrency'),
          requests: num(values, 'requests'),
          max_tokens: num(values, 'max-tokens'),
          prompt_tokens: num(values, 'prompt-tokens'),
          prompt_tokens_stddev: num(values, 'prompt-tokens-stddev'),
          slo_ttft_ms: num(values, 'slo-ttft'),
          slo_tpot_ms: num(values, 'slo-tpot'),
          slo_e2el_ms: num(values, 'slo-e2el'),
          seed: num(values, 'seed'),
          timeout_s: num(values, 'timeout'),
        }),
        context,
        onProgress,
      );
    }
  }
}

const OPTIONS: Record<string, ParseArgsConfig['options']> = {
  cmd: {
    ...COMMON,
    runs: { type: 'string', short: 'r' },
    warmup: { type: 'string', short: 'w' },
    'min-runs': { type: 'string', short: 'm' },
    'max-runs': { type: 'string', short: 'M' },
    'min-time': { type: 'string' },
    setup: { type: 'string', short: 's' },
    prepare: { type: 'string', short: 'p' },
    cleanup: { type: 'string', short: 'c' },
    'parameter-list': { type: 'string', short: 'L', multiple: true },
    'parameter-scan': { type: 'string', short: 'P', multiple: true },
    'ignore-failure': { type: 'boolean', short: 'i' },
    shell: { type: 'boolean', short: 'S' },
    name: { type: 'string', short: 'n', multiple: true },
    timeout: { type: 'string' },
  },
  http: { ...COMMON, ...HTTP },
  stability: { ...COMMON, ...HTTP, pid: { type: 'string' }, 'slo-p99': { type: 'string' }, 'slo-error-rate': { type: 'string' }, 'slo-drift': { type: 'string' } },
  llm: {
    ...COMMON,
    'base-url': { type: 'string' },
    model: { type: 'string' },
    endpoint: { type: 'string' },
    'api-key': { type: 'string' },
    concurrency: { type: 'string' },
    rate: { type: 'string' },
    burstiness: { type: 'string' },
    'max-concurrency': { type: 'string' },
    requests: { type: 'string' },
    'max-tokens': { type: 'string' },
    'prompt-tokens': { type: 'string' },
    'prompt-tokens-stddev': { type: 'string' },
    'slo-ttft': { type: 'string' },
    'slo-tpot': { type: 'string' },
    'slo-e2el': { type: 'string' },
    seed: { type: 'string' },
    timeout: { type: 'string' },
  },
  list: { json: { type: 'boolean' }, kind: { type: 'string' }, limit: { type: 'string' } },
  show: { ...COMMON },
  compare: { json: { type: 'boolean' }, to: { type: 'string' } },
};

/** `tunechat bench cmd|http|llm|stability|list|show|compare …` */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  if (!sub || sub === '--help' || sub === '-h' || !OPTIONS[sub]) {
    console.log(USAGE);
    return sub && sub !== '--help' && sub !== '-h' ? 2 : 0;
  }
  const dash = args.indexOf('--');
  const flags = dash === -1 ? args : args.slice(0, dash);
  const rest = dash === -1 ? [] : args.slice(dash + 1);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: flags, options: OPTIONS[sub], allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
  } catch (error) {
    console.error(`tunechat bench ${sub}: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  const db = openDatabase(values['no-save'] ? ':memory:' : config.dbPath);
  const bench = new BenchService({ store: new BenchStore(db), clock: systemClock, allowedHosts: config.allowedHosts });
  const abort = new AbortController();
  const onSignal = () => abort.abort(new ToolError('unavailable', 'interrupted'));
  process.once('SIGINT', onSignal);
  try {
    if (sub === 'list') {
      const runs = bench.list(defined({ kind: str(values, 'kind') as BenchRun['kind'] | undefined, limit: num(values, 'limit') }));
      if (values.json) console.log(JSON.stringify(runs.map(({ result: _r, ...r }) => r), null, 2));
      else for (const r of runs) console.log(`${r.id}  ${new Date(r.createdAt).toISOString()}  ${r.kind.padEnd(9)}  ${r.label}`);
      return 0;
    }
    if (sub === 'compare') {
      const id = positionals[0];
      if (!id) throw new ToolError('invalid_argument', 'bench compare needs a run id (see tunechat bench list)', { details: { parameter: 'run-id' } });
      const comparison = bench.compare(id, str(values, 'to') ?? 'previous');
      if (values.json) console.log(JSON.stringify(comparison, null, 2));
      else {
        console.log(`${comparison.label}: ${comparison.baseline_id} (${new Date(comparison.baseline_at).toISOString()}) → ${comparison.current_id} (${new Date(comparison.current_at).toISOString()})`);
        for (const m of comparison.metrics) console.log(`  ${m.name.padEnd(40)} ${String(m.baseline).padStart(12)} → ${String(m.current).padStart(12)}  ${m.change_percent > 0 ? '+' : ''}${m.change_percent}%  ${m.verdict}`);
      }
      return 0;
    }
    let runRecord: BenchRun;
    if (sub === 'show') {
      const found = positionals[0] ? bench.get(positionals[0]) : null;
      if (!found) throw new ToolError('not_found', `no benchmark run with id "${positionals[0] ?? ''}" (see tunechat bench list)`, { details: { parameter: 'run-id' } });
      runRecord = found;
    } else {
      runRecord = await runKind(sub, abort.signal, bench, values, positionals, rest);
    }
    const result = runRecord.result;
    if (str(values, 'export-json')) writeFileSync(str(values, 'export-json')!, exportJson(result));
    if (str(values, 'export-csv')) writeFileSync(str(values, 'export-csv')!, exportCsv(result));
    if (str(values, 'export-markdown')) writeFileSync(str(values, 'export-markdown')!, exportMarkdown(result));
    const comparison = str(values, 'compare-to') ? safeCompare(bench, runRecord.id, str(values, 'compare-to')!) : null;
    if (values.json) console.log(JSON.stringify({ run_id: runRecord.id, ...result, ...(comparison ? { comparison } : {}) }, null, 2));
    else {
      console.log(renderTerminal(result));
      if (!values['no-save']) console.log(`\nSaved as run ${runRecord.id}`);
      if (comparison && 'metrics' in comparison) {
        console.log(`\nCompared with run ${comparison.baseline_id}:`);
        for (const m of comparison.metrics) console.log(`  ${m.name.padEnd(40)} ${m.baseline} → ${m.current}  (${m.change_percent > 0 ? '+' : ''}${m.change_percent}%, ${m.verdict})`);
      } else if (comparison) console.log(`\n${comparison.error}`);
    }
    return result.kind === 'stability' && !result.verdict.pass ? 3 : 0;
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    console.error(`tunechat bench ${sub}: ${error.message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    db.close();
  }
}

function safeCompare(bench: BenchService, id: string, to: string) {
  try {
    return bench.compare(id, to);
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    return { error: error.message };
  }
}
