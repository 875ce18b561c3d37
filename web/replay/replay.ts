/**
 * The shared read-only replay page (/replay/<id>?token=…): replays a session's stored UI message chunks with their
 * original timing scaled by the chosen speed, rendered with the chat UI's own message builder and renderer (markdown,
 * tool cards, study progress), and jumps to any tool call. It only reads `/replay/<id>/data?token=…`.
 */
import type { ChunkJson } from '../../server/protocol.ts';
import { MessageBuilder, type ViewMessage } from '../message-builder.ts';
import { renderMessages } from '../render.ts';

interface ReplayData {
  session: { id: string; title: string; source: string; createdAt: number };
  messages: { role: string; parts?: { type: string; text?: string }[] }[];
  chunks: { sequence: number; turnId: string; tMs: number; chunk: ChunkJson }[];
  /** The session's studies with their chart PNGs (token-scoped URLs); absent from older servers. */
  studies?: { id: string; name: string; objectives: string[]; charts: { kind: string; url: string }[] }[];
}

type Step = { at: number; kind: 'user'; text: string } | { at: number; kind: 'chunk'; chunk: ChunkJson & { toolCallId?: string; toolName?: string; input?: unknown } };

/** Pause between two turns of the replay (their real gap is not stored). */
const TURN_GAP_MS = 800;
const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;

/** Orders the stored chunks into a timeline: each turn opens with its user message, then its chunks at their offsets. */
export function timeline(data: ReplayData): Step[] {
  const users = data.messages.filter((m) => m.role === 'user').map((m) => (m.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join(''));
  const steps: Step[] = [];
  let clock = 0;
  let turn = -1;
  let lastTurnId: string | null = null;
  let turnStart = 0;
  for (const stored of data.chunks) {
    if (stored.turnId !== lastTurnId) {
      lastTurnId = stored.turnId;
      turn += 1;
      clock += steps.length > 0 ? TURN_GAP_MS : 0;
      turnStart = clock;
      steps.push({ at: clock, kind: 'user', text: users[turn] ?? '' });
    }
    clock = Math.max(clock, turnStart + stored.tMs);
    steps.push({ at: clock, kind: 'chunk', chunk: stored.chunk });
  }
  return steps;
}

class ReplayView {
  position = 0;
  #messages: ViewMessage[] = [];
  #builder: MessageBuilder | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly steps: Step[],
    private readonly container: HTMLElement,
  ) {}

  get playing(): boolean {
    return this.#timer !== null;
  }

  /** Shows the conversation as it was after `target` steps (rebuilt from the start when going back). */
  seek(target: number): void {
    if (target < this.position) {
      this.#messages = [];
      this.#builder = null;
      this.position = 0;
    }
    while (this.position < target && this.position < this.steps.length) this.#apply(this.steps[this.position++]!);
    renderMessages(this.container, this.#messages);
    this.onChange();
  }

  play(speed: () => number): void {
    if (this.position >= this.steps.length) this.seek(0);
    const tick = () => {
      this.seek(this.position + 1);
      const next = this.steps[this.position];
      if (!next) return this.pause();
      const factor = speed();
      const delay = factor === 0 ? 0 : (next.at - this.steps[this.position - 1]!.at) / factor;
      this.#timer = setTimeout(tick, Math.max(0, delay));
    };
    this.#timer = setTimeout(tick, 0);
    this.onChange();
  }

  pause(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.onChange();
  }

  onChange: () => void = () => {};

  #apply(step: Step): void {
    if (step.kind === 'user') {
      this.#builder?.finish();
      this.#messages.push({ id: `user-${this.#messages.length}`, role: 'user', parts: [{ type: 'text', text: step.text }] });
      this.#builder = new MessageBuilder(`assistant-${this.#messages.length}`);
      this.#messages.push(this.#builder.message);
      return;
    }
    if (!this.#builder) {
      this.#builder = new MessageBuilder(`assistant-${this.#messages.length}`);
      this.#messages.push(this.#builder.message);
    }
    this.#builder.apply(step.chunk);
  }
}

async function main(): Promise<void> {
  const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const params = new URLSearchParams(location.search);
  const response = await fetch(`/replay/${encodeURIComponent(id)}/data?token=${encodeURIComponent(params.get('token') ?? '')}`);
  if (!response.ok) {
    $('#messages').textContent = 'This replay does not exist or is no longer shared.';
    return;
  }
  const data = (await response.json()) as ReplayData;
  $('#title').textContent = data.session.title;
  $('#badge').textContent = data.session.source;
  document.title = `${data.session.title} · tunechat replay`;

  const steps = timeline(data);
  const view = new ReplayView(steps, $('#messages'));
  const play = $<HTMLButtonElement>('#play');
  const scrub = $<HTMLInputElement>('#scrub');
  const speed = () => Number($<HTMLSelectElement>('#speed').value);
  scrub.max = String(steps.length);
  view.onChange = () => {
    play.textContent = view.playing ? 'Pause' : view.position >= steps.length ? 'Replay' : 'Play';
    scrub.value = String(view.position);
    $('#position').textContent = `${view.position}/${steps.length}`;
  };
  play.addEventListener('click', () => (view.playing ? view.pause() : view.play(speed)));
  $('#restart').addEventListener('click', () => {
    view.pause();
    view.seek(0);
  });
  scrub.addEventListener('input', () => {
    view.pause();
    view.seek(Number(scrub.value));
  });

  // Every tool call, to jump to the step where its result arrived (or its input, when it never finished).
  steps.forEach((step, index) => {
    if (step.kind !== 'chunk' || step.chunk.type !== 'tool-input-available') return;
    const callId = step.chunk.toolCallId;
    const done = steps.findIndex((s, i) => i > index && s.kind === 'chunk' && s.chunk.toolCallId === callId && /^tool-output/.test(s.chunk.type));
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = String(step.chunk.toolName);
    button.title = JSON.stringify(step.chunk.input);
    button.addEventListener('click', () => {
      view.pause();
      view.seek(0);
      view.seek((done >= 0 ? done : index) + 1);
      const card = document.querySelector<HTMLElement>(`.tool-card[data-tool-call-id="${CSS.escape(String(callId))}"]`);
      card?.classList.add('current');
      card?.scrollIntoView({ block: 'center' });
    });
    const item = document.createElement('li');
    item.append(button);
    $('#tools').append(item);
  });

  showCharts(data.studies ?? []);
  view.seek(0);
  if (params.get('autoplay') !== '0') view.play(speed);
}

/** The studies' charts (rendered on the server) under the tool list, each a link to its full-size PNG; lazy loaded. */
function showCharts(studies: NonNullable<ReplayData['studies']>): void {
  const section = $('#charts');
  for (const study of studies) {
    for (const chart of study.charts) {
      const figure = document.createElement('figure');
      const image = document.createElement('img');
      image.src = chart.url;
      image.loading = 'lazy';
      image.alt = `${study.name}: ${chart.kind} chart (${study.objectives.join(', ')})`;
      const link = document.createElement('a');
      link.href = chart.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.append(image);
      const caption = document.createElement('figcaption');
      caption.textContent = `${study.name} · ${chart.kind}`;
      figure.append(link, caption);
      section.append(figure);
    }
  }
  section.hidden = studies.length === 0;
}

void main();
