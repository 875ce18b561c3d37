/**
 * The wire formats of scripts/demo/mcp-fake-models.ts: a request of the Anthropic Messages API or of the Gemini API
 * read into a `Turn` (offered tools, the tool results sent back), and the scripted action written back as that API's
 * response (JSON, or server-sent events when the client streams).
 */
import type { Action } from './mcp-fake-models.ts';

export interface Turn {
  api: 'anthropic' | 'gemini';
  model: string;
  tools: string[];
  declarations: Array<{ name: string; description?: string; schema: unknown }>;
  /** The tool results sent after the last model message, with the name of the tool each answers. */
  results: Array<{ name: string; text: string; isError: boolean }>;
}
export interface Reply { type: string; body: string }
type Decide = (turn: Turn) => Action;
type Record_ = (entry: Record<string, unknown>) => void;
type Json = Record<string, unknown>;

let counter = 0;
const sse = (events: Array<[string | null, unknown]>) => events.map(([event, data]) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`).join('');

export function anthropicReply(url: string, body: Json, decide: Decide): Reply {
  if (url.startsWith('/v1/messages/count_tokens')) return { type: 'application/json', body: JSON.stringify({ input_tokens: 1000 }) };
  const tools = (body.tools ?? []) as Array<{ name: string; description?: string; input_schema?: unknown }>;
  const messages = (body.messages ?? []) as Array<{ role: string; content: string | Json[] }>;
  const uses = new Map<string, string>();
  let after = 0;
  messages.forEach((m, index) => {
    if (m.role !== 'assistant') return;
    after = index + 1;
    if (Array.isArray(m.content)) for (const b of m.content) if (b.type === 'tool_use') uses.set(String(b.id), String(b.name));
  });
  const results = messages.slice(after).flatMap((m) => (typeof m.content === 'string' ? [] : m.content)).filter((b) => b.type === 'tool_result').map((b) => ({
    name: uses.get(String(b.tool_use_id)) ?? '?',
    text: typeof b.content === 'string' ? b.content : ((b.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n'),
    isError: b.is_error === true,
  }));
  const model = String(body.model ?? 'claude-demo');
  const action = decide({ api: 'anthropic', model, tools: tools.map((t) => t.name), declarations: tools.map((t) => ({ name: t.name, description: t.description, schema: t.input_schema })), results });
  const block = 'text' in action ? { type: 'text', text: action.text } : { type: 'tool_use', id: `toolu_demo_${++counter}`, name: action.call, input: action.args };
  const stop = 'text' in action ? 'end_turn' : 'tool_use';
  const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const id = `msg_demo_${++counter}`;
  if (body.stream !== true) {
    return { type: 'application/json', body: JSON.stringify({ id, type: 'message', role: 'assistant', model, content: [block], stop_reason: stop, stop_sequence: null, usage }) };
  }
  const start = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
  const delta = 'text' in action ? { type: 'text_delta', text: action.text } : { type: 'input_json_delta', partial_json: JSON.stringify(action.args) };
  return {
    type: 'text/event-stream',
    body: sse([
      ['message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: start }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 20 } }],
      ['message_stop', { type: 'message_stop' }],
    ]),
  };
}

export function geminiReply(url: string, body: Json, decide: Decide, record: Record_): Reply {
  const model = /\/models\/([^:/?]+)/.exec(url)?.[1] ?? 'gemini-demo';
  if (url.includes(':countTokens')) return { type: 'application/json', body: JSON.stringify({ totalTokens: 100 }) };
  const config = (body.generationConfig ?? {}) as Json;
  const schema = config.responseJsonSchema ?? config.responseSchema;
  let parts: Json[];
  if (schema) {
    // gemini-cli's own side requests (which model to route to, who speaks next): the smallest answer the schema allows.
    record({ api: 'gemini', model, step: 'json side request' });
    parts = [{ text: JSON.stringify(smallest(schema)) }];
  } else {
    const declarations = ((body.tools ?? []) as Array<{ functionDeclarations?: Json[] }>).flatMap((t) => t.functionDeclarations ?? []).map((d) => ({
      name: String(d.name), description: d.description as string | undefined, schema: d.parametersJsonSchema ?? d.parameters,
    }));
    const contents = (body.contents ?? []) as Array<{ role: string; parts: Json[] }>;
    const lastModel = contents.map((c) => c.role).lastIndexOf('model');
    const results = contents.slice(lastModel + 1).flatMap((c) => c.parts).filter((p) => p.functionResponse).map((p) => {
      const response = p.functionResponse as { name: string; response: unknown };
      return { name: response.name, text: JSON.stringify(response.response), isError: false };
    });
    const action = decide({ api: 'gemini', model, tools: declarations.map((d) => d.name), declarations, results });
    parts = ['text' in action ? { text: action.text } : { functionCall: { name: action.call, args: action.args } }];
  }
  const response = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 },
    modelVersion: model,
  };
  return url.includes(':streamGenerateContent') ? { type: 'text/event-stream', body: sse([[null, response]]) } : { type: 'application/json', body: JSON.stringify(response) };
}

/** The smallest value of a JSON (or Gemini OpenAPI-style) schema: first enum value, empty strings, zeros, every property. */
function smallest(schema: unknown): unknown {
  const s = (schema ?? {}) as Json;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  switch (String(s.type ?? 'object').toLowerCase()) {
    case 'string': return 'demo';
    case 'integer': case 'number': return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean': return false;
    case 'array': return [];
    default: return Object.fromEntries(Object.entries((s.properties ?? {}) as Json).map(([key, sub]) => [key, smallest(sub)]));
  }
}
