/**
 * A study id the user pasted ("stop st_ab12cd", "run 30 more on st_4c9e2b7a"): the optimizer's ids are `st_` and
 * lower-case base-36 characters (tools/optimizer/study-manager.ts). Any other id counts only right after the word
 * "study", with a digit and a letter in it ("status of study st-7731", "cancel study 9f2e", "best trial of study run-42"), so
 * "study status" or "study results" are not ids. A named id wins over the session's latest study.
 */
const STUDY_ID = /(?:^|[^a-z0-9_])(st_[a-z0-9]{4,})(?![a-z0-9_])/i;
const AFTER_STUDY = /\bstudy\s+(?:id\s+)?[#:]?\s*((?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9][a-z0-9_-]{2,39})(?![a-z0-9_-])/i;

/** The first study id in the raw message, as written, or null. */
export function namedStudyId(raw: string): string | null {
  return STUDY_ID.exec(raw)?.[1] ?? AFTER_STUDY.exec(raw)?.[1] ?? null;
}
