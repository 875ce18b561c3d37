/**
 * `tunechat <command> …`: dispatches to `cli/commands/<command>.ts`, each exporting
 * `run(argv: string[]): Promise<number>` (the exit code).
 */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  serve: { module: './commands/serve.ts', summary: 'start the server and web UI (what npm start runs) [--redis redis://…]' },
  worker: { module: './commands/worker.ts', summary: 'evaluate trials of distributed studies: worker --redis redis://host:6379 [--concurrency N] [--targets a,b]' },
  ask: { module: './commands/ask.ts', summary: 'run one chat turn in the terminal: ask "<request>" [--session ID] [--json] [--dry-run]' },
  mcp: { module: './commands/mcp.ts', summary: "serve tunechat's tools and resources to another agent over MCP on stdio (Claude Desktop, Claude Code, Cursor, VS Code)" },
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
  users: { module: './commands/users.ts', summary: 'users add <name> [--group G] [--tag K=V] | list | remove | rotate-token | map-slack | unmap-slack' },
  groups: { module: './commands/groups.ts', summary: 'groups add | list | remove | add-user <group> <user> | remove-user <group> <user>' },
  policy: { module: './commands/policy.ts', summary: 'policy put | get | list | versions | set-default | delete-version | delete | attach | detach | validate | simulate' },
  audit: { module: './commands/audit.ts', summary: 'audit query [--principal P] [--decision allow|deny] [--since 1h] | verify' },
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
