import type { Gen, Template } from './gen.ts';
import { FASTER, MAXIMIZE, MINIMIZE, PRUNERS, SAMPLERS, count, studyDuration, trialCount, TRIAL_NOUNS } from './lexicon.ts';
import { constraintPhrase } from './tune-extras.ts';
import { drawMetric, drawTarget, metricDirection, metricName, notBuiltin, paramName, paramValues, STUDY_REFS, studyPrior, targetPhrase } from './pieces.ts';
import { corpusTarget } from './targets.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Follow-ups to a study of this session (prior.study is set): more trials, resume, status, stop, best trials,
 * parameter importance, why a trial won, a new objective, the same study with changes, waiting for it to finish;
 * each also in chat shorthand and slang ("stp", "pull the plug", "keep going", "hows it lookin", "lmk when it's done").
 */

const ref = (g: Gen) => `[${g.pick(STUDY_REFS)}](reference)`;

/** A follow-up: the markup and a prior with a study. */
function followUp(g: Gen, make: (g: Gen, prior: PriorEntities) => string): { markup: string; prior: PriorEntities } {
  const prior = studyPrior(g);
  return { markup: make(g, prior), prior };
}

function moreTrials(g: Gen): string {
  const n = count(g, g.pick([5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 200, trialCount(g)]));
  const noun = g.pick(TRIAL_NOUNS);
  const R = ref(g);
  return g.pick([
    `run [${n}](trials) more`, `ok run another [${n}](trials)`, `give ${R} [${n} more ${noun}](trials)`, `pick ${R} back up for [${n} more ${noun}](trials)`,
    `keep going for another [${n}](trials)`, `do [${n} more ${noun}](trials)`, `continue with [${n}](trials) more`, `extend ${R} by [${n} ${noun}](trials)`,
    `add [${n} ${noun}](trials)`, `add [${n} more ${noun}](trials) to ${R}`, `let ${R} run [${n} more ${noun}](trials)`, `[${n}](trials) more please`, `another [${n} ${noun}](trials)`,
    `more trials please, like [${n}](trials)`, `can you run ${R} for [${n}](trials) more?`, `not enough, go another [${n}](trials)`, `bump ${R} by [${n} ${noun}](trials)`,
    `continue ${R} for [${n} more ${noun}](trials)`, `I want [${n} more ${noun}](trials)`, `run ${R} a bit longer, [${n} more ${noun}](trials)`,
    `please continue ${R} with [${n} additional ${noun}](trials)`, `keep ${R} going, [${n} extra ${noun}](trials)`, `go for [${n}](trials) more`,
    `try another [${n}](trials)`, `[${n} more ${noun}](trials) on ${R}`, `could you add [${n} extra ${noun}](trials)?`, `let's do [${n}](trials) more`,
    `top ${R} up with [${n} ${noun}](trials)`, `continue the same study for another [${n} ${noun}](trials)`, `run ${R} for [${n} more rounds](trials)`,
    `do a further [${n}](trials)`, `a further [${n} ${noun}](trials) please`, `can you run a further [${n}](trials) on ${R}?`, `[${n} further ${noun}](trials) on ${R}`,
    `run another [${n}](trials) on ${R}`, `another [${n}](trials) on ${R} please`, `could you do a further [${n}](trials) on ${R}?`, `squeeze in another [${n} ${noun}](trials)`,
  ]);
}

function resume(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `resume ${R}`, `resume`, `pick ${R} back up`, `continue where we left off`, `resume where ${R} stopped`, `unpause ${R}`, `continue ${R}`, `restart ${R} from where it stopped`,
    `can you resume ${R}?`, `please continue ${R}`, `let ${R} continue`, `start ${R} again`, `resume ${R} please`, `go on with ${R}`, `un-pause ${R}`, `continue running ${R}`,
    `I stopped ${R} by accident, resume ${R}`, `bring ${R} back`, `let's continue ${R}`, `keep ${R} running`, `resume the stopped study`, `wake ${R} up again`, `get ${R} going again`,
    `${R} was stopped, continue ${R}`, `back to ${R}, continue please`, `can we pick up where we left off?`, `resume it from the last trial`,
  ]);
}

