/** The running-study limits of the StudyManager (`StudyManagerDeps.limits`, from config.limits on the server). */
import { ToolError } from '../common/errors.ts';

/** Limits on studies running at once. */
export interface StudyLimits {
  studiesPerClient: number;
  studies: number;
}

/**
 * Throws `ToolError('busy')` when `client`, or the whole manager, already runs as many studies as allowed.
 * `running` lists the studies running now with the client that owns each.
 */
export function checkStudyCapacity(limits: StudyLimits | undefined, running: readonly { id: string; owner: string }[], client: string): void {
  if (!limits) return;
  if (running.length >= limits.studies) {
    throw new ToolError('busy', `${running.length} studies are already running on this server, its limit (${limits.studies}); stop a study (stop_study) or wait for one to finish, then try again`, {
      details: { limit: limits.studies, running: running.length },
    });
  }
  const mine = running.filter((r) => r.owner === client).map((r) => r.id);
  if (mine.length >= limits.studiesPerClient) {
    throw new ToolError('busy', `this client (${client}) already runs ${mine.length} studies (${mine.join(', ')}), the most one client may run at once (${limits.studiesPerClient}); stop one of them (stop_study) or wait for one to finish, then try again`, {
      details: { limit: limits.studiesPerClient, running: mine.length, client, study_ids: mine },
    });
  }
}
