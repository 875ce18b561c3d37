import { spawn, type ChildProcess } from 'node:child_process';

/** The example service (examples/service/server.mjs) started fresh for one run, on a free loopback port. */
export interface ServiceProcess {
  /** http://127.0.0.1:PORT */
  base: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  workers: number;
  cacheSize: number;
  backendMs: number;
  /** Share of the lookup time that is random (the example's --backend-jitter). */
  backendJitter: number;
  /** Concurrent lookups at full speed (the example's --contention-after). */
  contentionAfter: number;
  /** Bounded wait for the "listening" line. */
  startTimeoutMs?: number;
}

/** Spawns the service on port 0 (no shell) and reads the port it printed; the process is killed if it does not start. */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const argv = ['examples/service/server.mjs', '--port', '0', '--workers', String(options.workers), '--cache-size', String(options.cacheSize), '--backend-ms', String(options.backendMs), '--backend-jitter', String(options.backendJitter), '--contention-after', String(options.contentionAfter)];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const base = await listeningUrl(child, options.startTimeoutMs ?? 15_000);
    return { base, pid: child.pid!, stop: () => stopChild(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the example service printed no address in ${timeoutMs} ms: ${text.slice(-300)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      if (text.length < 4096) text += chunk.toString('utf8');
      const match = /example service on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.stderr!.resume(); // keep draining its log lines
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example service exited with ${code} before listening: ${text.slice(-300)}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
