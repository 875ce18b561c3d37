import { asSchema, type ToolSet } from 'ai';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { actionSpec, TOOL_ACTIONS } from '../../tools/iam/catalog.ts';
import { mcpToolDescription } from './tool-description.ts';

/**
 * The MCP `tools/list` entries of a toolset, generated from it (one source of truth): each tool's name, description
 * and input schema (the JSON Schema the AI SDK derives from its zod `inputSchema`, as a model provider receives it).
 * `readOnlyHint` comes from the IAM catalog: a tool whose action is Read or List changes nothing (Claude Code runs tools
 * with it concurrently). A description longer than MCP clients keep is shortened (server/mcp/tool-description.ts).
 */
export async function toolDefinitions(tools: ToolSet): Promise<McpTool[]> {
  return Promise.all(
    Object.entries(tools).map(async ([name, tool]): Promise<McpTool> => {
      const inputSchema = (await asSchema(tool.inputSchema).jsonSchema) as McpTool['inputSchema'];
      const action = Object.hasOwn(TOOL_ACTIONS, name) ? actionSpec(TOOL_ACTIONS[name]!) : null;
      const readOnly = action !== null && (action.access === 'Read' || action.access === 'List');
      return {
        name,
        ...(tool.description ? { description: mcpToolDescription(tool.description) } : {}),
        inputSchema,
        annotations: { readOnlyHint: readOnly },
      };
    }),
  );
}
