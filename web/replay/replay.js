// Read-only replay of a shared tunechat session: replays the stored UI message chunks with their original timing
// (scaled by the speed), and jumps to any tool call. Everything from the data is rendered with textContent.
const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const token = new URLSearchParams(location.search).get('token') ?? '';
const $ = (sel) => document.querySelector(sel);
const TURN_GAP_MS = 800;

const response = await fetch(`/replay/${encodeURIComponent(id)}/data?token=${encodeURIComponent(token)}`);
if (!response.ok) {
  $('#conversation').textContent = 'This replay does not exist or is no longer shared.';
  throw new Error(`replay data: HTTP ${response.status}`);
}
const data = await response.json();
$('#title').textContent = data.session.title;
$('#badge').textContent = data.session.source;
document.title = `${data.session.title} · tunechat replay`;

// A timeline of steps: the user message that opened each turn, then the turn's chunks at their offsets.
const users = data.messages.filter((m) => m.role === 'user');
const steps = [];
let clock = 0;
let turnIndex = -1;
let lastTurn = null;
let turnStart = 0;
for (const stored of data.chunks) {
  if (stored.turnId !== lastTurn) {
    lastTurn = stored.turnId;
    turnIndex += 1;
    clock += steps.length ? TURN_GAP_MS : 0;
    turnStart = clock;
    const user = users[turnIndex];
    steps.push({ at: clock, kind: 'user', text: user ? textOf(user) : '' });
  }
  clock = Math.max(clock, turnStart + stored.tMs);
  steps.push({ at: clock, kind: 'chunk', chunk: stored.chunk });
}

function textOf(message) {
  return (message.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text).join('');
}

// Rendering state, rebuilt from step 0 on every jump (sessions are small; this keeps jumps exact).
let position = 0;
let view;
function reset() {
  $('#conversation').replaceChildren();
  view = { assistant: null, texts: new Map(), tools: new Map() };
  position = 0;
}
function bubble(role) {
  const el = document.createElement('div');
  el.className = `message ${role}`;
  const label = document.createElement('div');
  label.className = 'role';
  label.textContent = role;
  el.append(label);
  $('#conversation').append(el);
  return el;
}
function apply(step) {
  if (step.kind === 'user') {
    bubble('user').append(document.createTextNode(step.text));
    view.assistant = bubble('assistant');
    return;
  }
  const c = step.chunk;
  const box = view.assistant ?? (view.assistant = bubble('assistant'));
  if (c.type === 'text-start') {
    const span = document.createElement('span');
    view.texts.set(c.id, span);
    box.append(span);
  } else if (c.type === 'text-delta') {
    (view.texts.get(c.id) ?? box.appendChild(document.createElement('span'))).append(c.delta);
  } else if (c.type === 'tool-input-start' || c.type === 'tool-input-available') {
    let el = view.tools.get(c.toolCallId);
    if (!el) {
      el = document.createElement('div');
      el.className = 'tool';
      el.id = `tool-${c.toolCallId}`;
      view.tools.set(c.toolCallId, el);
      box.append(el);
    }
    el.textContent = `${c.toolName}(${c.input === undefined ? '…' : JSON.stringify(c.input)})`;
  } else if (c.type === 'tool-output-available') {
    const el = view.tools.get(c.toolCallId);
    if (el) {
      el.classList.add('done');
      el.dataset.output = JSON.stringify(c.output);
      el.textContent = `${el.textContent.split('\n')[0]}\n→ ${truncate(JSON.stringify(c.output), 600)}`;
    }
  } else if (c.type === 'tool-output-error' || c.type === 'tool-input-error') {
    const el = view.tools.get(c.toolCallId);
    if (el) {
      el.classList.add('failed');
      el.textContent = `${el.textContent.split('\n')[0]}\n✗ ${c.errorText}`;
    }
  } else if (c.type === 'error' || c.type === 'abort') {
    const el = document.createElement('div');
    el.className = 'error';
    el.textContent = c.type === 'error' ? c.errorText : 'stopped';
    box.append(el);
  }
}
function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
function seek(target) {
  if (target < position) reset();
  while (position < target && position < steps.length) apply(steps[position++]);
  $('#scrub').value = String(position);
  $('#position').textContent = `${position}/${steps.length}`;
}

// Playback: schedule the next step after its original delay divided by the speed (0 = instant).
let timer = null;
function speed() {
  return Number($('#speed').value);
}
function pause() {
  clearTimeout(timer);
  timer = null;
  $('#play').textContent = position >= steps.length ? 'Replay' : 'Play';
}
function play() {
  if (position >= steps.length) seek(0);
  $('#play').textContent = 'Pause';
  const tick = () => {
    if (position >= steps.length) return pause();
    seek(position + 1);
    const next = steps[position];
    if (!next) return pause();
    const s = speed();
    timer = setTimeout(tick, s === 0 ? 0 : Math.max(0, (next.at - steps[position - 1].at) / s));
  };
  tick();
}
$('#play').addEventListener('click', () => (timer ? pause() : play()));
$('#restart').addEventListener('click', () => {
  pause();
  seek(0);
});
$('#scrub').max = String(steps.length);
$('#scrub').addEventListener('input', (e) => {
  pause();
  seek(Number(e.target.value));
});

// Jump list: every tool call, to the step where its result arrived (or its input, when it never finished).
steps.forEach((step, index) => {
  if (step.kind !== 'chunk' || step.chunk.type !== 'tool-input-available') return;
  const done = steps.findIndex((s, i) => i > index && s.kind === 'chunk' && s.chunk.toolCallId === step.chunk.toolCallId && /^tool-output/.test(s.chunk.type));
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = step.chunk.toolName;
  button.title = JSON.stringify(step.chunk.input);
  button.addEventListener('click', () => {
    pause();
    seek(0);
    seek((done >= 0 ? done : index) + 1);
    document.querySelectorAll('.tool.current').forEach((el) => el.classList.remove('current'));
    const el = document.getElementById(`tool-${step.chunk.toolCallId}`);
    el?.classList.add('current');
    el?.scrollIntoView({ block: 'center' });
  });
  item.append(button);
  $('#tools').append(item);
});

reset();
seek(0);
if (new URLSearchParams(location.search).get('autoplay') !== '0') play();
