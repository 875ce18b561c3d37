import type { ServerFrame, SessionJson } from '../server/protocol.ts';
import { attachActionsMenu } from './actions-menu.ts';
import { AlertsView } from './alerts.ts';
import { api } from './api.ts';
import { checkLogin } from './auth-redirect.ts';
import { Connection, type ConnectionState } from './connection.ts';
import { ControlCards } from './control-cards.ts';
import { ConnectionBanner } from './connection-banner.ts';
import { attachCopyButtons } from './copy-buttons.ts';
import { attachDrawer } from './drawer.ts';
import { attachExamplePrompts, examplePromptsHtml } from './example-prompts.ts';
import { MessageBuilder, type ViewMessage } from './message-builder.ts';
import { messageOfNode, messagePlainText, renderMessages } from './render.ts';
import { ReplayPlayer } from './replay-player.ts';
import { SendQueue } from './send-queue.ts';
import { attachSessionSharing } from './session-sharing.ts';
import { Sidebar } from './sidebar.ts';
import { StudiesView } from './studies-view.ts';
import { StudyCards } from './study-cards.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = {
  sessions: $<HTMLUListElement>('sessions'),
  newChat: $<HTMLButtonElement>('new-chat'),
  title: $<HTMLHeadingElement>('title'),
  messages: $<HTMLElement>('messages'),
  composer: $<HTMLFormElement>('composer'),
  input: $<HTMLTextAreaElement>('input'),
  send: $<HTMLButtonElement>('send'),
  stop: $<HTMLButtonElement>('stop'),
  dryRun: $<HTMLInputElement>('dry-run'),
  replay: $<HTMLButtonElement>('replay'),
  replayControls: $<HTMLDivElement>('replay-controls'),
  replayExit: $<HTMLButtonElement>('replay-exit'),
  alerts: $<HTMLDivElement>('alerts'),
  conn: $<HTMLSpanElement>('conn'),
  connBanner: $<HTMLDivElement>('conn-banner'),
  sidebar: $<HTMLElement>('sidebar'),
  menuToggle: $<HTMLButtonElement>('menu-toggle'),
  drawerOverlay: $<HTMLDivElement>('drawer-overlay'),
  moreActions: $<HTMLButtonElement>('more-actions'),
  headerActions: $<HTMLDivElement>('header-actions'),
};

/** What the page shows: one session's messages, possibly with a live answer (`draft`) being streamed. */
const state = {
  sessions: [] as SessionJson[],
  sessionId: null as string | null,
  messages: [] as ViewMessage[],
  draft: null as MessageBuilder | null,
  /** The request whose chunks feed `draft` (a send, or a resume after reconnecting). */
  requestId: null as string | null,
  lastSequence: 0,
  replay: null as ReplayPlayer | null,
  dryRunForNewChat: false,
};

