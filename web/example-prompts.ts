import { escapeHtml } from './markdown.ts';

/** Shown as clickable chips on an empty chat: one per thing tunechat does well, plus a way to ask. */
export const EXAMPLE_PROMPTS: readonly string[] = [
  'Tune my XGBoost for accuracy and latency',
  'Minimize branin with 40 trials',
  'Benchmark http://127.0.0.1:8080 for 10 s',
  'What can you do?',
];

/** The empty-chat view: a short line and the example chips (`data-prompt` holds the text to send). */
export function examplePromptsHtml(prompts: readonly string[] = EXAMPLE_PROMPTS): string {
  const chips = prompts.map((p) => `<button type="button" class="example-prompt" data-prompt="${escapeHtml(p)}">${escapeHtml(p)}</button>`).join('');
  return `<div class="empty-state"><p class="empty-title">What shall we tune?</p><div class="example-prompts">${chips}</div></div>`;
}

/** Clicking a chip inside `root` sends its prompt. */
export function attachExamplePrompts(root: HTMLElement, send: (text: string) => void): void {
  root.addEventListener('click', (event) => {
    const chip = (event.target as HTMLElement).closest<HTMLButtonElement>('button.example-prompt');
    if (chip?.dataset.prompt && root.contains(chip)) send(chip.dataset.prompt);
  });
}
