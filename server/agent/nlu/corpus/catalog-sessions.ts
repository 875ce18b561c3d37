import type { Gen, Template } from './gen.ts';
import { url } from './bench.ts';

/**
 * Targets (list what can be tuned, register a new one) and sessions (list earlier conversations, replay one).
 */

function listTargets(g: Gen): string {
  const things = g.pick(['targets', 'models', 'services', 'registered models', 'registered targets', 'tunable things', 'registered services', 'systems', 'problems', 'benchmarks', 'functions', 'options']);
  return g.pick([
    `what can you tune?`, `what ${things} are available?`, `list the ${things}`, `which ${things} do you know?`, `show me the ${things}`, `what ${things} are registered?`, `what's registered?`,
    `what can I optimize?`, `what can you optimise?`, `list ${things}`, `which ${things} can I tune?`, `what do you know how to tune?`, `show available ${things}`, `what ${things} do we have?`,
    `what are my options for tuning?`, `what can I run a study on?`, `which ${things} are set up?`, `give me the list of ${things}`, `what is there to tune?`, `${things}?`,
    `what models do you know about?`, `tell me which ${things} exist`, `what can be tuned here?`, `show me everything I can tune`, `enumerate the ${things}`, `is there a list of ${things}?`,
    `${g.pick(['so ', 'ok so ', '', 'right, '])}what ${g.pick(['am I able to', 'can I', 'could I', 'is it possible to'])} ${g.pick(['optimise', 'optimize', 'tune', 'run studies on'])} ${g.pick(['in here', 'here', 'with this', 'in this thing', 'at all'])}?`,
    `what's available to ${g.pick(['optimise', 'tune', 'benchmark'])}${g.pick(['', ' here', ' in here'])}?`, `which ${things} can I pick from?`,
  ]);
}

const NEW_NAMES = ['scorer', 'my-model', 'ranker-v2', 'embedder', 'tokenizer-bench', 'api-gw', 'detector', 'summarizer', 'etl2', 'pricing-svc', 'forecast', 'vision-v3', 'trainer'];
const REG_COMMANDS = ['python3 score.py', 'python3 train.py --quick', 'node bench.js', './eval.sh', 'python3 -m mypkg.evaluate', 'bash run_eval.sh', 'python eval.py --json', 'cargo run --release --bin score'];

function registerTarget(g: Gen): string {
  const N = `[${g.pick(NEW_NAMES)}](target)`;
  const how = g.weighted<string>([
    [`[\`${g.pick(REG_COMMANDS)}\`](command)`, 3],
    [`[${url(g)}](url)`, 1],
  ]);
  const isUrl = how.includes('](url)');
  const metric = g.pick([['accuracy', 'maximize'], ['latency_ms', 'minimize'], ['f1', 'maximize'], ['loss', 'minimize'], ['throughput', 'maximize'], ['auc', 'maximize'], ['p99_ms', 'minimize']] as const);
  const dirWord = metric[1] === 'maximize' ? g.pick(['maximize', 'max', 'higher is better', 'maximise']) : g.pick(['minimize', 'min', 'lower is better', 'minimise']);
  const reports = g.pick([
    ` and reports [${metric[0]}](objective) ([${dirWord}](direction))`,
    ` that reports [${metric[0]}](objective)`,
    `, metric [${metric[0]}](objective) ([${dirWord}](direction))`,
    `; it prints [${metric[0]}](objective)`,
    '',
    '',
  ]);
  const runs = isUrl ? g.pick(['at', 'served at', 'listening on', 'reachable at']) : g.pick(['that runs', 'which runs', 'running', 'with command', 'using']);
  return g.pick([
    `register a target called ${N} ${runs} ${how}${reports}`, `add a target named ${N} ${runs} ${how}${reports}`, `create a new target ${N}: ${how}${reports}`,
    `register ${N} ${runs} ${how}${reports}`, `can you register my model ${N}? it ${isUrl ? 'is served at' : 'runs with'} ${how}${reports}`, `new target ${N}, ${runs} ${how}${reports}`,
    `I want to add ${N} as a target, ${runs} ${how}${reports}`, `please register a ${isUrl ? 'service' : 'command'} target named ${N} ${runs} ${how}${reports}`,
    `add my script as a target called ${N}: ${how}${reports}`, `register a target`, `how do I register my own model?`, `I want to add a new target`, `make ${N} tunable, it ${isUrl ? 'lives at' : 'runs'} ${how}${reports}`,
    `set up a target named ${N} ${runs} ${how}${reports}`, `hook up ${N} (${how})${reports} as a target`,
  ]);
}

const SESSION_WORDS = ['conversations', 'sessions', 'chats', 'previous conversations', 'past sessions', 'earlier chats', 'old conversations', 'chat history', 'past conversations', 'previous sessions', 'history'];

function listSessions(g: Gen): string {
  const s = g.pick(SESSION_WORDS);
  return g.pick([
    `show my previous conversations`, `list my ${s}`, `show me my ${s}`, `what did we do last time?`, `what have we talked about before?`, `list ${s}`, `show the ${s}`,
    `do you remember our ${s}?`, `what ${s} do I have?`, `can I see my ${s}?`, `what did we work on earlier?`, `what were we doing before?`, `where did we leave off last time?`,
    `bring up my ${s}`, `pull up the ${s}`, `what sessions exist?`, `show ${s}`, `what did I ask you before?`, `any saved ${s}?`, `list all ${s}`, `what's in my ${s}?`,
    `what did we discuss yesterday?`, `which ${s} are saved?`, `recap our earlier chats`, `show the history of my chats`, `I had a conversation with you last week, can you list them?`,
  ]);
}

