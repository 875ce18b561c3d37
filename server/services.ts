import type { Clock } from '../tools/common/clock.ts';
import type { Db } from '../db/open.ts';
import type { Config } from './config.ts';

/**
 * The long-lived services of one tunechat process, built once from the injected database, clock and
 * config, and shared by the HTTP server, the agent's tools, the CLI and the Slack bridge.
 * Each engine adds its service here (one field + one line in `createServices`).
 */
export interface Services {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
}

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, clock, config } = deps;
  return { db, clock, config };
}

/** Stops background work (running studies, load tests) so the process can exit cleanly. */
export async function closeServices(_services: Services): Promise<void> {}
