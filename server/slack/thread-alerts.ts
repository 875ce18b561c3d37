import type { Logger, webApi } from '@slack/bolt';
import type { SlackStore } from '../../db/slack-store.ts';
import type { Alert } from '../../tools/rules/types.ts';
import type { CallPacer } from './call-pacer.ts';
import { slackCall } from './slack-call.ts';
import type { StudyEvents } from './study-progress.ts';

/** What the bridge reads of a rule alert (contract 6, `trigger_alert`); the matched facts are not posted. */
export type RuleAlert = Pick<Alert, 'id' | 'ruleId' | 'studyId' | 'sessionId' | 'message' | 'at'> & { facts?: unknown };

export interface AlertSource {
  onAlert(listener: (alert: RuleAlert) => void): () => void;
}

/**
 * Posts rule alerts into the Slack thread of the session that started the study (the alert's own session,
 * or the session of its study). Alerts of sessions that did not come from Slack are ignored here.
 */
export function forwardAlerts(deps: {
  rules: AlertSource;
  studies: StudyEvents | null;
  store: SlackStore;
  client: webApi.WebClient;
  logger: Logger;
  track: (work: Promise<unknown>) => void;
  pacer?: CallPacer;
}): () => void {
  return deps.rules.onAlert((alert) => {
    deps.track(
      (async () => {
        const sessionId = alert.sessionId ?? (alert.studyId && deps.studies ? ((await deps.studies.get(alert.studyId))?.sessionId ?? null) : null);
        const thread = sessionId ? deps.store.findThread(sessionId) : null;
        if (!thread) return;
        const where = alert.studyId ? ` (study \`${alert.studyId}\`)` : '';
        await slackCall({
          client: deps.client,
          logger: deps.logger,
          ...(deps.pacer ? { pacer: deps.pacer } : {}),
          method: 'chat.postMessage',
          args: { channel: thread.channel, thread_ts: thread.threadTs, text: `:rotating_light: *Alert* from rule \`${alert.ruleId}\`${where}: ${alert.message}` },
        });
      })().catch((error: unknown) => deps.logger.error('Slack alert forwarding failed', error)),
    );
  });
}
