import { readFileSync } from 'node:fs';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openDatabase } from '../../db/open.ts';
import { RuleStore } from '../../db/rule-store.ts';
import { loadConfig } from '../../server/config.ts';
import { ToolError } from '../../tools/common/errors.ts';
import { ActionRegistry } from '../../tools/rules/actions/action-registry.ts';
import { createScaleAction } from '../../tools/rules/actions/scale-action.ts';
import { createServiceActions } from '../../tools/rules/actions/service-actions.ts';
import { RuleEngine } from '../../tools/rules/engine.ts';
import { RULE_LIMITS } from '../../tools/rules/limits.ts';
import { checkRules, parseRulesFile, runFactsStream } from '../../tools/rules/rule-file.ts';

const USAGE = `usage:
  tunechat rules run --rules rules.json --facts facts.ndjson [--json] [--fire-limit N]
      apply the facts stream line by line; after each line fire the agenda and report what fired and the
      complete current match set (--json: one {"line","fired","matching"} object per line)
  tunechat rules check rules.json [--json]     validate rules (JSON path, rule id, what was expected)
  tunechat rules list [--json]                 rules stored in the database (what the server runs)
  tunechat rules add --file rule.json          store (or update, new version) rules from a file
  tunechat rules remove <rule_id>              remove a stored rule (its history is kept)
  tunechat rules history <rule_id> [--json]    every version of a stored rule
  tunechat rules alerts [--json]               the latest alerts`;

/** `tunechat rules …`: run rules over a facts file, validate rules, manage the stored rules. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  const parsed = parseCommandArgs('rules', USAGE, {
    args: rest,
    allowPositionals: true,
    options: { rules: { type: 'string' }, facts: { type: 'string' }, json: { type: 'boolean' }, file: { type: 'string' }, 'fire-limit': { type: 'string' } },
  });
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  try {
    switch (sub) {
      case 'run':
        return runStream(values.rules, values.facts, values.json === true, values['fire-limit']);
      case 'check':
        return check(positionals[0] ?? values.rules, values.json === true);
      case 'list':
      case 'add':
      case 'remove':
      case 'history':
      case 'alerts':
        return stored(sub, positionals, values.file, values.json === true);
      default:
        console.error(`tunechat rules: unknown subcommand "${sub}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    console.error(`tunechat rules ${sub}: ${error.message}`);
    return 1;
  }
}

function readFile(path: string | undefined, flag: string): string {
  if (!path) throw new ToolError('invalid_argument', `${flag} <file> is required`, { details: { parameter: flag } });
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ToolError('not_found', `cannot read ${flag} file "${path}": ${(error as Error).message}`, { details: { parameter: flag, path } });
  }
}

/** The CLI's actions: the real vocabulary, with effects printed instead of reaching a server. */
function cliEngine(print: (line: string) => void): RuleEngine {
  const actions = new ActionRegistry(
    createServiceActions({
      raiseAlert: (call, message) => print(`ALERT [${call.rule.id}] ${message}`),
      pruneTrial: (studyId, trial, reason) => (print(`prune_trial study=${studyId} trial=${trial} reason=${reason}`), true),
      stopStudy: async (studyId) => print(`stop_study ${studyId}`),
      setParam: (r) => print(`set_param ${r.name}=${JSON.stringify(r.value)}${r.studyId ? ` study=${r.studyId}` : ''}`),
      log: (line) => print(`log ${line}`),
    }).concat(createScaleAction({ scale: (r) => print(`scale ${r.controllerId ?? '(no controller)'} ${r.factor !== undefined ? `×${r.factor}` : r.delta !== undefined ? `${r.delta >= 0 ? '+' : ''}${r.delta}` : `=${r.value}`} rule=${r.ruleId}`) })),
  );
  return new RuleEngine({ actions, onActionError: (error, info) => print(`error in ${info.ruleId}/${info.action}: ${(error as Error).message}`) });
}

