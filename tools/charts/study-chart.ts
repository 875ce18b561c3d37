/**
 * One entry point for every study chart kind (the route, the replay page, Slack and the chart tool all use it):
 * validates the kind against the study, then calls the kind's builder.
 */
import { STUDY_CHART_KINDS } from '../../server/studies-protocol.ts';
import { ToolError } from '../common/errors.ts';
import { historySvg } from './history-chart.ts';
import { importanceSvg } from './importance-chart.ts';
import { intermediateSvg } from './intermediate-chart.ts';
import { parallelSvg } from './parallel-chart.ts';
import { paretoSvg } from './pareto-chart.ts';
import { trialsTableSvg } from './trials-table-chart.ts';
import type { ChartStudy, StudyChartData, StudyChartKind } from './types.ts';

export function isStudyChartKind(value: string): value is StudyChartKind {
  return (STUDY_CHART_KINDS as readonly string[]).includes(value);
}

/** Throws ToolError `invalid_argument` for an unknown kind. */
export function parseStudyChartKind(value: string): StudyChartKind {
  if (isStudyChartKind(value)) return value;
  throw new ToolError('invalid_argument', `chart must be one of ${STUDY_CHART_KINDS.join(', ')}, but got "${value.slice(0, 40)}"`, {
    details: { parameter: 'chart', value: value.slice(0, 40), allowed: [...STUDY_CHART_KINDS] },
  });
}

/** Throws ToolError `unsupported` when the study cannot have this chart (a Pareto front of one objective). */
export function checkChartFits(kind: StudyChartKind, study: ChartStudy): void {
  if (kind === 'pareto' && study.objectives.length < 2) {
    throw new ToolError('unsupported', `a Pareto front needs at least 2 objectives, but study "${study.name}" has ${study.objectives.length} (${study.objectives.map((o) => o.metric).join(', ')}); ask for the history chart instead`, {
      details: { study_id: study.id, chart: kind, rule: 'objectives >= 2', objectives: study.objectives.length, suggestion: 'history' },
    });
  }
}

/** The chart as an SVG document. */
export function studyChartSvg(kind: StudyChartKind, data: StudyChartData): string {
  checkChartFits(kind, data.study);
  switch (kind) {
    case 'history':
      return historySvg(data.study, data.trials);
    case 'pareto':
      return paretoSvg(data.study, data.trials);
    case 'importance':
      return importanceSvg(data.study, data.importance ?? { studyId: data.study.id, objectives: [], trialsUsed: 0 });
    case 'parallel':
      return parallelSvg(data.study, data.trials);
    case 'intermediate':
      return intermediateSvg(data.study, data.trials);
    case 'trials':
      return trialsTableSvg(data.study, data.trials);
  }
}

/** The chart a finished study's summary carries: the Pareto front for several objectives, else the history. */
export function summaryChartKind(study: Pick<ChartStudy, 'objectives'>): StudyChartKind {
  return study.objectives.length > 1 ? 'pareto' : 'history';
}
