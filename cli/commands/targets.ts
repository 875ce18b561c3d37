import { readFileSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { TargetStore } from '../../db/target-store.ts';
import { loadConfig } from '../../server/config.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { BuiltinProblems } from '../../tools/targets/builtin-problems.ts';
import { parseTargetInput } from '../../tools/targets/definition-schema.ts';
import { TargetRegistry } from '../../tools/targets/target-registry.ts';
import { SPACE_TEMPLATES } from '../../tools/targets/templates/index.ts';
import type { ResolvedTarget } from '../../tools/targets/types.ts';

const USAGE = `usage:
  tunechat targets list [--json]                 every target: registered, tunechat.json, builtin
  tunechat targets show <name> [--json]          one target with its metrics and default space
  tunechat targets add --file target.json        register (or replace) a target from a JSON definition
  tunechat targets add <name> --command "python3 train.py" --metric accuracy:max --metric latency_ms:min [--family xgboost] [--cwd DIR]
  tunechat targets add <name> --url http://127.0.0.1:8080/eval --metric loss:min
  tunechat targets remove <name>                 remove a registered target (file targets are edited in tunechat.json)
  tunechat targets templates [--json]            the search-space templates by model family`;

/** `tunechat targets …`: the same registry the agent's list_targets / register_target use (database + ./tunechat.json + builtins). */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  const parsed = parseCommandArgs('targets', USAGE, {
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' }, file: { type: 'string' }, command: { type: 'string' }, url: { type: 'string' },
      metric: { type: 'string', multiple: true }, family: { type: 'string' }, cwd: { type: 'string' },
      description: { type: 'string' }, 'timeout-s': { type: 'string' },
    },
  });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (sub === 'templates') return printTemplates(values.json === true);
  const db = openDatabase(loadConfig(process.env).dbPath);
  const registry = new TargetRegistry({ store: new TargetStore(db), files: [process.cwd()], builtins: new BuiltinProblems() });
  try {
    switch (sub) {
      case 'list':
        return await list(registry, values.json === true);
      case 'show': {
        const target = positionals[0] ? await registry.resolve(positionals[0]) : null;
        if (!target) return fail(`no target named "${positionals[0] ?? ''}"; see tunechat targets list`);
        console.log(values.json ? JSON.stringify(target) : JSON.stringify(target, null, 2));
        return 0;
      }
      case 'add': {
        const input = values.file ? JSON.parse(readFileSync(values.file, 'utf8')) : fromFlags(positionals[0], values);
        const { target, replaced } = await registry.register(parseTargetInput(input, { resolvePath: (p) => new URL(p, `file://${process.cwd()}/`).pathname }));
        console.log(`${replaced ? 'replaced' : 'registered'} ${target.name} (${target.kind}; metrics ${target.metrics.map((m) => `${m.name}${m.direction ? ` ${m.direction}` : ''}`).join(', ')})`);
        return 0;
      }
      case 'remove':
        if (!positionals[0]) return fail('remove needs a target name');
        if (!registry.remove(positionals[0])) return fail(`no registered target named "${positionals[0]}" (targets from tunechat.json are removed by editing the file)`);
        console.log(`removed ${positionals[0]}`);
        return 0;
      default:
        return fail(`unknown subcommand "${sub}"\n${USAGE}`);
    }
  } catch (error) {
    if (ToolError.isInstance(error) || error instanceof SyntaxError) return fail(error.message);
    throw error;
  } finally {
    db.close();
  }
}

function fromFlags(name: string | undefined, values: Record<string, unknown>): Record<string, unknown> {
  if (!name) throw new ToolError('invalid_argument', 'add needs a target name (or --file target.json)', { details: { parameter: 'name' } });
  const metrics = ((values.metric as string[] | undefined) ?? []).map((spec) => {
    const [metric, direction, unit] = spec.split(':');
    const dir = direction === 'max' || direction === 'maximize' ? 'maximize' : direction === 'min' || direction === 'minimize' ? 'minimize' : undefined;
    return { name: metric, ...(dir ? { direction: dir } : {}), ...(unit ? { unit } : {}) };
  });
  const input: Record<string, unknown> = { name, metrics, kind: values.url ? 'http' : 'command' };
  // The command flag is split like a shell would split words (quotes group), but never run through a shell.
  if (typeof values.command === 'string') input.command = values.command.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, ''));
  if (typeof values.url === 'string') input.url = values.url;
  if (typeof values.family === 'string') input.family = values.family;
  if (typeof values.cwd === 'string') input.cwd = values.cwd;
  if (typeof values.description === 'string') input.description = values.description;
  if (typeof values['timeout-s'] === 'string') input.timeout_s = Number(values['timeout-s']);
  return input;
}

async function list(registry: TargetRegistry, json: boolean): Promise<number> {
  const targets = await registry.list();
  const errors = registry.fileErrors();
  if (json) {
    console.log(JSON.stringify({ targets, errors }));
    return 0;
  }
  const width = Math.max(4, ...targets.map((t) => t.name.length));
  for (const t of targets) console.log(`${t.name.padEnd(width)}  ${t.kind.padEnd(8)}  ${(t.source ?? 'builtin').padEnd(8)}  ${describeMetrics(t)}`);
  for (const error of errors) console.error(`warning: ${error}`);
  return 0;
}

function describeMetrics(target: ResolvedTarget): string {
  return target.metrics.map((m) => `${m.name}${m.direction === 'maximize' ? '↑' : m.direction === 'minimize' ? '↓' : ''}`).join(' ');
}

function printTemplates(json: boolean): number {
  if (json) {
    console.log(JSON.stringify(SPACE_TEMPLATES));
    return 0;
  }
  for (const template of Object.values(SPACE_TEMPLATES)) {
    console.log(`${template.name}: ${template.description}`);
    for (const [param, dist] of Object.entries(template.space)) console.log(`  ${param.padEnd(24)} ${JSON.stringify(dist)}  ${template.notes[param] ?? ''}`);
    if (template.baseline) console.log(`  baseline (trial 0)       ${JSON.stringify(template.baseline)}`);
  }
  return 0;
}

function fail(message: string): number {
  console.error(`tunechat targets: ${message}`);
  return 1;
}