function status(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `how is ${R} going?`, `any progress?`, `how's ${R} doing?`, `status?`, `what's the status of ${R}?`, `is ${R} done yet?`, `how far along is ${R}?`, `how many trials have finished?`,
    `progress report please`, `is ${R} still running?`, `update?`, `where are we at?`, `how's ${R} coming along?`, `is ${R} finished?`, `what's happening with ${R}?`,
    `how many trials are left?`, `is ${R} complete?`, `give me a status update`, `check on ${R}`, `how is ${R} progressing?`, `are we there yet?`, `what's ${R} up to?`,
    `status of ${R}`, `show the progress of ${R}`, `how long until ${R} finishes?`, `has ${R} finished yet?`, `still going?`, `how much of ${R} is done?`, `running status`, `where is ${R} at?`,
    `progress update?`, `progress update on ${R}?`, `quick progress update please`, `update on ${R}?`, `any update on ${R}?`, `status update?`, `how's ${R} getting on?`,
  ]);
}

function stop(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `stop ${R}`, `cancel ${R}`, `abort`, `kill ${R}`, `halt ${R}`, `stop ${R} now`, `that's enough, stop`, `pause ${R}`, `terminate ${R}`, `end ${R}`, `please stop ${R}`,
    `abort ${R}`, `cancel ${R} please`, `stop ${R} right now`, `ok stop ${R}`, `enough, kill ${R}`, `shut ${R} down`, `can you stop ${R}?`, `stop running ${R}`, `don't continue ${R}, stop`,
    `I've seen enough, stop ${R}`, `call ${R} off`, `stop ${R}, it's taking too long`, `halt`, `cancel`, `wait, stop ${R}`, `scrap ${R}`, `interrupt ${R}`, `stop the trials`, `no more trials, stop`,
  ]);
}

/** Follow-ups in chat shorthand and slang: "stp", "pull the plug", "keep going", "hows it lookin", "any luck?". */
function slangStop(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `stp`, `stop`, `kill [it](reference)`, `kill ${R}`, `pull the plug`, `pull the plug on ${R}`, `enough`, `enough!`, `that's enough, stop`, `thats enough stop`, `halt`, `halt ${R}`,
    `ok enough`, `enough already`, `nuke ${R}`, `shut ${R} down`, `shut [it](reference) off`, `stop stop stop`, `make ${R} stop`, `cut ${R} off`, `end ${R} now`, `kill ${R} pls`,
    `stop pls`, `plz stop ${R}`, `ok that's plenty, stop ${R}`, `enough trials, stop`, `we're done, stop ${R}`, `stop, I've got what I need`, `sotp ${R}`, `kil [it](reference)`, `cancel pls`,
    `abort abort`, `knock [it](reference) off`, `stop [it](reference) already`, `quit ${R}`, `stop the madness`, `that'll do, stop`, `ok stop`, `stop here`, `done, stop ${R}`, `wrap ${R} up now`,
  ]);
}

function slangMore(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `keep going`, `carry on`, `don't stop`, `go on`, `more please`, `more`, `moar`, `more!`, `keep ${R} going`, `let ${R} keep going`, `keep at [it](reference)`, `don't stop now`,
    `carry on with ${R}`, `go on then`, `keep going pls`, `more trials`, `more trials pls`, `another round`, `another round please`, `let ${R} run longer`, `run ${R} longer`,
    `keep [it](reference) up`, `go further`, `don't stop yet, keep going`, `not done yet, keep going`, `continue with more trials`, `keep ${R} going pls`, `do more`, `give [it](reference) more`, `more of that`, `go again`,
    `keep searching`, `keep tuning`, `more runs`, `a few more`, `some more trials`, `let ${R} cook`, `keep ${R} running a bit more`, `go on, more trials`, `carry on tuning`,
  ]);
}

function slangStatus(g: Gen): string {
  const R = ref(g);
  return g.pick([
    `hows [it](reference) lookin`, `how's [it](reference) looking?`, `hows ${R} lookin?`, `where are we at`, `where are we at?`, `any luck?`, `any luck`, `is [it](reference) done yet`, `is ${R} done yet?`, `done yet?`,
    `hows [it](reference) goin`, `how we doing?`, `any news?`, `news?`, `eta?`, `what's the eta on ${R}?`, `how long left?`, `how close are we?`, `are we done?`, `u done?`, `finished?`,
    `sup with ${R}`, `how's ${R} shaping up?`, `how's ${R} going so far?`, `anything yet?`, `how goes [it](reference)?`, `how is [it](reference) going so far`, `progress?`, `wats the status`, `stauts?`,
    `still running?`, `is ${R} still going?`, `how far along are we?`, `what trial are we on?`, `how many trials so far?`, `update pls`, `status pls`, `hows ${R}`,
  ]);
}

