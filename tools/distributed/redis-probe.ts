/** The bounded Redis check run before anything distributed starts (a study, a worker). */
import { RedisConnection } from 'bullmq';
import { ToolError } from '../common/errors.ts';
import { redactRedisUrl, type QueueOptions } from './queue-options.ts';

/**
 * Connects once and PINGs, within `connectTimeoutMs`: rejects with `ToolError('unavailable')` naming the URL (without
 * its password) and the cause. Used before anything is stored or started, so an unreachable Redis leaves nothing half-done.
 */
export async function probeRedis(options: Pick<QueueOptions, 'url' | 'connectTimeoutMs'>): Promise<void> {
  const connection = new RedisConnection(
    { url: options.url, connectTimeout: options.connectTimeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false },
    { shared: false, blocking: false },
  );
  let lastError: Error | null = null;
  connection.on('error', (error: Error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    });
    await Promise.race([connection.client.then((client) => client.runCommand('ping', [])), timeout]);
  } catch (error) {
    const cause = (lastError ?? error) as Error;
    throw new ToolError('unavailable', `cannot reach Redis at ${redactRedisUrl(options.url)}: ${cause.message}`, { details: { redis: redactRedisUrl(options.url) }, cause });
  } finally {
    clearTimeout(timer);
    await connection.close().catch(() => {});
  }
}
