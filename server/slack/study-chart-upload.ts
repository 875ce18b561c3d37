import type { Logger, webApi } from '@slack/bolt';
import { svgToPng } from '../../tools/charts/png.ts';
import { studyChartSvg, summaryChartKind } from '../../tools/charts/study-chart.ts';
import type { ChartStudy } from '../../tools/charts/types.ts';
import { trialView } from '../../tools/optimizer/study-view.ts';
import type { StudyRecord, Trial } from '../../tools/optimizer/types.ts';
import type { CallPacer } from './call-pacer.ts';
import { slackCall, type SlackCallFailure } from './slack-call.ts';
import type { StudySummary } from './study-summary.ts';

/** Largest PNG sent to Slack (bytes): a chart that does not fit is drawn narrower once, then skipped. */
export const MAX_SLACK_PNG_BYTES = 1_000_000;
const WIDTHS = [900, 600];

/**
 * The PNG a finished study's Slack summary carries: the optimization history for one objective, the Pareto front
 * for several. Null (and a log line) when it cannot be drawn within MAX_SLACK_PNG_BYTES.
 */
export async function studySummaryPng(record: StudyRecord, trials: readonly Trial[], summary: StudySummary, logger: Logger): Promise<{ png: Buffer; kind: string } | null> {
  const study: ChartStudy = {
    id: record.id,
    name: record.name,
    objectives: record.spec.objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    pareto: record.spec.objectives.length > 1 ? summary.front.map((t) => t.number) : [],
    recommended: record.spec.objectives.length > 1 ? (summary.recommended?.number ?? null) : null,
  };
  const kind = summaryChartKind(study);
  const svg = studyChartSvg(kind, { study, trials: trials.map(trialView) });
  for (const width of WIDTHS) {
    const png = await svgToPng(svg, { width });
    if (png.length <= MAX_SLACK_PNG_BYTES) return { png, kind };
    logger.warn(`Slack study chart ${record.id} is ${png.length} bytes at ${width} px (limit ${MAX_SLACK_PNG_BYTES})`);
  }
  return null;
}

/** Where and how a file goes into a Slack thread. */
export interface ThreadUploadDeps {
  client: webApi.WebClient;
  logger: Logger;
  pacer?: CallPacer;
  onFailure?: (failure: SlackCallFailure) => void;
  channel: string;
  threadTs: string;
}

/**
 * Uploads a finished study's chart into its thread with files.uploadV2 (getUploadURLExternal → POST the bytes →
 * completeUploadExternal). Never throws: a failed render or upload is logged and reported, and the text summary
 * (posted before) stands alone. True when Slack took the file.
 */
export async function uploadStudyChart(deps: ThreadUploadDeps & {
  record: StudyRecord;
  trials: readonly Trial[];
  summary: StudySummary;
}): Promise<boolean> {
  let chart: { png: Buffer; kind: string } | null;
  try {
    chart = await studySummaryPng(deps.record, deps.trials, deps.summary, deps.logger);
  } catch (error) {
    deps.logger.warn(`Slack study chart ${deps.record.id} could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  if (!chart) return false;
  const title = chart.kind === 'pareto' ? `Pareto front of ${deps.record.name}` : `Optimization history of ${deps.record.name}`;
  return uploadPng({ ...deps, png: chart.png, filename: `${deps.record.id}-${chart.kind}.png`, title });
}

/** One PNG into a thread with files.uploadV2. Never throws; true when Slack took the file. */
export async function uploadPng(deps: ThreadUploadDeps & {
  png: Buffer;
  filename: string;
  title: string;
}): Promise<boolean> {
  const result = await slackCall({
    client: deps.client,
    logger: deps.logger,
    method: 'files.uploadV2',
    args: { channel_id: deps.channel, thread_ts: deps.threadTs, file: deps.png, filename: deps.filename, title: deps.title, alt_text: deps.title },
    ...(deps.pacer ? { pacer: deps.pacer } : {}),
    ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
  });
  return result !== null;
}