function slangImportance(g: Gen, prior: PriorEntities): string {
  const target = corpusTarget(prior.study!.target!);
  const params = Object.keys(target.target.space ?? {});
  const [a, b] = g.sample(params, 2);
  const X = `[${paramName(g, a!)}](space_param)`;
  const Y = `[${paramName(g, b ?? a!)}](space_param)`;
  const metric = prior.study?.metrics?.[0];
  const M = metric && metric !== 'value' ? `[${metricName(g, metric)}](objective)` : g.pick(['the result', 'the score', 'the value']);
  return g.pick([
    `sensitivity analysis`, `sensitivity analysis please`, `run a sensitivity analysis on ${ref(g)}`, `can I get a sensitivity analysis?`, `does ${X} or ${Y} matter more?`,
    `which matters more, ${X} or ${Y}?`, `is ${X} more important than ${Y}?`, `does ${X} even matter?`, `how much does ${X} matter?`, `${X} vs ${Y}, which one matters?`,
    `which params move the needle`, `which params move the needle?`, `what moves the needle on ${M}?`, `what drives ${M}`, `what drives ${M}?`, `what really drives ${M}?`,
    `what's driving ${M}?`, `which knobs actually do something?`, `which settings make the biggest difference?`, `is it ${X} or ${Y} that drives ${M}?`,
    `how sensitive is ${M} to ${X}?`, `does ${M} care about ${X}?`, `what's the impact of ${X} on ${M}?`, `which knob has the most leverage?`, `feature importance of the params?`,
    `what matters and what doesn't?`, `which params can I just leave at default?`, `rank ${X}, ${Y} and the rest by importance`, `param importances pls`, `whats most important`,
  ]);
}

function slangSwitch(g: Gen, prior: PriorEntities): string {
  const target = corpusTarget(prior.study!.target!);
  const metric = drawMetric(g, target, prior.study?.metrics ?? []);
  const O = `[${metricName(g, metric)}](objective)`;
  return g.pick([
    `now do it for ${O}`, `now do ${ref(g)} for ${O}`, `what about ${O} instead`, `what about ${O} instead?`, `same but for ${O}`, `same but for ${O} this time`, `how about ${O}?`,
    `how about optimizing ${O} instead?`, `${O} instead`, `${O} instead pls`, `and for ${O}?`, `now for ${O}`, `ok now ${O}`, `can you do ${O} now?`, `try ${O} instead`,
    `swap the objective for ${O}`, `rerun ${ref(g)} but for ${O}`, `same target, ${O} this time`, `go after ${O} now`, `ok next: ${O}`, `this time optimise ${O}`, `do ${O} next`,
    `repeat that for ${O}`, `same again but optimise for ${O}`, `now tune for ${O}`, `what if we went for ${O}?`, `let's look at ${O} now`,
  ]);
}

