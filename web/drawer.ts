/**
 * The sidebar as a drawer on narrow screens (CSS decides when: below 720 px the sidebar is off-canvas and the
 * hamburger shows). Opening sets `body.drawer-open`; it closes on a pick (a session or "New chat"), Escape,
 * or a click on the overlay. On wide screens the class is harmless: the CSS ignores it.
 */
export interface Drawer {
  open(): void;
  close(): void;
  isOpen(): boolean;
}

export function attachDrawer(parts: { toggle: HTMLButtonElement; sidebar: HTMLElement; overlay: HTMLElement }): Drawer {
  const { toggle, sidebar, overlay } = parts;
  const body = document.body;
  const isOpen = () => body.classList.contains('drawer-open');
  const set = (open: boolean) => {
    body.classList.toggle('drawer-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    overlay.hidden = !open;
    if (open) sidebar.querySelector<HTMLElement>('.session.current .session-open, .session-open, #new-chat')?.focus();
  };
  toggle.setAttribute('aria-controls', sidebar.id);
  set(false);
  toggle.addEventListener('click', () => set(!isOpen()));
  overlay.addEventListener('click', () => set(false));
  document.addEventListener('keydown', (event) => {
    // Escape in the rename field cancels the rename (web/sidebar.ts) and leaves the drawer open.
    if (event.key === 'Escape' && isOpen() && !(event.target as HTMLElement).closest?.('input, textarea')) {
      set(false);
      toggle.focus();
    }
  });
  sidebar.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('.session-open, #new-chat')) set(false);
  });
  return { open: () => set(true), close: () => set(false), isOpen };
}
