/**
 * Small process helpers the command and restart actuators share: `{name}` templates in argv entries, a bounded
 * stderr tail, and stopping a process group (SIGTERM, then SIGKILL after a grace period).
 */
import type { ChildProcess } from 'node:child_process';

/** Replaces `{name}` with `vars[name]` in one argv entry; unknown placeholders stay as written. */
export function fillTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Keeps the last `limit` characters a stream wrote (stderr), so a failure can quote it without unbounded memory. */
export function tailOf(stream: NodeJS.ReadableStream | null, limit = 2000): () => string {
  let tail = '';
  stream?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-limit)));
  return () => tail.trim();
}

/** Resolves with how the child ended, once it has (`close`: also after its stdio has been read to the end). */
export function exitOf(child: ChildProcess, event: 'exit' | 'close' = 'exit'): Promise<string> {
  return new Promise((resolve) => {
    if (event === 'exit' && (child.exitCode !== null || child.signalCode !== null)) return resolve(describeExit(child.exitCode, child.signalCode));
    child.once(event, (code: number | null, signal: NodeJS.Signals | null) => resolve(describeExit(code, signal)));
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
  });
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return code !== null ? `exit code ${code}` : `killed by ${signal}`;
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves when the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs: number): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  // A detached service is unref'd so it never keeps tunechat alive; while we wait for its exit, it must.
  child.ref();
  const exited = exitOf(child);
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    signalGroup('SIGKILL');
    await exited;
  }
}