/** Wait for the study to finish and then report ("let me know when it's done"). */
function waitFor(g: Gen): string {
  const R = ref(g);
  const S = `[${g.pick([...STUDY_REFS, 'my study', 'the tuning', 'my run', 'the study'])}](reference)`;
  const then = g.pick(['', '', ' then show me the result', ', then show me the best params', ' and then give me the results', ', then tell me the best trial', ' and show me what [it](reference) found', ' and report back', ', then summarize', ' and show the winner']);
  return g.pick([
    `wait for ${S} to finish${then}`, `wait for [my study](reference) to finish${then}`, `let me know when ${R}'s done`, `let me know when ${S} is done`, `wait till ${R} finishes${then}`,
    `wait till ${R} finishes then show me the result`, `wait until ${S} is finished${then}`, `tell me when ${S} is done`, `tell me when ${R} finishes${then}`,
    `ping me when ${R}'s done`, `ping me when ${S} finishes`, `notify me once ${S} completes`, `let me know once ${S} finishes${then}`, `let me know when [it](reference)'s done`,
    `I'll wait, tell me when ${R}'s finished`, `just wait for ${R}${then}`, `wait for the results${then}`, `wait for completion${then}`, `hold on until ${S} completes${then}`,
    `let ${R} finish${then}`, `let ${R} finish and then show me the best trial`, `wake me up when ${R}'s done`, `give me a shout when ${R} finishes`, `report back when ${S} is over`,
    `come back to me when ${R}'s finished`, `don't stop ${R}, wait till [it](reference) ends${then}`, `wait for ${R}`, `wait for [it](reference) to end`, `I'll wait for ${R}`, `await ${S}${then}`, `block until ${S} is done`,
    `once ${S} is done, show me the results`, `when ${R} finishes, tell me the best params`, `when ${S} is over let me know`, `can you wait for ${S} to finish?`, `w8 for ${R} to finish`,
    `tell me once the trials are ${g.pick(['all finished', 'all done', 'done', 'complete'])}`, `let me know once all the trials have finished${then}`, `when all trials are done, ${g.pick(['show me the results', 'tell me', 'ping me', 'report the best one'])}`,
    `hang on until ${S} is complete${then}`, `i'll grab a coffee, ping me when ${R} wraps up`, `tell me when ${R} wraps up`, `keep an eye on ${S} and tell me when ${R}'s done`,
    `lmk when ${R}'s done`, `lmk when ${S} finishes`, `keep me posted until ${R} finishes`, `let [it](reference) run to the end${then}`, `wait for the last trial to finish${then}`,
    `wait until [it](reference)'s ${g.pick(['finished', 'done', 'over', 'complete'])}${g.pick([' and then tell me', ' then report', ' and then show me', ', then let me know', ''])}`,
    `wait till [it](reference)'s ${g.pick(['finished', 'done', 'over'])}${g.pick([' and then tell me', ' then report back', ''])}`, `hold on till ${R} finishes and then tell me`,
  ]);
}

const BEST_NOUNS = ['best parameters', 'best params', 'top results', 'winning config', 'best runs', 'leaderboard', 'best trials', 'best trial', 'best hyperparameters', 'best settings', 'best configuration', 'optimum', 'best result', 'best values', 'top 5 trials', 'top configs', 'pareto front', 'pareto-optimal trials', 'trade-offs', 'best score', 'winner', 'best combination'];

function best(g: Gen, prior: PriorEntities): string {
  const noun = g.pick(BEST_NOUNS);
  const R = ref(g);
  const target = prior.study?.target ? corpusTarget(prior.study.target) : drawTarget(g);
  const T = targetPhrase(g, target, { bare: true });
  return g.pick([
    `what were the ${noun}?`, `show me the ${noun}`, `what did you find?`, `show the ${noun}`, `give me the ${noun}`, `what's the ${noun} so far?`, `which config won?`, `list the ${noun}`,
    `what are the ${noun} of ${R}?`, `show the ${noun} of ${R}`, `what's the ${noun}`, `what came out on top?`, `what did ${R} find?`, `results?`, `what are the results?`, `show results`,
    `show the best ${T} params`, `what are the best ${T} settings you found?`, `which trial was best?`, `what's the best value found?`, `print the ${noun}`, `can I see the ${noun}?`,
    `so what's the answer?`, `what should I use?`, `which configuration should I deploy?`, `what's winning?`, `who's on top?`, `summarize the ${noun}`, `I'd like to see the ${noun}`,
    `tell me the ${noun}`, `the ${noun}, please`, `display the ${noun} of ${R}`,
    `${g.pick(['leaderboard', 'standings', 'top 3', 'top five', 'ranking'])} ${g.pick(['please', 'pls', '?', ''])}`, `who's winning?`, `current leader?`,
  ]);
}

function importance(g: Gen, prior: PriorEntities): string {
  const metric = prior.study?.metrics?.[0];
  const M = metric && metric !== 'value' ? `[${metricName(g, metric)}](objective)` : 'the result';
  const knobs = g.pick(['parameters', 'params', 'knobs', 'settings', 'hyperparameters', 'hyperparams', 'variables', 'dials', 'options', 'inputs']);
  return g.pick([
    `which ${knobs} matter most?`, `which ${knobs} matter?`, `what drives ${M}?`, `which ${knobs} are the most important?`, `${knobs.replace(/s$/, '')} importance`, `sensitivity analysis please`,
    `what affects ${M} the most?`, `which ${knobs} had the biggest impact?`, `what ${knobs} does ${M} depend on?`, `rank the ${knobs} by importance`, `which knob should I care about?`,
    `how sensitive is ${M} to each ${knobs.replace(/s$/, '')}?`, `what matters most for ${M}?`, `which ${knobs} can I ignore?`, `show ${knobs.replace(/s$/, '')} importances`,
    `what influences ${M}?`, `which ${knobs} make a difference?`, `which of the ${knobs} is most influential?`, `what's driving the results?`, `importance of each ${knobs.replace(/s$/, '')}?`,
    `does any ${knobs.replace(/s$/, '')} actually matter?`, `what's the most important ${knobs.replace(/s$/, '')} for ${ref(g)}?`, `which ${knobs} move ${M}?`, `what has the most effect on ${M}?`,
  ]);
}

