/**
 * A study id the user pasted ("stop st_ab12cd", "run 30 more on st_4c9e2b7a"): the optimizer's ids are `st_` and
 * lower-case base-36 characters (tools/optimizer/study-manager.ts). A named id wins over the session's latest study.
 */
const STUDY_ID = /(?:^|[^a-z0-9_])(st_[a-z0-9]{4,})(?![a-z0-9_])/i;

/** The first study id in the raw message, as written, or null. */
export function namedStudyId(raw: string): string | null {
  return STUDY_ID.exec(raw)?.[1] ?? null;
}
