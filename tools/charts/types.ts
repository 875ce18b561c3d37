/**
 * What the chart builders draw from: the study view types of server/studies-protocol.ts (type-only imports), so
 * the builders are pure functions of literal data, the same JSON the web UI receives.
 */
import type { ImportanceJson, StudyChartKind, StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';

/** The part of a study view the charts read (Slack builds it from its own records). */
export type ChartStudy = Pick<StudyViewJson, 'id' | 'name' | 'objectives' | 'pareto' | 'recommended'>;

export interface StudyChartData {
  study: ChartStudy;
  trials: readonly TrialViewJson[];
  /** Needed only by the `importance` chart. */
  importance?: ImportanceJson;
}

/** One latency percentile curve: [percentile 0…100, latency ms] pairs, ascending percentile. */
export interface LatencyCurve {
  label: string;
  points: readonly (readonly [number, number])[];
}

export type { ImportanceJson, StudyChartKind, StudyViewJson, TrialViewJson };
