import { Hono } from 'hono';
import { ToolError } from '../../tools/common/errors.ts';
import { OPERATOR } from '../../tools/common/requester.ts';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import { studyImportance, studyView, studyViewOf, trialsAfter, trialView } from '../../tools/optimizer/study-view.ts';
import type { StudyRecord } from '../../tools/optimizer/types.ts';

/** Most studies one `GET /api/studies` lists (`limit` defaults to 50). */
export const MAX_STUDIES_LISTED = 500;
const DEFAULT_STUDIES_LISTED = 50;

/**
 * REST for studies (server/studies-protocol.ts): the Studies view, the study cards' "Stop study" and "Resume" buttons,
 * the charts' trial fetches. Mounted at `/api/studies` behind the app's request guard: the POSTs change state, so
 * they need a same-origin JSON request like every other state change (server/security/request-guard.ts).
 */
export function studyRoutes(studies: StudyManager): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const limit = integerQuery(c.req.query('limit'), 'limit', 1, MAX_STUDIES_LISTED) ?? DEFAULT_STUDIES_LISTED;
    // Running first, then the most recently updated (a finished study's record was updated when it ended); views
    // (which read every trial) are built only for the studies returned.
    const rank = (r: StudyRecord) => (studies.isRunning(r.id) ? 0 : 1);
    const records = studies.list().sort((a, b) => rank(a) - rank(b) || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
    return c.json({ studies: records.slice(0, limit).map((r) => studyViewOf(studies, r, studies.trials(r.id))) });
  });

  app.get('/:id', (c) => c.json(studyView(studies, c.req.param('id'))));

  app.get('/:id/trials', (c) => {
    const after = integerQuery(c.req.query('after'), 'after', -1, Number.MAX_SAFE_INTEGER);
    const trials = studies.trials(c.req.param('id')); // not_found → 404
    return c.json({ trials: (after === undefined ? trials : trialsAfter(trials, after)).map(trialView) });
  });

  app.get('/:id/importance', (c) => c.json(studyImportance(studies, c.req.param('id'))));

  app.post('/:id/stop', async (c) => {
    const id = c.req.param('id');
    await studies.stop(id);
    return c.json(studyView(studies, id));
  });

  app.post('/:id/resume', async (c) => {
    const id = c.req.param('id');
    // The web UI is the operator's (cross-site pages are refused by the request guard), as for its websocket.
    await studies.resume(id, { client: OPERATOR.client });
    return c.json(studyView(studies, id));
  });

  return app;
}

/** An optional integer query parameter within [min, max]; anything else is a 400 naming the parameter. */
function integerQuery(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ToolError('invalid_argument', `${name} must be an integer from ${min} to ${max}, got "${raw.slice(0, 40)}"`, {
      details: { parameter: name, value: raw.slice(0, 40), min, max },
    });
  }
  return value;
}
