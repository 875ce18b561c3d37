import { resolve } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { createTarget } from '../../tools/optimizer/targets/index.ts';
import type { Target } from '../../tools/optimizer/types.ts';
import { queueOverridesFromEnv, redactRedisUrl, resolveQueueOptions } from '../../tools/distributed/queue-options.ts';
import { startTrialWorker } from '../../tools/distributed/trial-worker.ts';
import { loadWorkerTargets } from '../../tools/distributed/worker-targets.ts';

const USAGE = `usage: tunechat worker --redis redis://host:6379 [--concurrency N] [--targets a,b] [--config DIR|FILE]… [--grace-s S]

Evaluates trials of distributed studies (docs/distributed.md). Targets come from tunechat.json in the working
directory (or --config) and the builtin problems; --targets narrows them. SIGTERM: stop taking trials, let running
ones finish for --grace-s (default 25), then hand the rest back to the queue; a second SIGTERM hands back at once.
Environment: TUNECHAT_REDIS_URL (default of --redis), TUNECHAT_ALLOWED_HOSTS, TUNECHAT_QUEUE_* timings (docs/distributed.md).`;

/** `tunechat worker`: takes trial jobs from Redis until SIGTERM/SIGINT. Exit 1 when Redis cannot be reached, 2 on bad flags. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseCommandArgs('worker', USAGE, {
    args: argv,
    options: { redis: { type: 'string' }, concurrency: { type: 'string' }, targets: { type: 'string' }, config: { type: 'string', multiple: true }, 'grace-s': { type: 'string' } },
  });
  if (!parsed) return 2;
  const { values } = parsed;
  try {
    const url = values.redis ?? env.TUNECHAT_REDIS_URL;
    if (!url) throw new ToolError('invalid_argument', 'no Redis to take trials from: pass --redis redis://host:6379 (or set TUNECHAT_REDIS_URL)', { details: { parameter: 'redis' } });
    const queue = resolveQueueOptions(url, queueOverridesFromEnv(env));
    const concurrency = positive(values.concurrency ?? '1', '--concurrency', 256);
    const graceMs = positive(values['grace-s'] ?? '25', '--grace-s', 86_400) * 1000;
    const files = (values.config ?? [process.cwd()]).map((path) => resolve(path));
    const only = values.targets?.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    const loaded = loadWorkerTargets({ files, ...(only ? { only } : {}) });
    for (const warning of loaded.warnings) console.warn(`tunechat worker: skipped: ${warning}`);
    const allowedHosts = (env.TUNECHAT_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const targets = new Map<string, Target>();
    for (const { name, spec } of loaded.targets) {
      try {
        targets.set(name, createTarget(spec, { clock: systemClock, allowedHosts }));
      } catch (error) {
        console.warn(`tunechat worker: skipped target "${name}": ${(error as Error).message}`);
      }
    }
    if (targets.size === 0) throw new ToolError('invalid_argument', 'this worker has no target it can run', { details: { parameter: 'targets' } });
    const worker = await startTrialWorker({ queue, concurrency, targets });
    console.log(`tunechat worker ${worker.id}: connected to ${redactRedisUrl(queue.url)}, ${concurrency} trial${concurrency === 1 ? '' : 's'} at once per target; targets: ${worker.targets.join(', ')}`);
    await new Promise<void>((done) => {
      let signals = 0;
      const onSignal = (signal: string) => {
        signals++;
        if (signals === 1) {
          const { running } = worker.stats();
          console.log(`tunechat worker: ${signal}: taking no more trials${running > 0 ? `; ${running} running, finishing within ${graceMs / 1000} s, then handed back` : ''}`);
          void worker.close(graceMs).then(done);
        } else {
          console.log(`tunechat worker: ${signal} again: handing running trials back to the queue`);
          worker.handBack();
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    const { done, failed } = worker.stats();
    console.log(`tunechat worker ${worker.id}: stopped (${done} trials done, ${failed} failed)`);
    return 0;
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    console.error(`tunechat worker: ${error.message}`);
    return error.code === 'invalid_argument' ? 2 : 1;
  }
}

function positive(raw: string, flag: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ToolError('invalid_argument', `${flag} must be an integer from 1 to ${max}, got "${raw}"`, { details: { parameter: flag, value: raw } });
  return value;
}
