/**
 * A ToolAuthEnv over the running services, so the decision input of a call sees what the tool will act on: the
 * session's latest study or controller, whether a command is a registered target's, the operator's host allow-list.
 * Every lookup is synchronous (the authorizer decides before `execute`) and answers null when it cannot tell.
 */
import { isIP } from 'node:net';
import { sameArgv } from '../common/command-confirmations.ts';
import { precheckHostUrl } from '../common/host-policy.ts';
import { LIVE_STATES } from '../control/manager-status.ts';
import type { ControllerStatus, ControlSection } from '../control/types.ts';
import type { StudyRecord } from '../optimizer/types.ts';
import type { ToolAuthEnv } from './catalog-tools.ts';

export interface ToolAuthEnvDeps {
  sessionId: string;
  /** Config.allowedHosts (TUNECHAT_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Config.slack.allowTypedCommands (SLACK_ALLOW_TYPED_COMMANDS=1). */
  slackTypedCommandsAllowed: boolean;
  studies?: { latestForSession(sessionId: string): StudyRecord | null; get(studyId: string): StudyRecord | null };
  /** The target registry's synchronous view (TargetRegistry.snapshot). */
  targets?: { snapshot(): readonly { name: string; spec: unknown; control?: ControlSection }[] };
  controllers?: { status(id?: string, context?: { session_id?: string | null }): ControllerStatus; list(): ControllerStatus[] };
}

/** Hosts whose answer hostAllowedBy remembers (the check parses the allow-list each time: about 100 µs). */
const HOST_MEMO = 256;

/**
 * Whether the host policy (loopback + TUNECHAT_ALLOWED_HOSTS, before DNS) admits a normalized host: exactly
 * `precheckHostUrl`'s answer, remembered per host for this allow-list.
 */
export function hostAllowedBy(allowedHosts: readonly string[]): (host: string) => boolean {
  const memo = new Map<string, boolean>();
  return (host) => {
    const known = memo.get(host);
    if (known !== undefined) return known;
    let allowed: boolean;
    try {
      precheckHostUrl(`http://${isIP(host) === 6 ? `[${host}]` : host}/`, { allowedHosts });
      allowed = true;
    } catch {
      allowed = false;
    }
    if (memo.size >= HOST_MEMO) memo.clear();
    memo.set(host, allowed);
    return allowed;
  };
}

export function createToolAuthEnv(deps: ToolAuthEnvDeps): ToolAuthEnv {
  const { studies, targets, controllers } = deps;
  const env: ToolAuthEnv = {
    sessionId: deps.sessionId,
    hostAllowed: hostAllowedBy(deps.allowedHosts),
    slackTypedCommandsAllowed: deps.slackTypedCommandsAllowed,
  };
  if (studies) {
    env.latestStudyId = (sessionId) => studies.latestForSession(sessionId)?.id ?? null;
    env.study = (studyId) => {
      const record = studies.get(studyId);
      if (!record) return null;
      return { target: record.spec.targetName ?? '', trials: record.spec.budget?.trials ?? 0, parallel: record.spec.budget?.parallel ?? 1 };
    };
  }
  if (targets) {
    env.isRegisteredCommand = (argv) =>
      targets.snapshot().some((t) => {
        const spec = t.spec as { kind?: unknown; command?: unknown };
        return spec.kind === 'command' && Array.isArray(spec.command) && sameArgv(spec.command as string[], argv);
      });
    env.controlUrls = (target, parameter) => {
      const control = targets.snapshot().find((t) => t.name === target)?.control;
      if (!control) return [];
      const actuator = parameter !== null && Object.hasOwn(control.parameters, parameter) ? control.parameters[parameter]!.actuator : null;
      const urls: string[] = [];
      if (actuator?.type === 'http') urls.push(actuator.url);
      if (control.metrics.url !== undefined) urls.push(control.metrics.url);
      // A restart's health URL is a template; filled as tools/control/actuators/restart-actuator.ts prechecks it.
      if (actuator?.type === 'restart') urls.push(actuator.health_url.replaceAll('{port}', '1').replaceAll('{value}', '1'));
      return urls;
    };
  }
  if (controllers) {
    env.controller = (sessionId, controllerId, purpose) => {
      if (controllerId !== null || purpose === 'read') {
        const status = controllers.status(controllerId ?? undefined, { session_id: sessionId });
        return { id: status.id, target: status.target };
      }
      // As tools/control/manager-select.ts latestRunningRow: the session's latest live one, else the only live one.
      const live = controllers.list().filter((c) => LIVE_STATES.includes(c.state));
      const pick = live.filter((c) => c.session_id === sessionId).at(-1) ?? (live.length === 1 ? live[0] : undefined);
      return pick ? { id: pick.id, target: pick.target } : null;
    };
  }
  return env;
}
