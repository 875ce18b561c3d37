/**
 * `tunechat <command> …`: dispatches to `cli/commands/<command>.ts`, each exporting
 * `run(argv: string[]): Promise<number>` (the exit code).
 */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  serve: { module: './commands/serve.ts', summary: 'start the server and web UI (what npm start runs)' },
  ask: { module: './commands/ask.ts', summary: 'run one chat turn in the terminal: ask "<request>" [--session ID] [--json] [--dry-run]' },
  sessions: { module: './commands/sessions.ts', summary: 'list chat sessions [--json]' },
  replay: { module: './commands/replay.ts', summary: 'replay a saved session: replay <session-id> [--speed N|--instant] [--rerun]' },
  tune: { module: './commands/tune.ts', summary: 'run a study from a spec file: tune --spec study.json [--json]' },
  study: { module: './commands/study.ts', summary: 'study list | show <id> | export <id> --format csv|json' },
  rules: { module: './commands/rules.ts', summary: 'rules run --rules rules.json --facts facts.ndjson [--json] | rules check rules.json' },
  bench: { module: './commands/bench.ts', summary: 'bench cmd|http|llm …' },
  targets: { module: './commands/targets.ts', summary: 'targets list | add | remove' },
  control: { module: './commands/control.ts', summary: "control start --target T --metric M --slo '<40' --parameter P [--json] | status | list | stop [id]" },
  export: { module: './commands/export.ts', summary: 'export <session-id> --out file.json' },
  import: { module: './commands/import.ts', summary: 'import file.json' },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['usage: tunechat <command> [options]', '', 'commands:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`tunechat: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const module = (await import(command.module)) as { run(argv: string[]): Promise<number> };
  return module.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
