import type { Logger, webApi } from '@slack/bolt';
import type { UIMessageChunk } from 'ai';
import type { ChartToolOutput } from '../studies-protocol.ts';
import { studyChartPng } from '../../tools/charts/study-chart-png.ts';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { CallPacer } from './call-pacer.ts';
import { MAX_SLACK_PNG_BYTES, uploadPng } from './study-chart-upload.ts';

/** Charts uploaded per turn at most (a model asking for ten charts gets the first three). */
export const MAX_CHARTS_PER_TURN = 3;

/**
 * The charts a Slack turn asked for with `chart_study` ("chart the Pareto front"): collected from the turn's chunks,
 * then, once the text reply is posted, rendered on the server and uploaded into the thread as PNGs. A chart that
 * cannot be drawn or uploaded is logged and skipped; the reply already says what the chart shows (its summary).
 */
export class ChartReplies {
  readonly #toolNames = new Map<string, string>();
  readonly #charts: ChartToolOutput[] = [];

  observe(chunk: UIMessageChunk): void {
    if (chunk.type === 'tool-input-available') this.#toolNames.set(chunk.toolCallId, chunk.toolName);
    if (chunk.type !== 'tool-output-available' || chunk.preliminary === true || this.#toolNames.get(chunk.toolCallId) !== 'chart_study') return;
    const output = chunk.output as Partial<ChartToolOutput> | null;
    if (output?.ok !== true || typeof output.study_id !== 'string' || typeof output.chart !== 'string') return;
    if (this.#charts.length < MAX_CHARTS_PER_TURN && !this.#charts.some((c) => c.study_id === output.study_id && c.chart === output.chart)) this.#charts.push(output as ChartToolOutput);
  }

  get pending(): number {
    return this.#charts.length;
  }

  /** Uploads the collected charts into the thread, one after another. Never throws. */
  async upload(deps: { studies: StudyManager; client: webApi.WebClient; logger: Logger; pacer?: CallPacer; channel: string; threadTs: string }): Promise<number> {
    let uploaded = 0;
    for (const chart of this.#charts.splice(0)) {
      try {
        let png = await studyChartPng(deps.studies, chart.study_id, chart.chart);
        if (png.length > MAX_SLACK_PNG_BYTES) png = await studyChartPng(deps.studies, chart.study_id, chart.chart, { width: 600 });
        if (png.length > MAX_SLACK_PNG_BYTES) {
          deps.logger.warn(`Slack chart ${chart.study_id}/${chart.chart} is ${png.length} bytes (limit ${MAX_SLACK_PNG_BYTES}); not uploaded`);
          continue;
        }
        const title = `${chart.chart} chart of study ${chart.study_id}`;
        if (await uploadPng({ ...deps, png, filename: `${chart.study_id}-${chart.chart}.png`, title })) uploaded++;
      } catch (error) {
        deps.logger.warn(`Slack chart ${chart.study_id}/${chart.chart} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return uploaded;
  }
}
