/**
 * `npm run bench:harness`: is tunechat's HTTP load generator the bottleneck? Measures it side by side with
 * autocannon (devDependency) and wrk (/usr/bin/wrk when installed) against the same servers on 127.0.0.1:
 * a trivial server at 50 and 100 connections, and a server answering after 10 ms at 100 connections (where
 * 100 connections can reach at most 10,000 req/s). Runs are interleaved (tool by tool within each round) so
 * machine noise hits every tool alike; the table shows medians over rounds, the generator's own CPU time per
 * request (for autocannon and wrk the rusage of their process via the wait4 wrapper; for tunechat the CPU its
 * run used, without tsx's start-up), and ratios to autocannon and wrk. tunechat and wrk use the same thread counts.
 *
 * Environment: HARNESS_DURATION (s per run, default 3), HARNESS_ROUNDS (default 5). Many short interleaved rounds
 * and per-round ratios make the comparison robust to the load of a shared machine drifting during the run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { spawnMeasured } from '../tools/bench/command/spawn-measured.ts';
import { median } from '../tools/bench/stats.ts';

const DURATION = Number(process.env.HARNESS_DURATION ?? 3);
const ROUNDS = Number(process.env.HARNESS_ROUNDS ?? 5);
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p)) ?? null;
const AUTOCANNON = 'node_modules/.bin/autocannon';

const SERVER = `
const http = require('node:http');
const delay = Number(process.argv[1]);
const server = http.createServer((req, res) => {
  if (delay > 0) setTimeout(() => res.end('hello world'), delay);
  else res.end('hello world');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(delayMs: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number;
}

type Tool = 'tunechat' | 'autocannon' | 'wrk';

/** Generator threads, as in ANCHORS.md: wrk -t1 at 50 connections, -t2 at 100 (autocannon has one thread). */
const threadsFor = (connections: number) => (connections >= 100 ? 2 : 1);

async function runTool(tool: Tool, url: string, connections: number): Promise<Sample> {
  const argv =
    tool === 'tunechat'
      ? [process.execPath, 'bin/tunechat.js', 'bench', 'http', url, '-c', String(connections), '-t', String(threadsFor(connections)), '-d', String(DURATION), '--json', '--no-save', '--quiet']
      : tool === 'autocannon'
        ? [AUTOCANNON, '-c', String(connections), '-d', String(DURATION), '-j', url]
        : [WRK!, `-t${threadsFor(connections)}`, `-c${connections}`, `-d${DURATION}s`, '--latency', url];
  const m = await spawnMeasured({ argv, timeoutMs: (DURATION + 60) * 1000, rusage: true, captureOutput: true });
  if (m.exitCode !== 0) throw new Error(`${tool} failed (${m.exitCode}): ${m.output.slice(-500)}`);
  const cpuMs = (m.userMs ?? 0) + (m.systemMs ?? 0);
  if (tool === 'tunechat') {
    const r = JSON.parse(m.output.slice(m.output.indexOf('{'))) as { requests_per_s: number; latency_ms: { p50: number; p99: number }; generator_cpu_us_per_request: number };
    // CPU measured inside the run: the process total would add tsx's TypeScript start-up (~0.5 s).
    return { rps: r.requests_per_s, p50: r.latency_ms.p50, p99: r.latency_ms.p99, cpuUsPerRequest: r.generator_cpu_us_per_request };
  }
  if (tool === 'autocannon') {
    const r = JSON.parse(m.output.slice(m.output.indexOf('{'))) as { requests: { total: number }; duration: number; latency: { p50: number; p99: number } };
    return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, cpuUsPerRequest: (cpuMs * 1000) / r.requests.total };
  }
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(m.output)?.[1]);
  const total = Number(/(\d+) requests in/.exec(m.output)?.[1]);
  const pct = (p: string) => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(m.output);
    if (!match) return Number.NaN;
    const v = Number(match[1]);
    return match[2] === 'us' ? v / 1000 : match[2] === 's' ? v * 1000 : v;
  };
  return { rps, p50: pct('50'), p99: pct('99'), cpuUsPerRequest: (cpuMs * 1000) / total };
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

async function main(): Promise<void> {
  const tools: Tool[] = ['tunechat', 'autocannon', ...(WRK ? (['wrk'] as const) : [])];
  const configs = [
    { name: 'trivial server, 50 connections', delay: 0, connections: 50 },
    { name: 'trivial server, 100 connections', delay: 0, connections: 100 },
    { name: 'server answering after 10 ms, 100 connections', delay: 10, connections: 100 },
  ];
  console.log(`# HTTP generator harness: ${DURATION} s per run, ${ROUNDS} interleaved rounds, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
  if (!WRK) console.log('(wrk not installed: comparing with autocannon only)');
  const samples = new Map<string, Sample[]>();
  const servers = await Promise.all([startServer(0), startServer(10)]);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const config of configs) {
        const server = config.delay ? servers[1]! : servers[0]!;
        for (const tool of tools) {
          const s = await runTool(tool, server.url, config.connections);
          const key = `${config.name}|${tool}`;
          samples.set(key, [...(samples.get(key) ?? []), s]);
          process.stderr.write(`round ${round} ${config.name} ${tool}: ${fmt(s.rps, 0)} req/s p50 ${fmt(s.p50, 2)} p99 ${fmt(s.p99, 2)}\n`);
        }
      }
    }
  } finally {
    for (const s of servers) s.stop();
  }
  console.log('\n| config | tool | req/s | p50 ms | p99 ms | generator CPU µs/req | req/s ÷ autocannon (median of per-round ratios) | req/s ÷ wrk (same) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const config of configs) {
    const of = (tool: Tool) => samples.get(`${config.name}|${tool}`) ?? [];
    const med = (tool: Tool, f: keyof Sample) => median(of(tool).map((s) => s[f]));
    // Ratios are taken within each round (same machine load), then the median over rounds.
    const ratio = (tool: Tool, other: Tool) => median(of(tool).map((s, i) => s.rps / of(other)[i]!.rps));
    for (const tool of tools) {
      console.log(
        `| ${config.name} | ${tool} | ${fmt(med(tool, 'rps'), 0)} | ${fmt(med(tool, 'p50'), 2)} | ${fmt(med(tool, 'p99'), 2)} | ${fmt(med(tool, 'cpuUsPerRequest'), 1)} | ${fmt(ratio(tool, 'autocannon'), 2)} | ${WRK ? fmt(ratio(tool, 'wrk'), 2) : '–'} |`,
      );
    }
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\nGoal: tunechat ≥ 1.00× autocannon and ≥ 0.80× wrk in req/s. autocannon reports whole milliseconds; wrk and tunechat microseconds.');
}

await main();
