/**
 * A study chart as PNG bytes, from the StudyManager: what GET /api/studies/:id/charts/:kind.png and the shared
 * replay page serve.
 */
import type { StudyManager } from '../optimizer/study-manager.ts';
import { loadStudyChartData } from './chart-data.ts';
import { svgToPng } from './png.ts';
import { studyChartSvg } from './study-chart.ts';
import type { StudyChartKind } from './types.ts';

/** Throws ToolError `not_found` (unknown study) or `unsupported` (pareto of one objective). */
export async function studyChartPng(manager: StudyManager, studyId: string, kind: StudyChartKind, options: { width?: number } = {}): Promise<Buffer> {
  const svg = studyChartSvg(kind, loadStudyChartData(manager, studyId, kind));
  return svgToPng(svg, options);
}
