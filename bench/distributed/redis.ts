/**
 * A private redis-server for the benchmark: Debian's binary on a free 127.0.0.1 port with its own temporary directory
 * and no persistence, plus the two readings the model needs: commands executed by name (INFO commandstats) and the
 * server's CPU seconds (INFO cpu). `stop` kills it and removes the directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from 'bullmq';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface BenchRedis {
  url: string;
  /** Calls per command since start (`INFO commandstats`), Redis's CPU seconds (user + system) and memory in use (bytes). */
  stats(): Promise<{ calls: Record<string, number>; cpuS: number; memoryBytes: number }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startBenchRedis(): Promise<BenchRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server package`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-bench-redis-'));
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; ; waited += 50) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (waited > 10_000 || child.exitCode !== null) throw new Error(`redis-server did not listen on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = `redis://127.0.0.1:${port}`;
  // Through BullMQ's connection class, like the dispatcher: ioredis is BullMQ's dependency, not ours.
  const connection = new RedisConnection({ url, maxRetriesPerRequest: 1 }, { shared: false, blocking: false });
  connection.on('error', () => {});
  const admin = await connection.client;
  return {
    url,
    async stats() {
      const commandstats = String(await admin.runCommand('info', ['commandstats']));
      const calls: Record<string, number> = {};
      for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
      const cpu = String(await admin.runCommand('info', ['cpu']));
      const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
      const memory = String(await admin.runCommand('info', ['memory']));
      const memoryBytes = Number(/^used_memory:(\d+)/m.exec(memory)?.[1] ?? 0);
      return { calls, cpuS: read('used_cpu_user') + read('used_cpu_sys'), memoryBytes };
    },
    async stop() {
      await connection.close().catch(() => {});
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
