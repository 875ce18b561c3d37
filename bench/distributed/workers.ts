/**
 * `tunechat worker` processes for the benchmark (the real CLI, production queue timings), a tunechat.json naming the
 * HTTP target they call, and an HTTP objective that answers after a fixed delay: value = (x − 3)². Worker CPU is read
 * from /proc (user + system seconds of each process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchWorker {
  pid: number;
  /** User + system CPU seconds so far (Linux /proc; 0 elsewhere). */
  cpuS(): number;
  stop(): Promise<void>;
}

/** Starts `tunechat worker` and resolves once it printed its start-up line. */
export async function spawnBenchWorker(options: { redisUrl: string; configDir: string; targets: string[]; concurrency: number }): Promise<BenchWorker> {
  const args = ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'worker', '--redis', options.redisUrl, '--config', options.configDir, '--targets', options.targets.join(','), '--concurrency', String(options.concurrency)];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tunechat worker did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-10_000);
      if (/^tunechat worker .*: connected to/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`tunechat worker exited (${code}):\n${output}`))));
  });
  const pid = child.pid!;
  return {
    pid,
    cpuS: () => processCpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export interface SleepTarget {
  /** Directory holding the tunechat.json that names the target `name`. */
  configDir: string;
  name: string;
  close(): Promise<void>;
}

/** An HTTP objective that answers after `delayMs` (no CPU while it waits), and a tunechat.json naming it. */
export async function startSleepTarget(name: string, delayMs: number): Promise<SleepTarget> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { params } = JSON.parse(body) as { params: { x: number } };
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: (params.x - 3) ** 2 })), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const configDir = mkdtempSync(join(tmpdir(), 'tunechat-bench-worker-'));
  const target = { name, kind: 'http', url: `http://127.0.0.1:${port}/evaluate`, metrics: [{ name: 'value', direction: 'minimize' }] };
  writeFileSync(join(configDir, 'tunechat.json'), JSON.stringify({ targets: [target] }));
  return {
    configDir,
    name,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
