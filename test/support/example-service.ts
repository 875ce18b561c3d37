import { spawn, type ChildProcess } from 'node:child_process';

/** The real example service (examples/service/server.mjs) on a free loopback port, for tests. */
export interface ExampleService {
  base: string;
  child: ChildProcess;
}

/** Starts it with `args` (e.g. ['--workers', '4']) and resolves once it prints where it listens (at most 15 s). */
export async function startExampleService(args: string[] = []): Promise<ExampleService> {
  const child = spawn(process.execPath, ['examples/service/server.mjs', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the example service did not start in 15 s: ${text}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /example service on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example service exited (${code}): ${text}`));
    });
  });
  child.stderr!.resume();
  return { base, child };
}

export function stopExampleService(service: ExampleService): void {
  if (service.child.exitCode === null) service.child.kill('SIGKILL');
}
