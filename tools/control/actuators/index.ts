/**
 * `createActuator(parameter, spec, deps)`: the Actuator a control parameter's `actuator` asks for: `http` (a control
 * endpoint), `command` (an argv template run without a shell) or `restart` (restart the service with the new value).
 */
import type { Clock } from '../../common/clock.ts';
import type { HostResolver } from '../../common/host-policy.ts';
import type { HttpRequester } from '../sources/limited-request.ts';
import type { Actuator, ControlParameter } from '../types.ts';
import { CommandActuator } from './command-actuator.ts';
import { HttpActuator } from './http-actuator.ts';
import { RestartActuator } from './restart-actuator.ts';

export interface ActuatorDeps {
  clock: Clock;
  /** `Config.allowedHosts`; default: loopback only. */
  allowedHosts?: readonly string[];
  resolveHost?: HostResolver;
  /** HTTP requests (tests inject a fake). */
  request?: HttpRequester;
  /** Per-apply timeout, ms (http default 5 s, command default 30 s). */
  timeout_ms?: number;
  /** Restart: the fixed `{port}` (default: a free loopback port at the first start) and the health wait. */
  port?: number;
  startup_timeout_ms?: number;
}

export function createActuator(parameter: string, spec: ControlParameter['actuator'], deps: ActuatorDeps): Actuator {
  const http = { clock: deps.clock, allowedHosts: deps.allowedHosts ?? [], ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}), ...(deps.request ? { request: deps.request } : {}) };
  switch (spec.type) {
    case 'http':
      return new HttpActuator({ parameter, url: spec.url, ...(spec.method ? { method: spec.method } : {}), ...http, ...(deps.timeout_ms !== undefined ? { timeout_ms: deps.timeout_ms } : {}) });
    case 'command':
      return new CommandActuator({ parameter, command: spec.command, ...(spec.cwd ? { cwd: spec.cwd } : {}), ...(deps.timeout_ms !== undefined ? { timeout_ms: deps.timeout_ms } : {}) });
    case 'restart':
      return new RestartActuator({
        parameter,
        command: spec.command,
        health_url: spec.health_url,
        ...(spec.cwd ? { cwd: spec.cwd } : {}),
        ...http,
        ...(deps.port !== undefined ? { port: deps.port } : {}),
        ...(deps.startup_timeout_ms !== undefined ? { startup_timeout_ms: deps.startup_timeout_ms } : {}),
      });
  }
}

export { CommandActuator } from './command-actuator.ts';
export { HttpActuator } from './http-actuator.ts';
export { RestartActuator } from './restart-actuator.ts';