function why(g: Gen): string {
  const that = `[${g.pick(['that one', 'that', 'it', 'this config', 'the best trial', 'the winner', 'that trial', 'this one', 'the top one', 'that configuration', 'the best one'])}](reference)`;
  return g.pick([
    `why is ${that} better?`, `why did ${that} win?`, `explain why ${that} is better`, `what makes ${that} better?`, `how come ${that} is faster?`, `why?`, `why that config?`,
    `can you explain the result?`, `why does ${that} use so many trees?`, `why is ${that} the best?`, `what's special about ${that}?`, `how is ${that} better than the others?`,
    `explain ${that}`, `why would ${that} be faster?`, `why is ${that} more accurate?`, `what's the reason ${that} wins?`, `why did you pick ${that}?`, `why does ${that} perform best?`,
    `what explains ${that}?`, `why is ${that} ranked first?`, `how do you know ${that} is better?`, `why not the second one?`,
  ]);
}

function switchObjective(g: Gen, prior: PriorEntities): string {
  const target = corpusTarget(prior.study!.target!);
  const current = prior.study?.metrics ?? [];
  const metric = target.family === 'builtin' ? 'value' : drawMetric(g, target, current);
  const O = `[${metricName(g, metric)}](objective)`;
  const d = metricDirection(target, metric);
  const D = `[${g.pick(d === 'minimize' ? MINIMIZE : MAXIMIZE)}](direction)`;
  const Ding = `[${d === 'minimize' ? g.pick(['minimizing', 'minimising', 'reducing', 'lowering']) : g.pick(['maximizing', 'maximising', 'increasing', 'improving'])}](direction)`;
  const old = current[0] && current[0] !== 'value' ? metricName(g, current[0]) : 'that';
  return g.pick([
    `now optimize for ${O} instead`, `switch to ${Ding} ${O} instead`, `actually, I care about ${O} more`, `same thing but for ${O}`, `optimize ${ref(g)} for ${O} instead`,
    `change the objective to ${O}`, `what about ${O}? optimize that instead`, `now ${D} ${O}`, `let's go for ${O} now`, `redo it targeting ${O}`, `forget ${old}, focus on ${O}`,
    `instead of ${old}, ${D} ${O}`, `now try ${Ding} ${O}`, `switch the objective to ${O}`, `ok, now ${D} ${O} instead`, `same target, but ${D} ${O}`, `and now for ${O}`,
    `optimize [${g.pick(target.names)}](target) for ${O} instead`, `now tune [${g.pick(target.names)}](target) for ${O}`, `same [${g.pick(target.names)}](target) study but for ${O}`,
    `optimize for ${O} this time`, `new objective: ${O}`, `let's ${D} ${O} now instead of ${old}`, `do the same for ${O}`, `rerun it for ${O}`, `target ${O} instead`,
    ...(metric.includes('latency') || metric.endsWith('_ms') ? [`now make it [${g.pick(FASTER)}](direction) instead`] : []),
  ]);
}

