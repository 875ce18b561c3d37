import { isRecord } from '../plan.ts';

/**
 * A control tool's failure explained with what to do next (issue 15): the tool's own message (it names the field, the
 * rule and the values), plus the fix in words: a service whose metrics or control endpoint does not answer gets the
 * command that starts it, a parameter or signal it lacks gets the ones it has, a controller already on that parameter
 * gets the id to stop or ask about.
 */

export interface ControlFailure {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** The `{ok: false, error: {code, message, details}}` of a tool output (or the text of a thrown tool error). */
export function readFailure(output: unknown): ControlFailure {
  if (typeof output === 'string') return { code: 'error', message: output, details: {} };
  const error = isRecord(output) ? output.error : undefined;
  if (typeof error === 'string') return { code: 'error', message: error, details: {} };
  if (isRecord(error)) {
    return { code: typeof error.code === 'string' ? error.code : 'error', message: typeof error.message === 'string' ? error.message : JSON.stringify(error), details: isRecord(error.details) ? error.details : {} };
  }
  return { code: 'error', message: JSON.stringify(output), details: {} };
}

/** Where the service's own server would listen: the origin of the URL a message or its details name. */
function serviceOrigin(failure: ControlFailure): URL | null {
  const candidates = [failure.details.url, failure.details.endpoint, failure.message].filter((v): v is string => typeof v === 'string');
  for (const text of candidates) {
    const match = /https?:\/\/[^\s"'`,;)]+/.exec(text);
    if (!match) continue;
    try {
      return new URL(match[0].replace(/[.:]+$/, ''));
    } catch {
      // Not a URL after all: try the next text.
    }
  }
  return null;
}

/** How to start a target's service by hand, when tunechat knows it (the example service), else null. */
function startCommand(target: string, origin: URL): string | null {
  if (target !== 'example-service') return null;
  return `node examples/service/server.mjs --port ${origin.port || (origin.protocol === 'https:' ? '443' : '80')}`;
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|fetch failed|cannot read|could not reach|not reachable|socket hang up|timed? ?out/i;

/** The answer to a failed start_controller / controller_status / stop_controller. */
export function writeControlFailure(tool: string, output: unknown, input: Record<string, unknown>): string {
  const failure = readFailure(output);
  const target = typeof input.target === 'string' ? input.target : 'the service';
  const head = `\`${tool}\` did not run: ${failure.message}`;
  const origin = serviceOrigin(failure);
  if ((failure.code === 'source_unavailable' || failure.code === 'actuator_failed' || failure.code === 'unavailable') && origin && UNREACHABLE.test(failure.message)) {
    const command = startCommand(target, origin);
    const what = failure.code === 'actuator_failed' ? 'control endpoint' : 'metrics endpoint';
    return `${target} has no ${what} running at ${origin.origin}${command ? `: start it with \`${command}\`` : ': start the service so that it answers there'}, then ask me again (nothing was changed).\n\n(${head})`;
  }
  switch (failure.code) {
    case 'conflict': {
      const id = typeof failure.details.controller_id === 'string' ? failure.details.controller_id : /\b(c-\d+)\b/.exec(failure.message)?.[1];
      return `${head}\n\nOne controller per target and parameter: ${id ? `say "stop controller ${id}" first, or "how is ${id} doing?" to see what it does` : 'stop the one running first, or ask how it is doing'}.`;
    }
    case 'not_found':
      if (tool === 'start_controller') return `${head}\n\nName one of the targets above (only targets with a \`control\` section in tunechat.json can be steered live).`;
      return `${head}\n\n${/\bc-\d+\b/.test(JSON.stringify(input)) ? 'Check the id (controllers are named c-1, c-2, …).' : 'Start one first, e.g. "keep the p99 of example-service under 40 ms by scaling its workers".'}`;
    case 'invalid_argument':
      return `${head}\n\n${fieldHint(failure, input)}`;
    default:
      return `${head}\n\nTell me what to change (another target, metric, parameter or limit) and I will try again.`;
  }
}

/** What to say for a refused field (details.parameter names it). */
function fieldHint(failure: ControlFailure, input: Record<string, unknown>): string {
  const field = typeof failure.details.parameter === 'string' ? failure.details.parameter : '';
  const list = (key: string) => (Array.isArray(failure.details[key]) ? (failure.details[key] as unknown[]).map(String).join(', ') : '');
  switch (field) {
    case 'parameter':
      return list('controllable') ? `Say which one to adjust: ${list('controllable')}.` : 'Say which parameter to adjust.';
    case 'metric':
      return list('signals') ? `Set the SLO on one of: ${list('signals')} (e.g. "keep p99 under 40 ms").` : 'Set the SLO on another signal (p99, median latency, error rate, queue wait…).';
    case 'target':
      return list('controllable') ? `Targets I can steer live: ${list('controllable')}.` : 'Only targets with a `control` section in tunechat.json can be steered live.';
    case 'policy':
      return `Pick another policy (auto, threshold, aimd, gradient2, vegas, hpa, little, rules), or leave it out and I will let the controller choose.`;
    case 'bounds':
      return `Give bounds inside the parameter's range${isRecord(failure.details.declared) ? ` (${String(failure.details.declared.min)}–${String(failure.details.declared.max)})` : ''}, min first.`;
    case 'period_s':
      return 'Pick another period (e.g. "check every 2 seconds").';
    default:
      return `Tell me what to change${typeof input.target === 'string' ? ` for ${input.target}` : ''} and I will try again.`;
  }
}
