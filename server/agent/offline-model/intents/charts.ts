import { STUDY_CHART_KINDS, type StudyChartKind } from '../../../studies-protocol.ts';
import type { Intent } from '../../nlu/types.ts';
import { editDistance, maxEdits } from '../../nlu/fuzzy.ts';
import { isRecord, type Plan, type PlanInput } from '../plan.ts';
import { previousStudy } from './follow-up.ts';
import { namedStudyId } from './study-ids.ts';
import { isDryRun } from './tune.ts';

/**
 * "show the convergence as a graph", "chart the Pareto front", "parallel coordinates plot": chart_study on the
 * session's study (or the one named by id) with the kind of chart the words name. The kind is read here, from the
 * corrected text, for every understanding alike; the encoder only decides that a chart is wanted.
 */

/** Readings a chart request is taken for when the encoder misses the picture words: questions about a study, a tuning verb with no target. */
export const CHART_NEIGHBOURS: ReadonlySet<Intent> = new Set(['best', 'importance', 'status', 'why', 'tune', 'switch_objective', 'try_again', 'out_of_scope', 'help', 'wait']);

/** Words that ask for a picture rather than numbers. */
export const CHART_WORDS = /\b(?:plot\w*|chart\w*|graph\w*|visuali[sz]\w*|draw\w*|diagram\w*|figure(?! out)|curves?|picture|image|png|sparkline|bar ?charts?|scatter\w*|table|tabulate|heat ?map)\b/;

/** Words of chart requests, for reading them through typos ("vizualize the convergance", "plto"). */
const CHART_VOCABULARY = [
  'plot', 'chart', 'graph', 'visualize', 'visualise', 'draw', 'diagram', 'figure', 'curve', 'curves', 'picture', 'sparkline', 'scatter', 'table',
  'convergence', 'converge', 'converged', 'history', 'progress', 'pareto', 'frontier', 'front', 'importance', 'importances', 'parallel', 'coordinates',
  'intermediate', 'learning', 'trials',
];

/**
 * The text with misspelt chart words put right, one word at a time within the same edit budget as the typo corrector
 * (fuzzy.ts): the corrector bends words towards the tuning vocabulary, where "convergance" becomes "covariance".
 */
export function chartText(raw: string): string {
  return raw.toLowerCase().replace(/[a-z]+/g, (word) => {
    if (word.length < 4 || CHART_VOCABULARY.includes(word)) return word;
    let best: { word: string; edits: number } | null = null;
    for (const candidate of CHART_VOCABULARY) {
      const edits = editDistance(word, candidate, maxEdits(word.length));
      if (edits <= maxEdits(word.length) && edits <= maxEdits(candidate.length) && (!best || edits < best.edits)) best = { word: candidate, edits };
    }
    return best?.word ?? word;
  });
}

/** The kind each phrase names, most specific first ("parallel coordinates" before "parallel", "learning curves" before "curve"). */
const KIND_PATTERNS: Array<[StudyChartKind, RegExp]> = [
  ['parallel', /\bparallel[- ]?coord\w*|\bpar ?coords?\b|\bparallel (?:plot|chart|graph|view|lines)\b|\bparallel axes\b/],
  ['intermediate', /\bintermediate\b|\blearning[- ]curves?\b|\btraining curves?\b|\bloss curves?\b|\bper[- ](?:epoch|step|iteration)\b|\b(?:epochs?|steps?) curves?\b|\bpruned (?:trials?|runs?|curves?)\b|\bpartial (?:results|values)\b/],
  ['pareto', /\bpareto\b|\btrade-?offs?\b|\bfront(?:ier)?\b|\bnon-?dominated\b/],
  ['importance', /\bimportan\w*|\b(?:which|what) (?:param\w*|hyper ?param\w*|knobs?|settings?|features?) (?:matter|count|influence|drive)\w*|\bsensitiv\w*|\bmatters? (?:the )?most\b/],
  ['trials', /\btables?\b|\btabulate\b|\bspreadsheet\b|\b(?:every|all|each) (?:the )?(?:trials?|runs?|evaluations?)\b|\btrials? (?:list|grid)\b|\blist (?:of )?(?:all )?(?:the )?trials\b/],
  ['history', /\bhistory\b|\bconverg\w*|\bprogress\b|\bbest[- ]so[- ]far\b|\bover time\b|\bimprov\w*|\bobjective (?:curve|plot|chart|graph)\b|\boptimi[sz]ation (?:curve|plot|chart|graph|trace)\b|\btrace\b|\btrend\b/],
];

/** The chart kind the text names, or null. */
export function chartKindIn(text: string): StudyChartKind | null {
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  return null;
}

/** The kind asked for; without a kind word, the optimization history (the chart people mean by "plot it"). */
export function chartKindOf(text: string): StudyChartKind {
  return chartKindIn(text) ?? 'history';
}

/** chart_study on the named study, else the session's latest, then a sentence with the tool's summary and text rendering. */
export function chartPlan(kind: StudyChartKind, input: PlanInput): Plan {
  const named = namedStudyId(input.raw);
  const studyId = named ?? previousStudy(input.conversation)?.studyId ?? null;
  const args: Record<string, unknown> = { chart: kind };
  if (studyId) args.study_id = studyId;
  const where = studyId ? `study ${studyId}` : 'the latest study of this session';
  return {
    intent: 'chart_study',
    steps: [{ tool: 'chart_study', input: () => args }],
    write: (done) => {
      const output = done.find((e) => e.toolName === 'chart_study')?.output;
      if (isDryRun(output)) return `Dry run: I would draw the ${CHART_TITLES[kind]} of ${where}.`;
      if (!isRecord(output)) return `Here is the ${CHART_TITLES[kind]} of ${where}.`;
      const summary = typeof output.summary === 'string' ? output.summary : '';
      const text = typeof output.text === 'string' && output.text.trim() ? `\n\n\`\`\`\n${output.text.replace(/\n+$/, '')}\n\`\`\`` : '';
      return `Here is the ${CHART_TITLES[kind]} of ${typeof output.study_id === 'string' ? `study ${output.study_id}` : where}.${summary ? ` ${summary}` : ''}${text}`;
    },
  };
}

const CHART_TITLES: Record<StudyChartKind, string> = {
  history: 'optimization history (every trial and the best so far)',
  pareto: 'Pareto front',
  importance: 'parameter importance chart',
  parallel: 'parallel coordinates plot',
  intermediate: 'intermediate values (learning curves) per trial',
  trials: 'trials table',
};

/**
 * The keyword rule: a chart word with a study to draw ("plot the history", "graph the importance"), or a chart
 * kind that is only ever a chart ("parallel coordinates", "learning curves"). Not a rule or a benchmark.
 */
export function matchChart(input: PlanInput): Plan | null {
  const { text } = input;
  if (/\b(?:alert|notify|rule|benchmark|load ?test|if|when)\b/.test(text)) return null;
  const kind = chartKindIn(text);
  const onlyChart = kind === 'parallel' && /coord|par ?coords?/.test(text) || (kind === 'intermediate' && /\bcurves?\b|\bintermediate\b/.test(text));
  const study = previousStudy(input.conversation) !== null || namedStudyId(input.raw) !== null || /\b(?:study|studies|trials?|optimi[sz]ation|run)\b/.test(text);
  if (onlyChart || (CHART_WORDS.test(text) && study && !/\b(?:tune|optimi[sz]e|minimi[sz]e|maximi[sz]e)\b.*\b(?:for|with)\b/.test(text))) return chartPlan(kind ?? 'history', input);
  return null;
}

export { STUDY_CHART_KINDS };
