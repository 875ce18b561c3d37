import type { Gen, Template } from './gen.ts';
import type { Intent, PriorEntities } from '../types.ts';
import { count, TRIAL_NOUNS } from './lexicon.ts';
import { studyPrior } from './pieces.ts';
import { studyId } from './charts.ts';

/**
 * Follow-ups that name their study: by a pasted id ("stop st_ab12cd", "run 30 more on st_4c9e2b7a", "status of
 * st_91ab33f0?") or as "my running study" / "my last study" in a conversation that has not started one (the study
 * was started elsewhere: another session, the CLI, before a restart). The id and the study words are `reference`;
 * the planner reads the id itself (intents/study-ids.ts). Half of the id examples also have a study of their own in
 * the conversation, so an id is not read as "no study here".
 */

const MY_STUDY = ['my running study', 'my last study', 'my current study', 'the running study', 'my study', 'my latest study', 'the study that is running', 'my optimization', 'my tuning job', 'my last run', 'the last study I started', 'my sweep'];

function studyWords(g: Gen): { ref: string; id: boolean } {
  if (g.chance(0.6)) {
    const id = `[${studyId(g)}](reference)`;
    return { ref: g.pick([id, id, `study ${id}`, `the study ${id}`, `run ${id}`]), id: true };
  }
  return { ref: `[${g.pick(MY_STUDY)}](reference)`, id: false };
}

function named(g: Gen, intent: Intent): string {
  const { ref: S } = studyWords(g);
  const n = count(g, g.pick([5, 10, 20, 25, 30, 40, 50, 100]));
  const noun = g.pick(TRIAL_NOUNS);
  switch (intent) {
    case 'status':
      return g.pick([`status of ${S}?`, `how is ${S} going?`, `is ${S} done?`, `what's the status of ${S}`, `check on ${S}`, `progress of ${S}?`, `how far along is ${S}?`, `${S} status`, `is ${S} still running?`, `any progress on ${S}?`]);
    case 'stop':
      return g.pick([`stop ${S}`, `cancel ${S}`, `please cancel ${S}`, `kill ${S}`, `abort ${S}`, `halt ${S}`, `terminate ${S}`, `stop ${S} now`, `shut down ${S}`, `can you stop ${S}?`, `end ${S}`]);
    case 'best':
      return g.pick([`best trial of ${S}`, `best params of ${S}?`, `what did ${S} find?`, `results of ${S}`, `show the best trials of ${S}`, `top configs from ${S}`, `leaderboard for ${S}`, `${S} best result`, `what won in ${S}?`]);
    case 'importance':
      return g.pick([`parameter importance for ${S}`, `which knobs matter for ${S}?`, `which params mattered in ${S}?`, `importance of each param in ${S}`, `what drove the results of ${S}?`, `sensitivity analysis of ${S}`]);
    case 'wait':
      return g.pick([`wait for ${S} to complete`, `wait for ${S} to finish`, `wait until ${S} is done and tell me`, `let me know when ${S} finishes`, `block until ${S} is complete`, `tell me when ${S} is done`]);
    case 'more_trials':
      return g.pick([`add [${n} ${noun}](trials) to ${S}`, `run [${n}](trials) more on ${S}`, `give ${S} [${n} more ${noun}](trials)`, `continue ${S} for [${n} more ${noun}](trials)`, `[${n}](trials) more for ${S}`, `extend ${S} by [${n} ${noun}](trials)`, `another [${n}](trials) on ${S}`, `run ${S} for another [${n} ${noun}](trials)`]);
    case 'resume':
      return g.pick([`resume ${S}`, `continue ${S}`, `pick ${S} back up`, `restart ${S} where it stopped`, `unpause ${S}`, `resume ${S} please`]);
    default:
      throw new Error(`corpus_named_study: no shape for intent ${intent}`);
  }
}

/** A named-study follow-up: no study in this conversation, or (half the time) another one. */
function namedFollowUp(g: Gen, intent: Intent): { markup: string; prior: PriorEntities } {
  const markup = named(g, intent);
  return { markup, prior: /\bst_/.test(markup) && g.chance(0.5) ? studyPrior(g) : {} };
}

export const NAMED_STUDY_TEMPLATES: Template[] = (['status', 'stop', 'best', 'importance', 'wait', 'more_trials', 'resume'] as const).map(
  (intent): Template => ({ intent, weight: 0.35, make: (g) => namedFollowUp(g, intent) }),
);
