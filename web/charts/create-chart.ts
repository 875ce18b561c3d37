import type { StudyChartKind } from '../../server/studies-protocol.ts';
import type { ChartOptions, StudyChart } from './chart.ts';
import { HistoryChart } from './history-chart.ts';
import { ImportanceChart } from './importance-chart.ts';
import { IntermediateChart } from './intermediate-chart.ts';
import { ParallelChart } from './parallel-chart.ts';
import { ParetoChart } from './pareto-chart.ts';
import { TrialsTable } from './trials-table.ts';

/** A chart of `kind` (server/studies-protocol.ts STUDY_CHART_KINDS). */
export function createStudyChart(kind: StudyChartKind, options: ChartOptions): StudyChart {
  switch (kind) {
    case 'history':
      return new HistoryChart(options);
    case 'pareto':
      return new ParetoChart(options);
    case 'importance':
      return new ImportanceChart(options);
    case 'parallel':
      return new ParallelChart(options);
    case 'intermediate':
      return new IntermediateChart(options);
    case 'trials':
      return new TrialsTable(options);
  }
}

export const CHART_LABELS: Record<StudyChartKind, string> = {
  history: 'History',
  pareto: 'Pareto front',
  importance: 'Importance',
  parallel: 'Parallel',
  intermediate: 'Intermediate',
  trials: 'Trials',
};
