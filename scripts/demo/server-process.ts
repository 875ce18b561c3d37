/**
 * The real tunechat server as a child process, as `npm start` runs it (`node --import tsx server/main.ts` in the
 * repository root, so the root tunechat.json and its targets are found), on a free 127.0.0.1 port (PORT=0: the
 * server picks one and prints it) with its own database. For demo scripts; tests use test/support/start-server.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  url: string;
  /** Everything the server printed (stdout and stderr), for the demo's log. */
  output: string[];
  /** SIGTERM (the server stops its studies and trial processes), then SIGKILL to the process group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /tunechat listening on (http:\/\/\S+)/;

export async function startServerProcess(options: { root: string; env: Record<string, string>; startTimeoutMs?: number }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: options.root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a stuck shutdown is ended with the trials it started.
    detached: true,
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not print its URL within ${options.startTimeoutMs ?? 60_000} ms:\n${output.join('')}`)), options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = LISTENING.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before listening:\n${output.join('')}`));
    });
  }).catch(async (error: unknown) => {
    killGroup(child, 'SIGKILL');
    throw error;
  });
  let stopping: Promise<void> | null = null;
  return {
    url,
    output,
    stop: (graceMs = 30_000) =>
      (stopping ??= (async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        killGroup(child, 'SIGKILL'); // any trial process left in the group
      })()),
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}
