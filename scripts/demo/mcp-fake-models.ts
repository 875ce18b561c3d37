/**
 * A scripted stand-in for two model APIs on 127.0.0.1, so real MCP clients can be driven through tunechat's MCP tools
 * without a model or the network (scripts/demo/mcp-clients.sh):
 *
 * - the Anthropic Messages API (`POST /v1/messages`, for Claude Code with ANTHROPIC_BASE_URL pointing here);
 * - the Gemini API (`POST /v1beta/models/<model>:generateContent` / `:streamGenerateContent`, for gemini-cli with
 *   GOOGLE_GEMINI_BASE_URL). gemini-cli's side requests with a JSON schema (model routing, next speaker) get the
 *   smallest object the schema allows.
 *
 * It records every request in `<out>/requests.jsonl` (API, model, tool names, the tunechat tools' schemas, the tool
 * results the client sent back) and plays the same script on both:
 *
 * 0. tunechat's tools not offered yet but Claude Code's WaitForMcpServers is (Claude Code 2.1 asks the model before its
 *    MCP servers connect): call it once for tunechat;
 * 1. tunechat's tools offered and no tunechat result yet: start_study (branin, 20 trials, seed 7);
 * 2. after start_study's result: wait_for_study on the study id found in it;
 * 3. after wait_for_study's result: a text answer with the study's status and best trial;
 * 4. anything else: a short text.
 *
 * Usage: node --import tsx scripts/demo/mcp-fake-models.ts <out-dir>; prints `listening on http://127.0.0.1:<port>`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { anthropicReply, geminiReply, type Turn } from './mcp-fake-wire.ts';

const WAIT_FOR_SERVERS = 'WaitForMcpServers';
/** How each client names an MCP server's tools: Claude Code `mcp__<server>__<tool>`, gemini-cli `mcp_<server>_<tool>`. */
const PREFIXES = ['mcp__tunechat__', 'mcp_tunechat_'];

export type Action = { text: string } | { call: string; args: Record<string, unknown> };

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: mcp-fake-models.ts <out-dir>');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

/** The scripted next step of a conversation (see the file comment). */
function script(turn: Turn): { step: string; action: Action } {
  const prefix = PREFIXES.find((p) => turn.tools.some((t) => t.startsWith(`${p}start_study`)));
  const result = turn.results.at(-1);
  if (!prefix) {
    if (turn.tools.includes(WAIT_FOR_SERVERS) && !result) return { step: WAIT_FOR_SERVERS, action: { call: WAIT_FOR_SERVERS, args: { servers: ['tunechat'] } } };
    return { step: result ? 'no tunechat tools' : 'side request', action: { text: result ? `tunechat's tools did not show up: ${result.text.slice(0, 300)}` : 'tunechat demo' } };
  }
  // gemini-cli adds a `wait_for_previous` flag to every tool's schema; a Gemini model may send it (sent here to check
  // that it never reaches tunechat, whose schemas allow no other properties).
  const extra = (name: string) => (hasProperty(turn, name, 'wait_for_previous') ? { wait_for_previous: false } : {});
  if (!result || result.name === WAIT_FOR_SERVERS) return { step: 'start_study', action: { call: `${prefix}start_study`, args: { target: 'branin', trials: 20, seed: 7, ...extra(`${prefix}start_study`) } } };
  if (result.name === `${prefix}start_study`) {
    const studyId = /st_[a-z0-9]+/.exec(result.text)?.[0];
    if (studyId) return { step: 'wait_for_study', action: { call: `${prefix}wait_for_study`, args: { study_id: studyId, timeout_s: 120, ...extra(`${prefix}wait_for_study`) } } };
  }
  return { step: 'answer', action: { text: answerFrom(result.text) } };
}

function hasProperty(turn: Turn, tool: string, property: string): boolean {
  const schema = turn.declarations.find((d) => d.name === tool)?.schema as { properties?: Record<string, unknown> } | undefined;
  return Boolean(schema?.properties && property in schema.properties);
}

/** The final answer: the study's outcome read from wait_for_study's result (its JSON somewhere in the text). */
function answerFrom(text: string): string {
  interface StudyResult { study_id?: string; status?: string; trials?: { total?: number; budget?: number }; best?: { number: number; values: number[]; params: unknown } | null; runs_here?: boolean; note?: string }
  // gemini-cli sends {"output": "<untrusted_context>\n<summary>\n</untrusted_context>\n<untrusted_context>\n<JSON>\n…"}.
  try {
    const wrapped = JSON.parse(text) as { output?: unknown };
    if (typeof wrapped.output === 'string') text = wrapped.output;
  } catch {
    // not JSON: the text itself
  }
  const line = text.split('\n').find((l) => l.startsWith('{"study_id"')) ?? text;
  let value: StudyResult;
  try {
    value = JSON.parse(line) as StudyResult;
  } catch {
    return `tunechat answered: ${text.slice(0, 300)}`;
  }
  if (!value.study_id) return `tunechat answered: ${text.slice(0, 300)}`;
  const best = value.best ? `; best value ${value.best.values[0]} at ${JSON.stringify(value.best.params)} (trial #${value.best.number})` : '';
  const elsewhere = value.runs_here === false ? ` (${value.note})` : '';
  return `Study ${value.study_id} is ${value.status}: ${value.trials?.total}/${value.trials?.budget} trials${best}.${elsewhere}`;
}

function send(res: ServerResponse, reply: { status?: number; type: string; body: string }): void {
  res.writeHead(reply.status ?? 200, { 'content-type': reply.type, 'cache-control': 'no-cache' }).end(reply.body);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '';
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    } catch {
      // recorded as an empty body
    }
    const record = (entry: Record<string, unknown>) => appendFileSync(join(outDir, 'requests.jsonl'), `${JSON.stringify({ at: Date.now(), url, ...entry })}\n`);
    const api = req.method === 'POST' && url.startsWith('/v1/messages') ? anthropicReply : req.method === 'POST' && url.startsWith('/v1beta/models/') ? geminiReply : null;
    if (!api) {
      record({ method: req.method });
      send(res, { status: 404, type: 'application/json', body: JSON.stringify({ error: { message: `no ${req.method} ${url} here` } }) });
      return;
    }
    send(res, api(url, body, (turn) => {
      const { step, action } = script(turn);
      const tunechat = turn.declarations.filter((d) => PREFIXES.some((p) => d.name.startsWith(p)));
      record({ api: turn.api, model: turn.model, step, tools: turn.tools, tunechat_tools: tunechat, tool_results: turn.results, answer: action });
      return action;
    }, record));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