function replaySession(g: Gen): string {
  const which = g.weighted<string>([
    [`[${g.pick(["yesterday's", 'the first', 'the last', 'the previous', 'the latest', 'the oldest', 'the second', "last week's", "this morning's", "Monday's", 'the most recent', 'my last', 'the earlier'])}](session_ref)`, 5],
    [`[${g.pick(['ses_', 'session-', 's-'])}${g.pick(['a1b2c3d4', '7f3e91', 'k29x8a', '0042', 'zz91qp'])}](session_ref)`, 2],
    [`[${g.pick(['3f2c9a10-5b1d-4e7a-9c21-0a8e5d2b7f44', '9b7e1c2d-0000-4abc-8def-123456789abc'])}](session_ref)`, 1],
  ]);
  const noun = g.pick(['session', 'conversation', 'chat', 'one']);
  const isId = !which.includes("'") && /\d/.test(which);
  const W = isId ? `${g.pick(['session', 'conversation', 'chat'])} ${which}` : `${which} ${noun}`;
  return g.pick([
    `replay ${W}`, `show me ${W}`, `open ${W}`, `play back ${W}`, `can you replay ${W}?`, `what happened in ${W}?`, `re-run ${W}`, `show what we did in ${W}`,
    `go through ${W} again`, `replay ${W} please`, `load ${W}`, `I want to see ${W} again`, `bring back ${W}`, `show the transcript of ${W}`, `open up ${W}`, `walk me through ${W}`,
  ]);
}

const SCRIPT_NAMES = ['fastsort', 'ranker', 'scorer', 'imgclass', 'qa-bot', 'compressor', 'recsys', 'parser-bench', 'sorter', 'matcher', 'router', 'kvstore', 'denoiser', 'etl-job'];
const SCRIPT_COMMANDS = ['node bench.js', 'python3 eval.py', 'python rank.py --eval', './bench.sh', 'python3 -m ranker.evaluate', 'npm run bench', 'go run ./cmd/bench', 'python3 score.py --quiet', 'java -jar eval.jar', 'ruby bench.rb', 'make eval', 'python3 run.py --json'];
const SCRIPT_METRICS: Array<readonly [string, 'minimize' | 'maximize']> = [
  ['time_ms', 'minimize'], ['ndcg', 'maximize'], ['score', 'maximize'], ['rmse', 'minimize'], ['mae', 'minimize'], ['accuracy', 'maximize'], ['f1', 'maximize'], ['loss', 'minimize'],
  ['latency_ms', 'minimize'], ['qps', 'maximize'], ['runtime_s', 'minimize'], ['bleu', 'maximize'], ['recall@10', 'maximize'], ['mem_mb', 'minimize'], ['throughput', 'maximize'],
];

/**
 * Registering a script in the user's own words: "register my script `node bench.js` as target fastsort, it prints
 * time_ms which should be minimised", "add a new target named ranker, command `…`, it reports ndcg (maximize)".
 */
function registerScript(g: Gen): string {
  const N = `[${g.pick(SCRIPT_NAMES)}](target)`;
  const C = `[\`${g.pick(SCRIPT_COMMANDS)}\`](command)`;
  const [metric, direction] = g.pick(SCRIPT_METRICS);
  const M = `[${metric}](objective)`;
  const up = direction === 'maximize';
  const D = `[${up ? g.pick(['maximize', 'maximise', 'max', 'higher is better', 'bigger is better', 'maximized']) : g.pick(['minimize', 'minimise', 'min', 'lower is better', 'smaller is better', 'minimized'])}](direction)`;
  const Dshould = `[${up ? g.pick(['maximised', 'maximized', 'as high as possible', 'higher']) : g.pick(['minimised', 'minimized', 'as low as possible', 'lower'])}](direction)`;
  const reports = g.pick([
    `it prints ${M} which should be ${Dshould}`, `it reports ${M} (${D})`, `it outputs ${M}, ${D}`, `it prints ${M}, ${D}`, `metric ${M}, ${D}`, `it reports ${M} and ${D}`,
    `the metric is ${M} (${D})`, `it emits ${M}, which should be ${Dshould}`, `it writes ${M} to stdout, ${D}`, `objective ${M} (${D})`, `it reports ${M}`, `it prints ${M}`,
  ]);
  return g.pick([
    `register my script ${C} as target ${N}, ${reports}`, `add a new target named ${N}, command ${C}, ${reports}`, `register ${C} as a target called ${N}; ${reports}`,
    `new target ${N}: command ${C}, ${reports}`, `please add ${C} as target ${N}. ${reports}`, `make ${C} a target named ${N}, ${reports}`, `track ${C} as ${N}, ${reports}`,
    `I have a script ${C}, register it as ${N}, ${reports}`, `can you register ${C} under the name ${N}? ${reports}`, `add target ${N} = ${C}, ${reports}`,
    `register a new target ${N} with command ${C}; ${reports}`, `my benchmark ${C} should be a target called ${N}, ${reports}`, `set up ${N} as a target: run ${C}, ${reports}`,
    `hook ${C} up as target ${N}, ${reports}`, `create target ${N} from ${C}, ${reports}`, `here's a new target, ${N}, it runs ${C} and ${reports.replace(/^it /, '')}`,
  ]);
}

export const CATALOG_SESSION_TEMPLATES: Template[] = [
  { intent: 'register_target', weight: 0.8, make: (g) => ({ markup: registerScript(g) }) },
  { intent: 'list_targets', make: (g) => ({ markup: listTargets(g) }) },
  { intent: 'register_target', make: (g) => ({ markup: registerTarget(g) }) },
  { intent: 'list_sessions', make: (g) => ({ markup: listSessions(g) }) },
  { intent: 'replay_session', make: (g) => ({ markup: replaySession(g), ...(g.chance(0.25) ? { prior: { sessions: true } } : {}) }) },
];
