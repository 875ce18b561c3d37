/**
 * `tunechat control start` in the foreground: starts the controller in this process, shows its decisions live and
 * waits until it ends: Ctrl-C (or SIGTERM) here, `tunechat control stop` from another terminal, the chat's
 * stop_controller, or a failure. Stopping never resets the service: it keeps the parameter's current value.
 */
import type { ControllerManager } from '../tools/control/controller-manager.ts';
import type { ControllerSpec, ControllerStatus } from '../tools/control/types.ts';
import { FINAL_CONTROLLER_STATES, shortNumber, signalName, signalValue } from '../web/control-text.ts';
import type { ControlTerminalView } from './control-view.ts';

/** What the run listens to for Ctrl-C (process, or an EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  removeListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

type Controllers = Pick<ControllerManager, 'start' | 'stop' | 'status' | 'addObserver'>;

/** "example-service keeps workers = 12 (the controller changed nothing else and reset nothing)". */
export function leftText(status: ControllerStatus): string {
  const value = status.value === null ? 'its current value' : `${status.parameter} = ${shortNumber(status.value)}`;
  const from = status.initial_value !== null && status.value !== null && status.initial_value !== status.value ? ` (it was ${shortNumber(status.initial_value)} before the controller)` : '';
  return `${status.target} keeps ${value}${from}; nothing was reset`;
}

/** Runs one controller until it ends; returns the exit code (1 when it failed). */
export async function runInForeground(controllers: Controllers, spec: ControllerSpec, view: ControlTerminalView, signals: SignalSource): Promise<number> {
  let resolveEnd: (status: ControllerStatus) => void = () => {};
  const ended = new Promise<ControllerStatus>((resolve) => (resolveEnd = resolve));
  let id: string | null = null;
  // Events of the first ticks can come before `start` returns: they wait, so "started" is printed first.
  let early: (() => void)[] | null = [];
  const onStatus = (status: ControllerStatus) => {
    view.status(status);
    if (status.id === id && FINAL_CONTROLLER_STATES.has(status.state)) resolveEnd(status);
  };
  const unsubscribe = controllers.addObserver({
    decision: (record) => (early ? early.push(() => view.decision(record)) : view.decision(record)),
    status: (status) => (early ? early.push(() => onStatus(status)) : onStatus(status)),
  });
  view.say(`controlling ${spec.parameter} on ${spec.target}: keep ${signalName(spec.metric)} ${spec.slo.op} ${signalValue(spec.metric, spec.slo.value)}${spec.dry_run ? ' (dry run: decisions are recorded, never applied)' : ''}; Ctrl-C stops the controller and leaves the service as it is`);
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (!id) return;
    if (interrupts > 1) return void view.say('already stopping…');
    view.say(`stopping ${id}; the service keeps its current value`);
    controllers.stop(id, {}, 'stopped with Ctrl-C in the terminal that ran it').then(resolveEnd, (error: unknown) => {
      view.say(`could not stop ${id}: ${(error as Error).message}`);
    });
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    const started = await controllers.start(spec);
    id = started.id;
    view.event({ type: 'started', ...started });
    view.say(`${started.id} started: policy ${started.policy} (${started.policy_reason}), ${started.parameter} bounds ${started.bounds.min}..${started.bounds.max}`);
    view.status(started);
    for (const replay of early.splice(0)) replay();
    early = null;
    const now = controllers.status(started.id);
    if (FINAL_CONTROLLER_STATES.has(now.state)) resolveEnd(now);
    if (interrupts > 0) onSignal();
    const final = await ended;
    view.close();
    view.event({ type: 'end', ...final });
    view.say(`${final.id} ${final.state}${final.note ? `: ${final.note}` : ''}`);
    view.say(leftText(final));
    return final.state === 'failed' ? 1 : 0;
  } finally {
    early = null;
    view.close();
    signals.removeListener('SIGINT', onSignal);
    signals.removeListener('SIGTERM', onSignal);
    unsubscribe();
  }
}
