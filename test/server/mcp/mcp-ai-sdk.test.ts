import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMCPClient, type MCPClient } from '@ai-sdk/mcp';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { simulateReadableStream, stepCountIs, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { agentToolDefinitions, startMcpServer, type McpTestServer } from './support/mcp-test.ts';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 5, text: 5, reasoning: undefined } };

/** A model that calls start_study on branin, then answers with the study id it got back. */
function studyModel(): MockLanguageModelV3 {
  const stream = (chunks: LanguageModelV3StreamPart[]) => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs: null }) });
  return new MockLanguageModelV3({
    doStream: async (options) => {
      const last = options.prompt.at(-1)!;
      if (last.role === 'tool') {
        // @ai-sdk/mcp gives the model the result's content blocks: the summary line, then the value as JSON.
        const part = last.content[0] as { output: { type: string; value: { type: string; text: string }[] } };
        assert.equal(part.output.type, 'content');
        const id = (JSON.parse(part.output.value[1]!.text) as { study_id: string }).study_id;
        return stream([
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: `Started study ${id} on branin.` },
          { type: 'text-end', id: 't' },
          { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
        ]);
      }
      return stream([
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'start_study', input: JSON.stringify({ target: 'branin', trials: 20, sampler: 'random' }) },
        { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
      ]);
    },
  });
}

/**
 * The AI SDK's own MCP client (`@ai-sdk/mcp` 1.x, for `ai` 6) over Streamable HTTP turns tunechat's MCP tools into AI
 * SDK tools, and a `streamText` agent loop with a mock model drives them: the model sees the same tools (names and
 * JSON Schemas) as tunechat's own agent, calls start_study, and answers from the structured result.
 */
describe('@ai-sdk/mcp createMCPClient drives tunechat over /mcp from streamText', () => {
  let server: McpTestServer;
  let mcp: MCPClient;

  before(async () => {
    server = await startMcpServer();
    mcp = await createMCPClient({ transport: { type: 'http', url: server.mcpUrl }, name: 'ai-sdk-test' });
  });
  after(async () => {
    await mcp?.close();
    await server?.close();
  });

  test('the tools, a start_study call from the model, and its answer', async () => {
    const tools = await mcp.tools();
    const expected = await agentToolDefinitions(server.services);
    assert.deepEqual(Object.keys(tools), [...expected.keys()]);
    const model = studyModel();
    const result = streamText({ model, tools, stopWhen: stepCountIs(3), prompt: 'tune branin for me' });
    const text = await result.text;
    const steps = await result.steps;
    assert.equal(steps.length, 2);
    const toolResult = steps[0]!.toolResults[0]!;
    assert.equal(toolResult.toolName, 'start_study');
    const output = toolResult.output as { isError?: boolean; structuredContent: { ok: boolean; study_id: string } };
    assert.notEqual(output.isError, true, 'the client parsed the result (isError defaults to false)');
    assert.equal(output.structuredContent.ok, true);
    assert.equal(text, `Started study ${output.structuredContent.study_id} on branin.`);
    const seen = model.doStreamCalls[1]!.prompt.at(-1)!.content[0] as { output: { value: { text: string }[] } };
    assert.match(seen.output.value[0]!.text, new RegExp(`^study ${output.structuredContent.study_id} on branin started \\(20 trials, sampler random\\)`));
    // What the model was offered: tunechat's own schemas, through MCP and back.
    const offered = model.doStreamCalls[0]!.tools!.find((t) => t.name === 'start_study') as { inputSchema: unknown };
    assert.deepEqual(offered.inputSchema, expected.get('start_study')!.inputSchema);
    const study = server.services.studies.get(output.structuredContent.study_id);
    assert.equal(study?.spec.targetName, 'branin');
    await server.services.studies.wait(study!.id);
    assert.equal(server.services.studies.status(study!.id).status, 'complete');
  });
});
