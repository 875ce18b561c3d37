/**
 * The header actions (dry run, replay, share, export, and whatever else is added to `.header-actions`) behind a
 * "⋯" button on narrow screens. CSS shows the actions inline on wide screens and as a dropdown below 720 px
 * when `menu.open` is set. The menu closes on Escape, a click outside it, or a click on one of its buttons.
 */
export interface ActionsMenu {
  close(): void;
}

export function attachActionsMenu(parts: { button: HTMLButtonElement; menu: HTMLElement }): ActionsMenu {
  const { button, menu } = parts;
  const set = (open: boolean) => {
    menu.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
  };
  button.setAttribute('aria-haspopup', 'true');
  if (menu.id) button.setAttribute('aria-controls', menu.id);
  set(false);
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    set(!menu.classList.contains('open'));
  });
  menu.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('button')) set(false);
  });
  document.addEventListener('click', (event) => {
    if (menu.classList.contains('open') && !menu.contains(event.target as Node)) set(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.classList.contains('open')) {
      set(false);
      button.focus();
    }
  });
  return { close: () => set(false) };
}
