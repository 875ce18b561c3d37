import type { StudyViewJson } from '../server/studies-protocol.ts';
import { escapeHtml } from './markdown.ts';
import type { StudiesApi } from './studies-api.ts';
import { bestText, durationText, isLive, progressText, statusText } from './study-text.ts';

export interface StudiesViewDeps {
  api: Pick<StudiesApi, 'list' | 'stop' | 'resume'>;
  /** Opens a study's large view. */
  expand(studyId: string): void;
  /** How often the open list refreshes (default 3000 ms). */
  refreshMs?: number;
}

/** The HTML of one study row: status, name and target, progress bar, best with metric names, elapsed, its session. */
export function studyRowHtml(study: StudyViewJson): string {
  const pct = study.trials.budget > 0 ? Math.min(100, (100 * study.trials.done) / study.trials.budget) : 0;
  const session = study.sessionId
    ? `<a class="sv-session" href="/s/${encodeURIComponent(study.sessionId)}">open chat</a>`
    : '<span class="sv-session muted">no chat</span>';
  return `<li class="sv-study" data-study-id="${escapeHtml(study.id)}" data-status="${escapeHtml(study.status)}">
    <div class="sv-line"><span class="sp-status status-${escapeHtml(study.status)}">${escapeHtml(statusText(study))}</span>
      <span class="sv-name">${escapeHtml(study.name)}</span>${study.target ? `<span class="sv-target">${escapeHtml(study.target)}</span>` : ''}
      <span class="sv-elapsed">${escapeHtml(durationText(study.elapsedS))}</span></div>
    <div class="sv-line"><span class="sv-progress">${escapeHtml(progressText(study))}</span><span class="sv-best">${escapeHtml(bestText(study))}</span></div>
    ${study.trials.budget > 0 ? `<div class="bar"><div class="bar-fill" style="width:${pct.toFixed(1)}%"></div></div>` : ''}
    ${study.statusReason ? `<div class="sp-reason">${escapeHtml(study.statusReason)}</div>` : ''}
    <div class="sv-actions"><button type="button" data-action="expand">Charts</button>${isLive(study) ? '<button type="button" class="sp-stop" data-action="stop">Stop study</button>' : ''}${study.status === 'interrupted' && study.resumable ? '<button type="button" class="sp-resume" data-action="resume">Resume</button>' : ''}${session}</div>
  </li>`;
}

/**
 * The "Studies" view: a dialog listing running and recent studies across sessions (GET /api/studies), refreshed every
 * few seconds while open, with links to their chats and their charts. `open()` shows it; returns the dialog.
 */
export class StudiesView {
  private dialog: HTMLDialogElement | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: StudiesViewDeps) {}

  open(): HTMLDialogElement {
    if (this.dialog?.open) return this.dialog;
    const dialog = document.createElement('dialog');
    dialog.className = 'studies-view';
    dialog.innerHTML = `<div class="sd-head"><h2>Studies</h2><span class="sv-count"></span><button type="button" class="sd-close" aria-label="Close">✕</button></div>
      <ul class="sv-list" aria-live="polite"><li class="muted">loading…</li></ul>`;
    document.body.appendChild(dialog);
    this.dialog = dialog;
    dialog.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      if (target === dialog || target.closest('.sd-close')) return dialog.close();
      if (target.closest('a.sv-session')) return dialog.close();
      const row = target.closest<HTMLElement>('.sv-study');
      const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
      if (!row || !action) return;
      if (action === 'expand') this.deps.expand(row.dataset.studyId!);
      if (action === 'stop' || action === 'resume') void this.act(dialog, row, action);
    });
    dialog.addEventListener('close', () => {
      // The close event comes a task later: a view opened meanwhile is not this one.
      if (this.dialog === dialog) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.dialog = null;
      }
      dialog.remove();
    });
    dialog.showModal();
    void this.refresh(dialog);
    return dialog;
  }

  /** Stop study / Resume from the list, then an immediate refresh (failures are shown on the row). */
  private async act(dialog: HTMLDialogElement, row: HTMLElement, action: 'stop' | 'resume'): Promise<void> {
    row.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      await (action === 'stop' ? this.deps.api.stop(row.dataset.studyId!) : this.deps.api.resume(row.dataset.studyId!));
    } catch (error) {
      row.insertAdjacentHTML('beforeend', `<div class="sp-reason sp-error" role="alert">${escapeHtml(action)} failed: ${escapeHtml((error as Error).message)}</div>`);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    await this.refresh(dialog);
  }

  private async refresh(dialog: HTMLDialogElement): Promise<void> {
    if (this.dialog !== dialog) return;
    const list = dialog.querySelector('.sv-list')!;
    try {
      const studies = await this.deps.api.list(50);
      if (this.dialog !== dialog) return;
      const running = studies.filter(isLive).length;
      dialog.querySelector('.sv-count')!.textContent = `${running} running · ${studies.length} shown`;
      list.innerHTML = studies.length ? studies.map(studyRowHtml).join('') : '<li class="muted">No studies yet: ask the chat to optimize something.</li>';
    } catch (error) {
      list.innerHTML = `<li class="sp-error">could not load studies: ${escapeHtml((error as Error).message)}</li>`;
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.dialog === dialog) this.timer = setTimeout(() => void this.refresh(dialog), this.deps.refreshMs ?? 3000);
  }
}
