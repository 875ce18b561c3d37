import { isIP } from 'node:net';
import { ConfigError, type Config } from '../config.ts';

/**
 * When authentication is required (issue 16), and whether the server may start at all:
 * - `TUNECHAT_AUTH=on`: always; `off`: never (every request is the operator);
 * - `auto` (default): as soon as the server listens beyond loopback, or a user exists. On loopback without users
 *   the experience is today's: every request is the operator, no login.
 * Users can be added while the server runs (`npx tunechat users add` writes the same database), so "a user exists"
 * is asked per request ({@link authRequired}), not fixed at start-up.
 */

/** Whether a listen address only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  const v4 = bare.startsWith('::ffff:') && isIP(bare.slice(7)) === 4 ? bare.slice(7) : bare;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  // Wildcards ("0.0.0.0", "::", "") and other names may reach beyond this machine.
  return false;
}

/** Whether this request must carry a valid token. `hasUsers` is asked only in `auto` mode on loopback. */
export function authRequired(config: Pick<Config, 'host' | 'auth'>, hasUsers: () => boolean): boolean {
  switch (config.auth.mode) {
    case 'on':
      return true;
    case 'off':
      return false;
    case 'auto':
      return !isLoopbackHost(config.host) || hasUsers();
  }
}

/**
 * Refuses (ConfigError naming the variables) a server that would listen beyond loopback with authentication off,
 * unless the operator set TUNECHAT_ALLOW_UNAUTHENTICATED=1. Returns the warnings the start-up banner must print
 * (empty when there is nothing to warn about).
 */
export function checkListenAuth(config: Pick<Config, 'host' | 'auth'>): string[] {
  if (config.auth.mode !== 'off' || isLoopbackHost(config.host)) return [];
  if (!config.auth.allowUnauthenticated) {
    throw new ConfigError(
      `TUNECHAT_AUTH=off with HOST=${config.host}: refusing to listen beyond loopback without authentication (anyone who reaches the port would act as the operator and could run commands). ` +
        'Use TUNECHAT_AUTH=auto or on and add users (npx tunechat users add <name>), listen on 127.0.0.1, or set TUNECHAT_ALLOW_UNAUTHENTICATED=1 if a firewall or proxy in front already authenticates.',
    );
  }
  return [
    `WARNING: authentication is OFF and tunechat listens on ${config.host} (TUNECHAT_ALLOW_UNAUTHENTICATED=1).`,
    'WARNING: anyone who can reach this port acts as the operator: they can run commands, send load and change policies.',
  ];
}

/** One line for the start-up banner: whether a token is needed now. */
export function authSummary(config: Pick<Config, 'host' | 'auth'>, hasUsers: boolean): string {
  const required = authRequired(config, () => hasUsers);
  const metrics = required ? (config.auth.metricsPublic ? '; /metrics is public (TUNECHAT_METRICS_PUBLIC=1)' : '; /metrics needs a token too') : '';
  if (config.auth.mode === 'off') return `authentication: off (TUNECHAT_AUTH=off): every request acts as the operator`;
  if (required) {
    const why = config.auth.mode === 'on' ? 'TUNECHAT_AUTH=on' : !isLoopbackHost(config.host) ? `listening on ${config.host}` : 'users exist';
    return `authentication: on (${why}): the web UI, REST API and websocket need a token (log in at /login)${metrics}`;
  }
  return 'authentication: off until a user exists (loopback, TUNECHAT_AUTH=auto): every request acts as the operator';
}
