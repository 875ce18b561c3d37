import type { Gen, Template } from './gen.ts';
import { STUDY_REFS, studyPrior } from './pieces.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Charts of a study (chart_study): "show the convergence as a graph", "chart the Pareto front", "graph the
 * importance", "parallel coordinates plot", "learning curves", "the trials table", with every verb people use for a
 * picture (plot, chart, graph, visualise, draw, sketch) and in chat shorthand. The chart kind is read by the planner
 * from the words (intents/charts.ts); only the study reference and a pasted study id are labelled.
 * Near misses stay in their own intents: "show the best trials" is best, "which knobs matter?" importance.
 */

const KIND_PHRASES: Record<string, string[]> = {
  history: [
    'the convergence', 'the optimization history', 'the optimisation history', 'the history', 'the progress', 'the best value over time', 'how the objective improved',
    'the convergence curve', 'the loss over trials', 'the objective per trial', 'the best so far', 'the trend', 'how it converged', 'the search history', 'the objective history',
    'the trial history', 'the running best', 'the improvement over trials', 'the convergence plot', 'the value per trial', 'the score over time',
  ],
  pareto: ['the pareto front', 'the Pareto front', 'the pareto frontier', 'the trade-off', 'the tradeoff curve', 'the front', 'the non-dominated trials', 'the trade off between the objectives', 'the Pareto-optimal points'],
  importance: ['the importance', 'the param importances', 'parameter importance', 'the feature importances', 'the hyperparameter importance', 'the importances', 'the importance of each knob', 'the parameter importance bars'],
  parallel: ['parallel coordinates', 'the parallel coordinates', 'a parallel coordinate view', 'the parallel coords', 'parcoords', 'the params in parallel coordinates'],
  intermediate: ['the learning curves', 'the intermediate values', 'the training curves', 'the loss curves per trial', 'the per-epoch values', 'the intermediate results', 'the curves of each trial', 'the learning curve', 'the per-step metrics', 'which trials got pruned along the way'],
  trials: ['the trials table', 'a table of all trials', 'all trials as a table', 'every trial in a table', 'the trial list', 'the full trial table', 'all the trials', 'the table of results', 'a sortable table of the trials'],
};

const DRAW = ['plot', 'chart', 'graph', 'visualize', 'visualise', 'draw', 'sketch', 'render', 'plot out', 'map out'];
const SHOW = ['show', 'show me', 'display', 'give me', 'let me see', 'can I see', 'I want to see', "I'd like to see", 'pull up', 'bring up', 'open'];
const AS_PICTURE = ['as a graph', 'as a chart', 'as a plot', 'in a chart', 'in a graph', 'on a chart', 'graphically', 'visually', 'as a picture', 'as a figure', 'as a diagram', 'in a plot'];
const PICTURE = ['graph', 'chart', 'plot', 'figure', 'diagram', 'visualization', 'visualisation', 'picture', 'curve'];

function kindPhrase(g: Gen, kind: string): string {
  return g.pick(KIND_PHRASES[kind]!);
}

/** A chart request about the session's study: the reference words are labelled, the chart words are not. */
function chartRequest(g: Gen): string {
  const kind = g.weighted<string>([['history', 3], ['pareto', 2], ['importance', 2], ['parallel', 1.3], ['intermediate', 1.5], ['trials', 1.5]]);
  const K = kindPhrase(g, kind);
  const R = `[${g.pick(STUDY_REFS)}](reference)`;
  const draw = g.pick(DRAW);
  const show = g.pick(SHOW);
  const pic = g.pick(PICTURE);
  const shapes = [
    `${draw} ${K}`, `${draw} ${K} please`, `${draw} ${K} of ${R}`, `${draw} ${K} for ${R}`, `${show} ${K} ${g.pick(AS_PICTURE)}`, `${show} ${K} of ${R} ${g.pick(AS_PICTURE)}`,
    `can you ${draw} ${K}?`, `could you ${draw} ${K} for me?`, `${show} a ${pic} of ${K}`, `make a ${pic} of ${K}`, `a ${pic} of ${K} please`, `${K} ${pic} please`,
    `${K} as a ${pic}`, `${K}, ${g.pick(['plotted', 'charted', 'graphed', 'visualized', 'drawn'])}`, `I want a ${pic} of ${K}`, `need a ${pic} of ${K}`, `${pic} ${K}`,
    `${draw} ${R}`, `${draw} ${R} please`, `${show} me a ${pic} of ${R}`, `can I get a ${pic} of ${R}?`, `${pic} of ${R}?`, `${draw} how ${R} is doing`, `${draw} ${R} so far`,
    `let's ${draw} ${K}`, `${show} ${K} ${g.pick(AS_PICTURE)} so I can see ${R}`, `plz ${draw} ${K}`, `${draw} ${K} for ${R} real quick`,
  ];
  if (kind === 'parallel') shapes.push(`${K} plot`, `${K} chart`, `${show} ${K}`, `${K} of ${R}`, `parallel coordinates plot of ${R}`, `${K} please`);
  if (kind === 'intermediate') shapes.push(`${show} ${K}`, `${show} ${K} of ${R}`, `${K}?`, `how do ${K} look?`, `${show} me ${K}`);
  if (kind === 'trials') shapes.push(`${show} me ${K}`, `${show} ${K} of ${R}`, `${K} please`, `put ${K} in a table`, `tabulate the trials`, `list every trial in a table`);
  if (kind === 'history') shapes.push(`${show} ${K} ${g.pick(AS_PICTURE)}`, `${show} ${K} curve`, `how did ${R} converge? ${g.pick(['plot', 'graph', 'chart'])} it`, `${show} how ${R} converged`);
  return g.pick(shapes);
}

/** The same about a study named by its id, in a conversation without one. */
function chartById(g: Gen): string {
  const id = `[${studyId(g)}](reference)`;
  const kind = g.pick(Object.keys(KIND_PHRASES));
  const K = kindPhrase(g, kind);
  return g.pick([
    `${g.pick(DRAW)} ${K} of ${id}`, `${g.pick(DRAW)} ${K} for study ${id}`, `${g.pick(SHOW)} ${K} of study ${id} ${g.pick(AS_PICTURE)}`, `${g.pick(PICTURE)} of ${K} for ${id}`,
    `${g.pick(DRAW)} ${id}`, `${g.pick(DRAW)} study ${id}`, `${K} ${g.pick(PICTURE)} for ${id}`,
  ]);
}

/** A pasted study id: `st_` and base-36 characters, as the optimizer makes them. */
export function studyId(g: Gen): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const length = g.int(6, 14);
  let id = 'st_';
  for (let i = 0; i < length; i++) id += alphabet[g.int(0, alphabet.length - 1)];
  // Ids in the wild have digits and letters mixed; make sure of both.
  return /\d/.test(id.slice(3)) ? id : `${id.slice(0, -1)}${g.int(0, 9)}`;
}

function withStudy(g: Gen, markup: string): { markup: string; prior: PriorEntities } {
  return { markup, prior: studyPrior(g) };
}

export const CHART_TEMPLATES: Template[] = [
  { intent: 'chart', weight: 4, make: (g) => withStudy(g, chartRequest(g)) },
  { intent: 'chart', weight: 0.6, make: (g) => ({ markup: chartRequest(g) }) },
  { intent: 'chart', weight: 0.8, make: (g) => ({ markup: chartById(g) }) },
];