const newRequestId = () => `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const connection = new Connection(wsUrl, { onFrame, onOpen, onState }, { onNeverOpened: () => void checkLogin() });
const connectionBanner = new ConnectionBanner(el.connBanner, connection, () => connection.reconnectNow());
const alerts = new AlertsView(el.alerts);
/** Live study panels and bench charts inside tool cards (one websocket subscription per study), and the Studies view. */
const studyCards = new StudyCards({ send: (frame) => connection.send(frame) });
/** Live controller panels inside controller tool cards; their Stop asks the agent through the composer's path. */
const controlCards = new ControlCards({ send: (frame) => connection.send(frame), submit: (text) => submit(text) });
const studiesView = new StudiesView({ api: studyCards.api, expand: (id) => studyCards.expand(id) });
/** How long a new message waits for the answer it stops to end (its `end` frame) before it is sent anyway. */
const STOP_WAIT_MS = 5_000;

function render(): void {
  const list = state.draft && !state.messages.includes(state.draft.message) ? [...state.messages, state.draft.message] : state.messages;
  const empty = state.sessionId === null && list.length === 0 && state.replay === null;
  renderMessages(el.messages, list, empty ? { emptyHtml: examplePromptsHtml() } : {});
  studyCards.hydrate(el.messages);
  controlCards.hydrate(el.messages);
  const streaming = state.requestId !== null;
  el.stop.hidden = !streaming;
  // The composer stays usable while an answer streams (a study may run for an hour): sending stops the answer first.
  el.send.disabled = state.replay !== null;
  el.replay.hidden = state.sessionId === null || state.replay !== null;
  el.replayControls.hidden = state.replay === null;
  const session = state.sessions.find((s) => s.id === state.sessionId);
  el.title.textContent = session?.title ?? (state.sessionId ? 'Chat' : 'New chat');
  document.title = `${el.title.textContent} · tunechat`;
  el.dryRun.checked = state.sessionId ? session?.metadata?.dryRun === true : state.dryRunForNewChat;
}

const sidebar = new Sidebar(el.sessions, {
  open: (id) => void openSession(id),
  changed: async (deleted) => {
    if (deleted && state.sessionId === deleted) await openSession(null);
    await refreshSessions();
  },
  error: (message) => showAlert(message),
});

function renderSidebar(): void {
  sidebar.update(state.sessions, state.sessionId);
}

async function refreshSessions(): Promise<void> {
  try {
    state.sessions = await api.listSessions();
    renderSidebar();
    render();
  } catch (error) {
    console.warn('could not load sessions', error);
  }
}

function onState(s: ConnectionState): void {
  el.conn.className = `conn conn-${s}`;
  el.conn.title = s === 'open' ? 'connected' : s === 'connecting' ? 'connecting…' : 'disconnected: reconnecting';
  connectionBanner.update();
}

/** After a reconnect, pick the live answer up where the page left it; otherwise re-subscribe to alerts. */
function onOpen(reconnect: boolean): void {
  if (reconnect) studyCards.feed.resubscribeAll();
  if (reconnect) controlCards.feed.resubscribeAll();
  if (!reconnect) return;
  if (!state.sessionId) {
    if (state.requestId) {
      // Dropped before the server said which session the new chat went to: it may still be running there.
      state.draft ??= new MessageBuilder();
      (state.draft.message.metadata!.errors ??= []).push('The connection dropped before the chat started; it may still be running: open it from the sidebar.');
      finishDraft();
      render();
    }
    void refreshSessions();
    return;
  }
  if (state.requestId) {
    state.requestId = newRequestId();
    connection.send({ type: 'resume', requestId: state.requestId, id: state.sessionId, lastSequence: state.lastSequence });
  } else {
    connection.send({ type: 'resume', requestId: newRequestId(), id: state.sessionId, lastSequence: state.lastSequence });
  }
  void refreshSessions();
}

function onFrame(frame: ServerFrame): void {
  if (frame.type === 'alert') return alerts.add(frame.alert);
  if (frame.type === 'study') return studyCards.feed.onFrame(frame);
  if (controlCards.onFrame(frame)) return;
  if (!('requestId' in frame)) return;
  if (frame.requestId !== state.requestId) {
    if (frame.type === 'error' && frame.requestId === null) showAlert(frame.errorText);
    return;
  }
  switch (frame.type) {
    case 'start':
      if (state.sessionId === null) {
        state.sessionId = frame.sessionId;
        history.replaceState(null, '', `/s/${frame.sessionId}`);
        if (state.dryRunForNewChat) void api.patchSession(frame.sessionId, { metadata: { dryRun: true } }).then(refreshSessions);
      }
      void refreshSessions();
      break;
    case 'chunk':
      state.draft ??= new MessageBuilder();
      state.draft.apply(frame.chunk);
      state.lastSequence = Math.max(state.lastSequence, frame.sequence);
      break;
    case 'end':
    case 'no-active':
      finishDraft();
      void refreshSessions();
      break;
    case 'error':
      state.draft ??= new MessageBuilder();
      (state.draft.message.metadata!.errors ??= []).push(frame.errorText);
      finishDraft();
      break;
  }
  // Chunks can arrive by the hundred (live study progress): draw at most once per animation frame.
  if (frame.type === 'chunk') scheduleRender();
  else render();
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function finishDraft(): void {
  if (state.draft) {
    state.draft.finish();
    if (state.draft.message.parts.length > 0 || state.draft.message.metadata?.errors?.length) state.messages.push(state.draft.message);
  }
  state.draft = null;
  state.requestId = null;
  sendQueue.turnEnded();
}

function showAlert(message: string): void {
  alerts.notice(message);
}

/** Sending while an answer streams stops that answer first (web/send-queue.ts); studies it started keep running. */
const sendQueue = new SendQueue({
  streamingRequest: () => state.requestId,
  abort: (requestId) => connection.send({ type: 'abort', requestId }),
  forceEnd: () => {
    if (state.draft) state.draft.message.metadata!.aborted = true;
    finishDraft();
    render();
  },
  send: (text) => sendMessage(text),
  waitMs: STOP_WAIT_MS,
});

function submit(text: string): void {
  if (!text.trim() || state.replay) return;
  void sendQueue.submit(text);
}

function sendMessage(text: string): void {
  if (!text.trim() || state.requestId || state.replay) return;
  state.messages.push({ id: `local-${Date.now()}`, role: 'user', parts: [{ type: 'text', text }] });
  state.draft = new MessageBuilder();
  state.requestId = newRequestId();
  const dryRun = el.dryRun.checked;
  connection.send({ type: 'send', requestId: state.requestId, id: state.sessionId, text, dryRun });
  render();
  // The sender wants to see their message and its answer, wherever they had scrolled to (a study card, a chart).
  el.messages.scrollTop = el.messages.scrollHeight;
}

async function openSession(id: string | null, options: { push?: boolean } = {}): Promise<void> {
  stopReplay();
  state.sessionId = id;
  state.messages = [];
  state.draft = null;
  state.requestId = null;
  state.lastSequence = 0;
  if (options.push !== false) history.pushState(null, '', id ? `/s/${id}` : '/');
  renderSidebar();
  render();
  if (!id) return el.input.focus();
  try {
    const [detail, messages] = await Promise.all([api.getSession(id), api.messages(id)]);
    if (state.sessionId !== id) return;
    state.messages = messages;
    state.lastSequence = detail.lastSequence;
    const requestId = newRequestId();
    if (detail.liveFrom !== null) {
      // A turn is running (from another tab, the CLI or Slack): show it live from its first chunk.
      state.requestId = requestId;
      state.draft = new MessageBuilder();
      state.lastSequence = detail.liveFrom;
    }
    connection.send({ type: 'resume', requestId, id, lastSequence: state.lastSequence });
  } catch (error) {
    showAlert((error as Error).message);
  }
  render();
}

async function startReplay(speed: number): Promise<void> {
  const id = state.sessionId;
  if (!id) return;
  stopReplay();
  const [messages, chunks] = await Promise.all([api.messages(id), api.chunks(id)]);
  const player = new ReplayPlayer(messages, chunks, (shown) => {
    renderMessages(el.messages, shown);
    studyCards.hydrate(el.messages);
    controlCards.hydrate(el.messages);
  });
  state.replay = player;
  history.replaceState(null, '', `/replay/${id}`);
  el.messages.innerHTML = '';
  render();
  await player.play(speed);
}

function stopReplay(): void {
  state.replay?.stop();
  state.replay = null;
}

// Events
el.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = el.input.value;
  if (!text.trim() || state.replay) return;
  el.input.value = '';
  submit(text);
});
el.input.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter is a newline; Enter that confirms an IME composition does neither.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el.composer.requestSubmit();
  }
});
el.stop.addEventListener('click', () => {
  if (state.requestId) connection.send({ type: 'abort', requestId: state.requestId });
});
el.newChat.addEventListener('click', () => void openSession(null));
el.dryRun.addEventListener('change', () => {
  if (state.sessionId) void api.patchSession(state.sessionId, { metadata: { dryRun: el.dryRun.checked || null } }).then(refreshSessions);
  else state.dryRunForNewChat = el.dryRun.checked;
});
el.replay.addEventListener('click', () => void startReplay(1));
el.replayControls.addEventListener('click', (event) => {
  const speed = (event.target as HTMLElement).dataset.speed;
  if (speed) void startReplay(speed === 'instant' ? Infinity : Number(speed));
});
el.replayExit.addEventListener('click', () => void openSession(state.sessionId, { push: false }).then(() => history.replaceState(null, '', `/s/${state.sessionId}`)));
window.addEventListener('popstate', () => void route());
// Back from a network change or a sleeping laptop: reconnect (and resume) now rather than after the backoff.
window.addEventListener('online', () => connection.reconnectNow());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') connection.reconnectNow();
});

async function route(): Promise<void> {
  const match = /^\/(s|replay)\/([^/]+)$/.exec(location.pathname);
  if (!match) return openSession(null, { push: false });
  await openSession(decodeURIComponent(match[2]!), { push: false });
  if (match[1] === 'replay') await startReplay(1);
}

// Start-up
connection.connect();
attachSessionSharing();
document.getElementById('studies-open')?.addEventListener('click', () => studiesView.open());
attachDrawer({ toggle: el.menuToggle, sidebar: el.sidebar, overlay: el.drawerOverlay });
attachActionsMenu({ button: el.moreActions, menu: el.headerActions });
attachCopyButtons(el.messages, (node) => {
  const message = messageOfNode(node);
  return message ? messagePlainText(message) : null;
});
attachExamplePrompts(el.messages, (text) => submit(text));
void refreshSessions();
void route();
setInterval(() => void refreshSessions(), 15_000);
// Relative times ("5 min ago") in the alert lines move on even when nothing new arrives.
setInterval(() => alerts.render(), 30_000);
(window as unknown as { tunechat: unknown }).tunechat = { connection, state, alerts };
