/**
 * A real Redis for tests: Debian's redis-server on a free 127.0.0.1 port with its own temporary directory, no RDB
 * snapshots, and (optionally) an append-only file synced on every write so a restart loses nothing. `stop` kills it
 * and removes the directory; `restart` stops it and starts it again on the same port and directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';
/** A `skip` value for tests that need Redis: false when redis-server is installed, else the reason. */
export const skipWithoutRedis: string | false = existsSync(REDIS_SERVER) ? false : `${REDIS_SERVER} is missing (Debian package redis-server)`;

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops Redis (SIGTERM: with appendonly it writes the file) and starts it again on the same port and directory. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
  /** What redis-server printed (the last 20 kB), for failure messages. */
  log(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A port nothing listens on (for "unreachable Redis" tests). */
export const closedPort = freePort;

async function waitForPort(port: number, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('redis-server exited before it listened');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-redis-'));
  let output = '';
  let child: ChildProcess | null = null;
  let exited = false;
  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', ''];
    args.push(...(options.appendonly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
    exited = false;
    child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', () => (exited = true));
    await waitForPort(port, 10_000, () => exited);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || exited) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async restart({ downMs = 300 } = {}) {
      await kill();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => output,
  };
}
