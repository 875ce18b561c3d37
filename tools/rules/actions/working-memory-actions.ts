import { ToolError } from '../../common/errors.ts';
import type { ActionHandler } from './action-registry.ts';

function factRef(value: unknown, parameter: string): { type: string; id: string } {
  if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { id?: unknown }).id === 'string') {
    return { type: (value as { type: string }).type, id: (value as { id: string }).id };
  }
  throw new ToolError('invalid_argument', `${parameter} must be a bound fact ("$t") or {type, id}, got ${JSON.stringify(value)}`, {
    details: { parameter, value },
  });
}

function fieldsOf(value: unknown, parameter: string): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ToolError('invalid_argument', `${parameter} must be an object of fields, got ${JSON.stringify(value)}`, { details: { parameter } });
}

/** Forward-chaining actions on working memory: insert, modify, retract a fact; focus an agenda group. */
export const WORKING_MEMORY_ACTIONS: readonly ActionHandler[] = [
  {
    name: 'insert',
    description: 'insert a fact: params {type, id, fields}',
    run: ({ params, memory }) => {
      const { type, id } = factRef(params, 'params');
      memory.insert({ type, id, fields: fieldsOf(params.fields ?? {}, 'params.fields') });
    },
  },
  {
    name: 'modify',
    description: 'replace fields of a fact: params {fact: "$t", fields: {…}}',
    run: ({ params, memory }) => memory.modify({ ...factRef(params.fact, 'params.fact'), fields: fieldsOf(params.fields, 'params.fields') }),
  },
  {
    name: 'retract',
    description: 'remove a fact: params {fact: "$t"}',
    run: ({ params, memory }) => memory.retract(factRef(params.fact, 'params.fact')),
  },
  {
    name: 'focus',
    description: 'give an agenda group the focus: params {agenda_group}',
    run: ({ params, memory }) => {
      if (typeof params.agenda_group !== 'string') {
        throw new ToolError('invalid_argument', `params.agenda_group must be a group name, got ${JSON.stringify(params.agenda_group)}`, { details: { parameter: 'params.agenda_group' } });
      }
      memory.setFocus(params.agenda_group);
    },
  },
];
