/**
 * The action catalog (issue 16): every action tunechat authorizes, with its resource forms, context keys, and the
 * agent tools and REST routes that perform it; the decision input of a tool call (`toolAuthorization`) and of a
 * route (`ROUTE_ACTIONS`). docs/iam-actions.md is generated from it (scripts/gen-iam-docs.ts).
 *
 * Parts: catalog-actions.ts (the actions), catalog-keys.ts (context keys), catalog-tools.ts (tool → action and the
 * call's resource and context), catalog-routes.ts (routes), catalog-resources.ts (reading arguments),
 * catalog-env.ts (building a ToolAuthEnv from the services).
 */
import { BASE_ACTIONS } from './catalog-actions.ts';
import { ROUTE_ACTIONS } from './catalog-routes.ts';
import { TOOL_ACTIONS } from './catalog-tools.ts';
import { compilePattern } from './patterns.ts';
import type { ActionSpec } from './types.ts';

export { CONTEXT_KEYS } from './catalog-keys.ts';
export { RESOURCE_FORMS } from './catalog-actions.ts';
export { PUBLIC_ROUTES, ROUTE_ACTIONS, publicRoute, routeAction, type PublicRoute, type RouteAction } from './catalog-routes.ts';
export { TOOL_ACTIONS, toolAuthorization, toolAuthorizations, type ToolAuthEnv } from './catalog-tools.ts';

/** Every action, with the tools and routes that perform it (sorted by name within each service, services in catalog order). */
export const ACTIONS: readonly ActionSpec[] = Object.freeze(
  BASE_ACTIONS.map(
    (spec): ActionSpec =>
      Object.freeze({
        ...spec,
        tools: Object.entries(TOOL_ACTIONS)
          .filter(([, action]) => action === spec.action)
          .map(([tool]) => tool)
          .sort(),
        routes: ROUTE_ACTIONS.filter((route) => route.action === spec.action).map((route) => `${route.method} ${route.path}`),
      }),
  ),
);

const BY_NAME = new Map(ACTIONS.map((spec) => [spec.action.toLowerCase(), spec]));

/** The action's spec (names compare case-insensitively, as IAM's), or null. */
export function actionSpec(action: string): ActionSpec | null {
  return BY_NAME.get(action.toLowerCase()) ?? null;
}

/** The actions an `Action` pattern names (`*`, `?` wildcards, case-insensitive), in catalog order. */
export function matchingActions(pattern: string): ActionSpec[] {
  const matches = compilePattern(pattern, { ignoreCase: true });
  return ACTIONS.filter((spec) => matches(spec.action));
}

/** Service prefixes in catalog order (`optimizer`, `bench`, …). */
export function services(): string[] {
  return [...new Set(ACTIONS.map((spec) => spec.action.slice(0, spec.action.indexOf(':'))))];
}
