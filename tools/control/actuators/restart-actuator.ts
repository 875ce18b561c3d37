/**
 * Execute by restarting, the last resort for a parameter the service reads only at start-up: this actuator owns
 * the service process. `apply(v)` stops the running process group (SIGTERM, SIGKILL after a grace period), starts
 * the argv template with `{value}` = v and `{port}` = a port fixed for the actuator's life (so the metrics and
 * health URLs stay the same), and waits for `health_url` to answer 2xx. If the new value does not come up, it
 * starts the previous value again (best effort) and fails with `actuator_failed` saying both outcomes.
 * The process runs detached in its own group and is not tied to tunechat: a crash of tunechat leaves it running,
 * and stopping a controller leaves it too (`stopService()` is there for whoever owns the shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../../common/clock.ts';
import { checkHostUrl, precheckHostUrl, type CheckedUrl, type HostPolicyOptions, type HostResolver } from '../../common/host-policy.ts';
import { freePort } from '../../bench/service-target.ts';
import { controlError, errorText } from '../sources/control-error.ts';
import { limitedRequest, type HttpRequester } from '../sources/limited-request.ts';
import type { Actuator } from '../types.ts';
import { describeExit, fillTemplate, stopGroup, tailOf } from './process-tools.ts';

export const RESTART_ACTUATOR_DEFAULTS = Object.freeze({ startup_timeout_ms: 15_000, stop_grace_ms: 3000, poll_ms: 100 });

export interface RestartActuatorOptions {
  parameter: string;
  command: readonly string[];
  health_url: string;
  cwd?: string;
  clock: Clock;
  allowedHosts: readonly string[];
  resolveHost?: HostResolver;
  request?: HttpRequester;
  /** The `{port}`; default a free loopback port chosen at the first start. */
  port?: number;
  startup_timeout_ms?: number;
  stop_grace_ms?: number;
}

interface Running {
  child: ChildProcess;
  value: number;
  exit: string | null;
  stderr: () => string;
}

export class RestartActuator implements Actuator {
  readonly kind = 'restart';
  readonly describe: string;
  private readonly policy: HostPolicyOptions;
  private running: Running | null = null;
  private port: number | null;

  constructor(private readonly options: RestartActuatorOptions) {
    this.policy = { allowedHosts: options.allowedHosts, parameter: `parameters.${options.parameter}.actuator.health_url`, ...(options.resolveHost ? { resolve: options.resolveHost } : {}) };
    // The host cannot depend on {value}; {port} only changes the port, so the host is checked now.
    precheckHostUrl(fillTemplate(options.health_url, { port: '1', value: '1' }), this.policy);
    this.port = options.port ?? null;
    this.describe = `restart ${JSON.stringify(options.command)}`;
  }

  /** The value of the process this actuator started and that still runs; null when it runs none. */
  async read(): Promise<number | null> {
    return this.running && this.running.exit === null ? this.running.value : null;
  }

  /** The pid of the service's process group leader, when it runs one. */
  pid(): number | null {
    return this.running && this.running.exit === null ? (this.running.child.pid ?? null) : null;
  }

  async apply(value: number, signal?: AbortSignal): Promise<void> {
    this.port ??= await freePort();
    const health = await this.checkedHealth(value);
    const previous = this.running;
    const previousRan = previous !== null && previous.exit === null;
    if (previous) await stopGroup(previous.child, this.grace());
    this.running = null;
    try {
      this.running = await this.launch(value, health, signal);
    } catch (error) {
      const failure = errorText(error);
      let recovery = 'the service is down';
      if (previous && previousRan) {
        try {
          this.running = await this.launch(previous.value, await this.checkedHealth(previous.value));
          recovery = `started again with ${this.options.parameter}=${previous.value}`;
        } catch (again) {
          recovery = `starting it again with ${this.options.parameter}=${previous.value} failed too (${errorText(again)}); the service is down`;
        }
      }
      throw controlError('actuator_failed', `restart with ${this.options.parameter}=${value} failed: ${failure}; ${recovery}`, { details: { parameter: this.options.parameter, value }, cause: error });
    }
  }

  /** Stops the service this actuator started (SIGTERM, then SIGKILL after the grace period). */
  async stopService(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await stopGroup(running.child, this.grace());
  }

  private grace(): number {
    return this.options.stop_grace_ms ?? RESTART_ACTUATOR_DEFAULTS.stop_grace_ms;
  }

  private checkedHealth(value: number): Promise<CheckedUrl> {
    return checkHostUrl(fillTemplate(this.options.health_url, { port: String(this.port), value: String(value) }), this.policy);
  }

  private async launch(value: number, health: CheckedUrl, signal?: AbortSignal): Promise<Running> {
    const vars = { value: String(value), port: String(this.port) };
    const argv = this.options.command.map((arg) => fillTemplate(arg, vars));
    const child = spawn(argv[0]!, argv.slice(1), { cwd: this.options.cwd, env: { ...process.env, PORT: String(this.port) }, stdio: ['ignore', 'ignore', 'pipe'], detached: true, shell: false });
    const running: Running = { child, value, exit: null, stderr: tailOf(child.stderr) };
    child.on('exit', (code, sig) => (running.exit = describeExit(code, sig)));
    child.on('error', (error) => (running.exit ??= `could not start ${JSON.stringify(argv[0])}: ${error.message}`));
    // The service outlives tunechat's event loop: nothing here keeps tunechat running.
    child.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    try {
      await this.waitHealthy(running, health, signal);
      return running;
    } catch (error) {
      await stopGroup(child, this.grace());
      throw error;
    }
  }

  private async waitHealthy(running: Running, health: CheckedUrl, signal?: AbortSignal): Promise<void> {
    const clock: Clock = this.options.clock;
    const timeoutMs = this.options.startup_timeout_ms ?? RESTART_ACTUATOR_DEFAULTS.startup_timeout_ms;
    const deadline = clock.monotonic() + timeoutMs;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (running.exit !== null) {
        const tail = running.stderr();
        throw new Error(`the service ended before ${health.url.href} answered (${running.exit})${tail ? `; stderr: ${tail.slice(-500)}` : ''}`);
      }
      try {
        const response = await (this.options.request ?? limitedRequest)({ target: health, method: 'GET', maxBytes: 64 * 1024, signal: AbortSignal.timeout(1000) });
        if (response.status >= 200 && response.status <= 299) return;
      } catch {
        // Not listening yet.
      }
      if (clock.monotonic() > deadline) throw new Error(`${health.url.href} did not answer 2xx within ${timeoutMs / 1000} s`);
      await clock.sleep(RESTART_ACTUATOR_DEFAULTS.poll_ms);
    }
  }
}
