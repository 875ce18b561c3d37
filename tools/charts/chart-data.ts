/**
 * Reads what a study chart needs from the StudyManager through the study views (tools/optimizer/study-view.ts), so
 * the PNG, the web page and the tool all draw the same data. Importance (fANOVA) is computed only for its chart.
 */
import { studyImportance, studyView, trialView } from '../optimizer/study-view.ts';
import type { StudyManager } from '../optimizer/study-manager.ts';
import type { StudyChartData, StudyChartKind, StudyViewJson } from './types.ts';

export function loadStudyChartData(manager: StudyManager, studyId: string, kind: StudyChartKind): StudyChartData & { study: StudyViewJson } {
  const study = studyView(manager, studyId); // throws ToolError not_found
  const trials = manager.trials(studyId).map(trialView);
  return kind === 'importance' ? { study, trials, importance: studyImportance(manager, studyId) } : { study, trials };
}

/** Same-origin path of a study chart's PNG (ChartToolOutput.png_url). */
export function studyChartPath(studyId: string, kind: StudyChartKind): string {
  return `/api/studies/${encodeURIComponent(studyId)}/charts/${kind}.png`;
}
