import type { StudyChartKind } from '../server/studies-protocol.ts';
import type { StudyChart } from './charts/chart.ts';
import { CHART_LABELS, createStudyChart } from './charts/create-chart.ts';
import type { StudiesApi } from './studies-api.ts';
import type { StudyFeed } from './study-feed.ts';
import { chartKinds } from './study-panel.ts';
import { bestText, durationText, elapsedNow, progressText, statusText } from './study-text.ts';

/**
 * The large view of a study (a modal `<dialog>`): every chart it offers side by side and the trials table, all live
 * from the same feed subscription as its cards. Closing it (✕, Escape, a click outside) ends its subscription.
 */
export function openStudyDialog(studyId: string, deps: { feed: StudyFeed; api: Pick<StudiesApi, 'importance'>; now?: () => number }): HTMLDialogElement {
  const dialog = document.createElement('dialog');
  dialog.className = 'study-dialog';
  dialog.dataset.studyId = studyId;
  dialog.innerHTML = `<div class="sd-head"><h2 class="sd-title"></h2><span class="sd-summary"></span><button type="button" class="sd-close" aria-label="Close">✕</button></div>
    <div class="sd-reason" hidden></div><div class="sd-grid"></div>`;
  document.body.appendChild(dialog);
  const grid = dialog.querySelector('.sd-grid') as HTMLDivElement;
  const charts = new Map<StudyChartKind, StudyChart>();
  const unsubscribe = deps.feed.subscribe(studyId, (state) => {
    const study = state.study;
    if (!study) return;
    (dialog.querySelector('.sd-title') as HTMLElement).textContent = `${study.name}${study.target ? ` · ${study.target}` : ''}`;
    const elapsed = durationText(elapsedNow(study, state.receivedAt, deps.now?.() ?? Date.now()));
    (dialog.querySelector('.sd-summary') as HTMLElement).textContent = `${statusText(study)} · ${progressText(study)} · ${elapsed} · ${bestText(study)} · ${study.sampler}`;
    const reason = dialog.querySelector('.sd-reason') as HTMLElement;
    reason.textContent = study.statusReason ?? '';
    reason.hidden = !study.statusReason;
    for (const kind of chartKinds(study, state.trials.list().some((t) => t.intermediate.length > 0))) {
      let chart = charts.get(kind);
      if (!chart) {
        chart = createStudyChart(kind, { height: kind === 'pareto' && study.objectives.length > 2 ? 420 : 300, tableRows: 16, importance: (id) => deps.api.importance(id) });
        const box = document.createElement('section');
        box.className = `sd-cell sd-${kind}`;
        box.innerHTML = `<h3>${CHART_LABELS[kind]}</h3>`;
        box.appendChild(chart.el);
        grid.appendChild(box);
        charts.set(kind, chart);
      }
      chart.update(study, state.trials);
    }
  });
  const close = () => dialog.close();
  dialog.addEventListener('close', () => {
    unsubscribe();
    for (const chart of charts.values()) chart.destroy();
    dialog.remove();
  });
  dialog.querySelector('.sd-close')!.addEventListener('click', close);
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) close();
  });
  dialog.showModal();
  return dialog;
}