function tryAgain(g: Gen, prior: PriorEntities): string {
  const target = corpusTarget(prior.study!.target!);
  const R = ref(g);
  const change = g.pick<() => string>([
    () => `[${g.pick(g.pick(Object.values(SAMPLERS)))}](sampler)`,
    () => `[${count(g, trialCount(g))} ${g.pick(TRIAL_NOUNS)}](trials)`,
    () => `[${g.pick(g.pick(Object.values(PRUNERS)))}](pruner)`,
    () => `seed [${g.pick([1, 2, 3, 5, 7, 42, 100])}](seed)`,
    () => `[${g.pick(['4 at a time', '8 in parallel', '2 parallel workers', 'four at once'])}](parallel)`,
    () => `a [${studyDuration(g)}](time_budget) limit`,
    () => (target.family === 'builtin' ? `[${g.pick(['random search', 'TPE'])}](sampler)` : constraintPhrase(g, target, prior.study?.metrics ?? [], true)),
    () => {
      const space = target.target.space ?? {};
      const [param, spec] = g.pick(Object.entries(space));
      const v = paramValues(g, spec!);
      return v.choice !== undefined ? `[${paramName(g, param!)}](space_param) fixed at [${v.choice}](space_value)` : `[${paramName(g, param!)}](space_param) between [${v.low}](space_value) and [${v.high}](space_value)`;
    },
  ])();
  return g.pick([
    `try again with ${change}`, `same but with ${change}`, `rerun ${R} using ${change}`, `do ${R} again with ${change}`, `again, but with ${change}`, `retry with ${change}`,
    `one more time with ${change}`, `run the same study with ${change}`, `repeat ${R} with ${change}`, `same study, ${change}`, `try ${R} again but with ${change}`,
    `redo ${R} with ${change}`, `let's try that again with ${change}`, `restart ${R} with ${change}`, `same setup but ${change}`, `rerun with ${change}`, `try once more, ${change} this time`,
    `can you redo it using ${change}?`, `again with ${change} please`, `same thing with ${change}`, `start over with ${change}`, `give it another go with ${change}`,
  ]);
}

/** Follow-ups that name the study by its target ("is the xgboost study done?"): the name is the target, not a reference. */
function namedFollowUp(g: Gen, intent: 'status' | 'stop' | 'importance' | 'resume', prior: PriorEntities): string {
  const T = `[${g.pick(corpusTarget(prior.study!.target!).names)}](target)`;
  const study = g.pick(['study', 'run', 'search', 'optimization', 'sweep', 'tuning']);
  switch (intent) {
    case 'status':
      return g.pick([`is the ${T} ${study} done?`, `how is the ${T} ${study} going?`, `status of the ${T} ${study}?`, `how far is ${T}?`, `is ${T} finished yet?`]);
    case 'stop':
      return g.pick([`stop the ${T} ${study}`, `kill the ${T} ${study}`, `cancel ${T}`, `abort the ${T} ${study} now`, `halt the ${T} ${study}`]);
    case 'importance':
      return g.pick([`which ${T} parameters matter most?`, `what matters for ${T}?`, `which knobs of ${T} make a difference?`, `parameter importance for ${T}`]);
    case 'resume':
      return g.pick([`resume the ${T} ${study}`, `continue the ${T} ${study}`, `pick the ${T} ${study} back up`, `restart the stopped ${T} ${study}`]);
  }
}

export const FOLLOW_UP_TEMPLATES: Template[] = [
  ...(['status', 'stop', 'importance', 'resume'] as const).map((intent): Template => ({ intent, weight: 0.15, make: (g) => followUp(g, (gen, prior) => namedFollowUp(gen, intent, prior)) })),
  { intent: 'more_trials', make: (g) => followUp(g, moreTrials) },
  { intent: 'resume', make: (g) => followUp(g, resume) },
  { intent: 'status', make: (g) => followUp(g, status) },
  { intent: 'stop', make: (g) => followUp(g, stop) },
  { intent: 'best', make: (g) => followUp(g, best) },
  { intent: 'importance', make: (g) => followUp(g, importance) },
  { intent: 'why', make: (g) => followUp(g, why) },
  { intent: 'switch_objective', make: (g) => {
    const prior = studyPrior(g, drawTarget(g, notBuiltin));
    return { markup: switchObjective(g, prior), prior };
  } },
  { intent: 'try_again', make: (g) => followUp(g, tryAgain) },
  { intent: 'stop', weight: 0.9, make: (g) => followUp(g, slangStop) },
  { intent: 'more_trials', weight: 0.6, make: (g) => followUp(g, slangMore) },
  { intent: 'status', weight: 0.8, make: (g) => followUp(g, slangStatus) },
  { intent: 'importance', weight: 0.8, make: (g) => {
    const prior = studyPrior(g, drawTarget(g, notBuiltin));
    return { markup: slangImportance(g, prior), prior };
  } },
  { intent: 'switch_objective', weight: 0.8, make: (g) => {
    const prior = studyPrior(g, drawTarget(g, notBuiltin));
    return { markup: slangSwitch(g, prior), prior };
  } },
  { intent: 'wait', make: (g) => followUp(g, waitFor) },
];
