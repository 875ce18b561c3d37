/**
 * The agent's chart tool, `chart_study`: "show the convergence as a graph", "chart the Pareto front", "graph the
 * importance". The web UI draws the chart live inside the tool card from the study feed; the terminal prints `text`;
 * Slack and the shared replay page use the PNG at `png_url`. A missing `study_id` means this chat session's latest
 * study. Failures the model can fix come back as `{ ok: false, error: { code, message, details } }`.
 */
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { STUDY_CHART_KINDS, type ChartToolOutput } from '../../server/studies-protocol.ts';
import { asToolResult, ToolError } from '../common/errors.ts';
import type { StudyManager } from '../optimizer/study-manager.ts';
import { loadStudyChartData, studyChartPath } from './chart-data.ts';
import { chartSummary } from './chart-summary.ts';
import { checkChartFits } from './study-chart.ts';
import { chartText } from './terminal-text.ts';

export interface ChartToolsContext {
  services: { studies: StudyManager };
  sessionId: string;
}

export const chartStudyInput = z.object({
  study_id: z.string().min(1).max(200).optional().describe("study id (st_…); omit for this chat session's latest study"),
  chart: z
    .enum(STUDY_CHART_KINDS)
    .optional()
    .describe('history (convergence: every trial and the best so far, default), pareto (front of a multi-objective study), importance (parameter importance bars), parallel (parallel coordinates), intermediate (learning curves, pruned trials visible), trials (table of the top trials)'),
});

export type ChartStudyInput = z.infer<typeof chartStudyInput>;

/** The tool's work, without the AI SDK wrapper (tests and the CLI call it). */
export function chartStudy(context: ChartToolsContext, input: ChartStudyInput): ChartToolOutput {
  const kind = input.chart ?? 'history';
  const studyId = input.study_id ?? context.services.studies.latestForSession(context.sessionId)?.id;
  if (!studyId) {
    throw new ToolError('not_found', 'this session has no study yet; start one with start_study, or pass study_id', { details: { session_id: context.sessionId } });
  }
  const data = loadStudyChartData(context.services.studies, studyId, kind);
  checkChartFits(kind, data.study);
  return {
    ok: true,
    chart: kind,
    study_id: data.study.id,
    summary: chartSummary(kind, data.study, data.trials, data.importance),
    text: chartText(kind, data.study, data.trials, data.importance),
    png_url: studyChartPath(data.study.id, kind),
  };
}

export function createChartTools(context: ChartToolsContext): ToolSet {
  return {
    chart_study: tool({
      description:
        'Show a study as a chart in the chat ("show the convergence as a graph", "chart the Pareto front", "graph the importance"). The UI draws it live; the result has a summary with the numbers to describe it. Pareto needs 2+ objectives.',
      inputSchema: chartStudyInput,
      execute: (input) => asToolResult(() => chartStudy(context, input)),
    }),
  };
}
