import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * Families of session look-ups and study follow-ups the encoder misread (earlier sessions asked about in passing; the
 * best trials, the status and the importance asked in words it took for something else), each checked with wordings of
 * its own through the real turn loop (dry run, graph understanding), as in phrasing-families.test.ts.
 */
const CASES: FamilyCase[] = [
  ['"what have we discussed previously?" asks for the earlier sessions', ['what have we discussed previously?'], { calls: [{ tool: 'list_sessions' }] }],
  ['"what was I doing … the other day?" asks for the earlier sessions', ['hey there', 'what was I doing in here the other day?'], { calls: [{ tool: 'list_sessions' }] }],
  ['"old convos" are sessions', ['any old convos saved?'], { calls: [{ tool: 'list_sessions' }] }],
  ['"the chat where we …" is looked up in the session list', ['could you track down the conversation where we load tested the checkout api?'], { calls: [{ tool: 'list_sessions' }] }],
  ['"in an earlier chat" after a study is a session look-up, not a chart', ['tune rosenbrock with 15 trials', 'have I tried this in a previous conversation?'],
    { calls: [{ tool: 'list_sessions' }] }],
  ['"the chat I had with you yesterday" after a replay verb is one session replayed', ['take me back through the chat we had yesterday'],
    { calls: [{ tool: 'replay_session', args: { which: 'yesterday' } }] }],
  ['"what did we cover in the session before this one?" is that session replayed', ['what did we cover in the session before this one?'],
    { calls: [{ tool: 'replay_session', args: { which: 'previous' } }] }],
  ['a request to act that mentions an earlier session is not a look-up', ['optimize ackley with 30 trials, same as in our earlier chat'], { calls: [{ tool: 'start_study', args: { target: 'ackley', trials: 30 } }] }],
  ['"top of the leaderboard" is the best trials', ['minimize ackley with 20 trials', 'show me the leaderboard'], { calls: [{ tool: 'best_trials' }] }],
  ['"the optimal values" asked for are the best trials', ['tune rosenbrock with 20 trials', 'list the optimal parameter values'], { calls: [{ tool: 'best_trials' }] }],
  ['"what should we go with?" after a study is the best trials', ['tune branin with 20 trials', 'ok, what should we go with?'], { calls: [{ tool: 'best_trials' }] }],
  ['"what should I set X to?" after a study is the best trials', ['tune example-service for 20 trials', 'what should I set the worker count to?'], { calls: [{ tool: 'best_trials' }] }],
  ['"non-dominated" trials are the Pareto front', ['tune xgboost for accuracy and latency with 20 trials', 'list the non-dominated configs'], { calls: [{ tool: 'best_trials' }] }],
  ['Optuna\'s best_value is the best trials', ['tune branin with 20 trials', 'print best_value'], { calls: [{ tool: 'best_trials' }] }],
  ['"how fast is the best model?" is a question about the best trial', ['tune xgboost for accuracy with 20 trials', 'how fast is the best model?'], { calls: [{ tool: 'best_trials' }] }],
  ['"the number of finished trials" is the status', ['tune branin with 20 trials', 'please tell me the number of finished trials'], { calls: [{ tool: 'study_status' }] }],
  ['"how is that second round coming along?" is the status', ['tune branin with 20 trials', '20 more', 'how is that second round coming along?'], { calls: [{ tool: 'study_status' }] }],
  ['"which of those had the most impact?" is the importance', ['tune branin with 20 trials', 'show me the best params', 'which of those had the biggest effect?'],
    { calls: [{ tool: 'param_importance' }] }],
  ['out-of-scope advice after a study stays without calls', ['tune branin with 20 trials', 'what should I use for dinner?'], { no_calls: true }],
  ['"N more" after a study is still more trials', ['tune branin with 20 trials', 'give it 15 extra trials'], { calls: [{ tool: 'continue_study', args: { trials: 15 } }] }],
];

describeFamilies('phrasing families of session look-ups and study follow-ups', CASES);