function runStream(rulesPath: string | undefined, factsPath: string | undefined, json: boolean, fireLimitText: string | undefined): number {
  const fireLimit = fireLimitText === undefined ? 10_000 : Number(fireLimitText);
  if (!Number.isInteger(fireLimit) || fireLimit < 1) throw new ToolError('invalid_argument', `--fire-limit must be a positive integer, got ${fireLimitText}`);
  const rules = parseRulesFile(readFile(rulesPath, '--rules'), rulesPath);
  const facts = readFile(factsPath, '--facts');
  const effects: string[] = [];
  const engine = cliEngine((line) => effects.push(line));
  const { issues } = checkRules(rules, engine);
  if (issues.length > 0) {
    for (const issue of issues) console.error(`${rulesPath}${issue.path} (rule ${issue.rule_id ?? '?'}): ${issue.message}${issue.expected ? `; expected ${issue.expected}` : ''}`);
    return 1;
  }
  for (const rule of rules) engine.addRule(rule);
  let failed = false;
  for (const report of runFactsStream(engine, facts, fireLimit)) {
    if (report.error) {
      failed = true;
      console.error(`${factsPath}:${report.line}: ${report.error}`);
    }
    if (json) console.log(JSON.stringify(report));
    else {
      const fired = report.fired.length ? `fired ${report.fired.join(', ')}` : 'nothing fired';
      console.log(`line ${report.line}: ${fired}; ${report.matching.length} match(es)`);
      for (const effect of effects.splice(0)) console.log(`  ${effect}`);
    }
    effects.length = 0;
  }
  return failed ? 1 : 0;
}

function check(path: string | undefined, json: boolean): number {
  const rules = parseRulesFile(readFile(path, 'rules.json'), path);
  const { valid, issues } = checkRules(rules, cliEngine(() => {}));
  if (json) console.log(JSON.stringify({ ok: issues.length === 0, rules: rules.length, valid, issues }, null, 2));
  else {
    for (const issue of issues) console.log(`${path}${issue.path} (rule ${issue.rule_id ?? '?'}): ${issue.message}${issue.expected ? `; expected ${issue.expected}` : ''}`);
    console.log(issues.length === 0 ? `${path}: ${valid} rule(s) OK` : `${path}: ${issues.length} problem(s); ${valid} of ${rules.length} rule(s) valid`);
  }
  return issues.length === 0 ? 0 : 1;
}

function stored(sub: string, positionals: string[], file: string | undefined, json: boolean): number {
  const db = openDatabase(loadConfig(process.env).dbPath);
  const store = new RuleStore(db);
  const print = (value: unknown, text: () => string) => console.log(json ? JSON.stringify(value, null, 2) : text());
  try {
    if (sub === 'list') {
      const list = store.list();
      print(list, () => list.map((r) => `${r.rule_id.padEnd(20)} v${r.version}${r.study_id ? ` study=${r.study_id}` : ''}  ${JSON.stringify(r.definition)}`).join('\n') || '(no rules)');
    } else if (sub === 'add') {
      const rules = parseRulesFile(readFile(file, '--file'), file);
      const engine = cliEngine(() => {});
      const { issues } = checkRules(rules, engine);
      if (issues.length > 0) {
        for (const issue of issues) console.error(`${file}${issue.path} (rule ${issue.rule_id ?? '?'}): ${issue.message}`);
        return 1;
      }
      const active = new Set(store.list().map((r) => r.rule_id));
      const added = rules.filter((r) => !active.has(String((r as { rule_id?: unknown }).rule_id))).length;
      if (active.size + added > RULE_LIMITS.activeRules) {
        throw new ToolError('conflict', `at most ${RULE_LIMITS.activeRules} rules may be active; ${active.size} are and ${file} adds ${added} new ones`, { details: { limit: RULE_LIMITS.activeRules, active: active.size, added } });
      }
      for (const rule of rules) {
        const normalized = engine.addRule(rule);
        const saved = store.save(normalized.source);
        console.log(`${normalized.id}: ${saved.change} (v${saved.version})`);
      }
    } else if (sub === 'remove') {
      const id = positionals[0];
      const removed = id ? store.remove(id) : null;
      if (!removed) throw new ToolError('not_found', `no active rule "${id ?? ''}"`);
      console.log(`${id}: removed (v${removed.version}; history kept)`);
    } else if (sub === 'history') {
      const history = store.history(positionals[0] ?? '');
      print(history, () => history.map((v) => `v${v.version} ${v.change.padEnd(8)} ${new Date(v.created_at).toISOString()} ${JSON.stringify(v.definition)}`).join('\n') || '(no such rule)');
    } else {
      const alerts = store.listAlerts({ limit: 50 });
      print(alerts, () => alerts.map((a) => `${new Date(a.at).toISOString()} [${a.ruleId}] ${a.message}`).join('\n') || '(no alerts)');
    }
    return 0;
  } finally {
    db.close();
  }
}
