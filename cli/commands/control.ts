/**
 * `tunechat control start|status|list|stop`: live feedback control of a running service from the terminal.
 * `start` runs the controller here in the foreground with a live view (docs/control.md); the others read the
 * store, so they see every process's controllers (the server's too), and `stop` asks the owning process to stop one.
 */
import { openDatabase } from '../../db/open.ts';
import { ControllerStore } from '../../db/controller-store.ts';
import { TargetStore } from '../../db/target-store.ts';
import { loadConfig } from '../../server/config.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { ControllerManager } from '../../tools/control/controller-manager.ts';
import type { ControllerStatus } from '../../tools/control/types.ts';
import { TargetRegistry } from '../../tools/targets/target-registry.ts';
import { clockTime, collapseRepeats, controllerSummary, controllerTitle, decisionLine, FINAL_CONTROLLER_STATES } from '../../web/control-text.ts';
import { flagOf, specFromFlags } from '../control-args.ts';
import { leftText, runInForeground } from '../control-run.ts';
import { ControlTerminalView } from '../control-view.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = `usage: tunechat control start --target NAME --metric SIGNAL --slo '<40' --parameter NAME [--min N --max N]
                              [--policy auto|threshold|aimd|gradient2|vegas|hpa|little] [--period S] [--dry-run] [--json]
       tunechat control status [ID] [--json]     (default: the latest controller)
       tunechat control list [--json]
       tunechat control stop [ID] [--json]       (default: the only running controller)
  --db PATH: the database (default TUNECHAT_DB or ./data/tunechat.db). Targets come from tunechat.json here and the database.`;

/** Longest wait of `stop` for a controller run by another process to say it stopped. */
export const STOP_WAIT_MS = 10_000;
/** Decisions `status` prints. */
const STATUS_DECISIONS = 10;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('control', USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' }, metric: { type: 'string' }, slo: { type: 'string' }, parameter: { type: 'string' },
      min: { type: 'string' }, max: { type: 'string' }, policy: { type: 'string' }, period: { type: 'string' }, 'dry-run': { type: 'boolean' },
      json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (values.help || !action) return console.log(USAGE), action ? 0 : 2;
  if (!['start', 'status', 'list', 'stop'].includes(action)) return console.error(`tunechat control: unknown action "${action}"\n${USAGE}`), 2;
  if (extra.length > 0 || (id !== undefined && (action === 'start' || action === 'list'))) return console.error(`tunechat control: unexpected argument "${extra[0] ?? id}"\n${USAGE}`), 2;
  const config = loadConfig();
  const db = openDatabase(values.db ?? config.dbPath);
  const targets = new TargetRegistry({ store: new TargetStore(db), files: [process.cwd()] });
  const controllers = new ControllerManager({ store: new ControllerStore(db), clock: systemClock, targets, allowedHosts: config.allowedHosts });
  try {
    if (action === 'start') {
      const spec = await specFromFlags(values, targets);
      const view = new ControlTerminalView(process.stdout, { json: values.json ?? false });
      return await runInForeground(controllers, spec, view, process);
    }
    if (action === 'list') return list(controllers.list(), values.json ?? false);
    if (action === 'status') return status(controllers, id, values.json ?? false);
    return await stop(controllers, id, values.json ?? false);
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    const flag = flagOf((error.details as { parameter?: unknown } | undefined)?.parameter);
    const message = flag && !error.message.startsWith(flag) ? `${flag}: ${error.message}` : error.message;
    console.error(`tunechat control: ${message}`);
    const usage = error.code === 'invalid_argument' || error.code === 'unsupported' || (action === 'start' && error.code === 'not_found');
    return usage ? 2 : 1;
  } finally {
    await controllers.close();
    db.close();
  }
}

function list(all: ControllerStatus[], json: boolean): number {
  if (json) return console.log(JSON.stringify(all, null, 2)), 0;
  if (all.length === 0) return console.log('no controllers'), 0;
  for (const s of all) console.log(`${s.id.padEnd(5)} ${s.state.padEnd(11)} ${controllerTitle(s)}  ·  ${controllerSummary(s).split(' · ').slice(0, 2).join(' · ')}  ·  started ${new Date(s.started_at).toISOString()}`);
  return 0;
}

function status(controllers: ControllerManager, id: string | undefined, json: boolean): number {
  const s = controllers.status(id);
  // Runs of the same hold or refusal (every tick of a cooldown) count as one line, with how many it stands for.
  const decisions = collapseRepeats(controllers.decisions(s.id, { limit: 500 })).slice(-STATUS_DECISIONS);
  if (json) return console.log(JSON.stringify({ ...s, recent_decisions: decisions.map(({ decision, repeated }) => ({ ...decision, repeated })) }, null, 2)), 0;
  console.log(`${s.id} ${controllerTitle(s)} · ${s.state}`);
  console.log(`  ${controllerSummary(s)}`);
  console.log(`  bounds ${s.bounds.min}..${s.bounds.max} · policy ${s.policy}: ${s.policy_reason} · started ${new Date(s.started_at).toISOString()}${s.stopped_at ? ` · stopped ${new Date(s.stopped_at).toISOString()}` : ''}`);
  if (s.note) console.log(`  note: ${s.note}`);
  console.log(decisions.length ? `  latest changes, holds and refusals:` : '  no changes, holds or refusals yet');
  for (const { decision, repeated } of decisions) console.log(`  ${decisionLine(decision, s.slo)}${repeated > 1 ? ` (×${repeated})` : ''}`);
  return 0;
}

/** Stops one controller: here, or through the store when another process runs it (waits up to STOP_WAIT_MS). */
async function stop(controllers: ControllerManager, id: string | undefined, json: boolean): Promise<number> {
  const deadline = systemClock.now() + STOP_WAIT_MS;
  let s = await controllers.stop(id, {}, 'stopped with tunechat control stop');
  while (!FINAL_CONTROLLER_STATES.has(s.state) && systemClock.now() < deadline) {
    await systemClock.sleep(200);
    s = controllers.status(s.id);
  }
  const done = FINAL_CONTROLLER_STATES.has(s.state);
  if (json) console.log(JSON.stringify(s, null, 2));
  else if (done) console.log(`${s.id} ${s.state} at ${clockTime(s.stopped_at ?? systemClock.now())}${s.note ? ` (${s.note})` : ''}\n${leftText(s)}`);
  else console.error(`tunechat control: asked ${s.id} to stop, but it still reads ${s.state} after ${STOP_WAIT_MS / 1000} s: ${s.note ?? 'its process has not answered'}`);
  return done ? 0 : 1;
}
