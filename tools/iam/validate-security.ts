/**
 * Over-grants (SECURITY_WARNING) and redundancy (SUGGESTION).
 *
 * Over-grants: Allow with NotAction or NotResource (everything except a list: new actions and resources are granted
 * as they appear); an unconditioned Allow that covers `bench:RunCommand` on every command (any typed command runs);
 * an unconditioned Allow of a "Permissions management" action (policies:Put, users:Add, …) on all of its resources
 * (whoever holds it can grant themselves anything).
 *
 * Redundancy: a statement whose actions and resources are all covered by another statement of the same Effect that
 * has no Condition adds nothing (its own conditions only narrow what the other already grants or denies).
 */
import type { ActionEntry } from './validate-catalog.ts';
import { globCovers, globsIntersect, tokenize, type GlobToken } from './validate-globs.ts';
import { show, type Findings, type StatementView } from './validate-structure.ts';

const RUN_COMMAND = 'bench:runcommand';

function unconditioned(statement: StatementView): boolean {
  return statement.conditions.length === 0 && statement.conditionsComplete;
}

function label(statement: StatementView): string {
  return statement.sid === null ? statement.path : `${statement.path} (Sid ${statement.sid})`;
}

/** Whether the statement's Resource (or NotResource) admits every resource that `forms` describe. */
function coversAll(statement: StatementView, forms: readonly string[], version: string | null): boolean {
  const field = statement.resource;
  if (field === null) return false;
  const variables = version !== '2008-10-17';
  const formTokens = forms.map((form) => tokenize(form, { variables: true }));
  if (field.field === 'NotResource') {
    return field.items.every((item) => formTokens.every((form) => !globsIntersect(tokenize(item.text, { variables }), form)));
  }
  return formTokens.every((form) => field.items.some((item) => globCovers(tokenize(item.text, { variables, variableAs: 'literal' }), form)));
}

export function checkSecurity(statement: StatementView, scope: readonly ActionEntry[] | null, version: string | null, out: Findings): void {
  if (statement.effect !== 'Allow') return;
  if (statement.action?.field === 'NotAction') {
    out.add('SECURITY_WARNING', 'ALLOW_WITH_NOT_ACTION', 'Allow with NotAction grants every action except the listed ones, including actions added later: list the actions to allow instead', statement.action.path);
  }
  if (statement.resource?.field === 'NotResource') {
    out.add('SECURITY_WARNING', 'ALLOW_WITH_NOT_RESOURCE', 'Allow with NotResource grants every resource except the listed ones, including ones created later: list the resources to allow instead', statement.resource.path);
  }
  if (scope === null || !unconditioned(statement) || statement.resource === null) return;
  const runCommand = scope.find((action) => action.lower === RUN_COMMAND);
  if (runCommand && coversAll(statement, ['tunechat:command/*'], version)) {
    out.add(
      'SECURITY_WARNING',
      'ALLOW_RUN_COMMAND_ANYWHERE',
      `this Allow covers bench:RunCommand on every command with no Condition: its holder can run any command typed in the chat (limit Resource to tunechat:command/<program>, or add a Condition such as "StringEquals": {"bench:CommandOrigin": "registered"})`,
      statement.action?.path ?? statement.path,
    );
  }
  const escalating = scope.filter((action) => action.spec.access === 'Permissions management' && coversAll(statement, action.spec.resources, version));
  if (escalating.length > 0) {
    const names = escalating.slice(0, 5).map((a) => a.spec.action).join(', ') + (escalating.length > 5 ? `, … (${escalating.length})` : '');
    // Writing policies or users is a way to grant oneself anything; sharing a session only widens who reads it.
    const escalates = escalating.some((a) => a.service === 'policies' || a.service === 'users');
    out.add(
      'SECURITY_WARNING',
      'PERMISSIONS_MANAGEMENT_WILDCARD',
      `this Allow grants permissions management (${names}) on every resource with no Condition: its holder can change who may do what${escalates ? ', up to granting themselves anything' : ''}; name the resources it may manage, or add a Condition`,
      statement.action?.path ?? statement.path,
    );
  }
}

/** SUGGESTION REDUNDANT_STATEMENT for each statement another unconditioned statement of the same Effect covers. */
export function checkRedundantStatements(statements: readonly StatementView[], version: string | null, out: Findings): void {
  if (statements.length > 200) return;
  const variables = version !== '2008-10-17';
  const usable = statements.filter((s) => s.effect !== null && s.action?.field === 'Action' && s.resource?.field === 'Resource' && s.action.items.length > 0 && s.resource.items.length > 0);
  const tokens = new Map(
    usable.map((s) => [
      s,
      {
        actions: s.action!.items.map((item) => tokenize(item.text, { ignoreCase: true })),
        resources: s.resource!.items.map((item) => tokenize(item.text, { variables, variableAs: 'literal' })),
      },
    ]),
  );
  // A bound on the work (a 6,144-character policy stays far below it): past it, no more suggestions.
  let budget = 200_000;
  const covers = (outer: GlobToken[], inner: GlobToken[]): boolean => {
    budget--;
    return globCovers(outer, inner);
  };
  for (const inner of usable) {
    if (budget <= 0) return;
    const cover = usable.find((outer) => {
      if (outer === inner || outer.effect !== inner.effect || !unconditioned(outer)) return false;
      const a = tokens.get(outer)!;
      const b = tokens.get(inner)!;
      const covered =
        b.actions.every((action) => a.actions.some((other) => covers(other, action))) &&
        b.resources.every((resource) => a.resources.some((other) => covers(other, resource)));
      if (!covered) return false;
      // Two identical unconditioned statements: report the later one only.
      const mutual = unconditioned(inner) && a.actions.every((x) => b.actions.some((y) => covers(y, x))) && a.resources.every((x) => b.resources.some((y) => covers(y, x)));
      return !mutual || outer.index < inner.index;
    });
    if (cover) {
      out.add('SUGGESTION', 'REDUNDANT_STATEMENT', `${label(inner)} adds nothing: ${label(cover)} has the same Effect, no Condition, and covers all of its actions and resources (${show(inner.action!.items.map((i) => i.text))})`, inner.path);
    }
  }
}
