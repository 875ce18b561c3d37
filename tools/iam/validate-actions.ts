/**
 * Action and resource checks: every Action/NotAction entry names catalog actions (ERROR otherwise: a typo would
 * grant or deny nothing, silently), entries are not repeated or covered by another entry of the same list
 * (SUGGESTION), resources are tunechat's (WARNING otherwise) and the statement's resources fit some resource type of
 * its actions (WARNING STATEMENT_NEVER_MATCHES / RESOURCE_NEVER_MATCHES: `optimizer:StartStudy` on
 * `tunechat:host/*`). Returns the catalog actions the statement covers, for the condition-key checks.
 */
import { actionsMatching, nearest, type ActionEntry, type CatalogIndex } from './validate-catalog.ts';
import { globCovers, globsIntersect, tokenize, type GlobToken } from './validate-globs.ts';
import { show, type Findings, type Item, type ListField, type StatementView } from './validate-structure.ts';

const TUNECHAT_ANY = tokenize('tunechat:*');

/** The catalog actions the statement's Action (or everything but its NotAction) covers; null when unreadable. */
export function checkActions(statement: StatementView, catalog: CatalogIndex, out: Findings): ActionEntry[] | null {
  const field = statement.action;
  if (field === null) return null;
  const matched = new Set<ActionEntry>();
  for (const item of field.items) {
    const hits = actionsMatching(catalog, item.text);
    for (const hit of hits) matched.add(hit);
    if (hits.length === 0) reportUnknownAction(item, catalog, out);
  }
  reportRepeats(field, { ignoreCase: true }, 'ACTION', out);
  if (field.field === 'Action') return [...matched];
  return catalog.actions.filter((entry) => !matched.has(entry));
}

function reportUnknownAction(item: Item, catalog: CatalogIndex, out: Findings): void {
  const { text, path } = item;
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    out.add('ERROR', 'INVALID_ACTION', `actions are written <service>:<Name> (e.g. "optimizer:StartStudy", "bench:*") or "*", got ${show(text)}`, path);
    return;
  }
  const service = text.slice(0, colon);
  const services = [...catalog.services];
  if (!/[*?]/.test(service) && !catalog.services.has(service.toLowerCase())) {
    const guess = nearest(service, services);
    out.add('ERROR', 'UNKNOWN_SERVICE', `${show(service)} is not a tunechat service (services: ${services.join(', ')})${guess ? `; did you mean ${show(guess)}?` : ''}`, path);
    return;
  }
  const names = catalog.actions.filter((a) => a.service === service.toLowerCase()).map((a) => a.spec.action);
  const guess = nearest(text, names.length > 0 ? names : catalog.actions.map((a) => a.spec.action));
  out.add('ERROR', 'UNKNOWN_ACTION', `${show(text)} matches no tunechat action${guess ? `; did you mean ${show(guess)}?` : ''} (docs/iam-actions.md lists them)`, path);
}

/** DUPLICATE_<X> for an entry written twice, REDUNDANT_<X> for one another entry's wildcard already covers. */
function reportRepeats(field: ListField, options: { ignoreCase: boolean }, code: 'ACTION' | 'RESOURCE', out: Findings): void {
  const items = field.items;
  if (items.length < 2 || items.length > 500) return;
  const texts = items.map((item) => (options.ignoreCase ? item.text.toLowerCase() : item.text));
  const tokens = items.map((item) => tokenize(item.text, { ignoreCase: options.ignoreCase, variables: code === 'RESOURCE', variableAs: 'literal' }));
  // Only a pattern with a wildcard can cover another entry; equal texts are duplicates instead.
  const wild = tokens.flatMap((t, j) => (t.some((token) => token < 0) ? [j] : []));
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const same = first.get(texts[i]!);
    if (same !== undefined) {
      out.add('SUGGESTION', `DUPLICATE_${code}`, `${show(item.text)} is already listed at ${items[same]!.path}: remove the repeat`, item.path);
      return;
    }
    first.set(texts[i]!, i);
    // Two spellings of one pattern (`a*` and `a**`) cover each other: only the later one is reported.
    const cover = wild.find((j) => texts[j] !== texts[i] && globCovers(tokens[j]!, tokens[i]!) && !(j > i && globCovers(tokens[i]!, tokens[j]!)));
    if (cover !== undefined) out.add('SUGGESTION', `REDUNDANT_${code}`, `${show(item.text)} is already covered by ${show(items[cover]!.text)} in the same list: remove it`, item.path);
  });
}

export function checkResources(statement: StatementView, scope: readonly ActionEntry[] | null, version: string | null, out: Findings): void {
  const field = statement.resource;
  if (field === null) return;
  const variables = version !== '2008-10-17';
  const tokens = new Map<Item, GlobToken[]>();
  for (const item of field.items) {
    const itemTokens = tokenize(item.text, { variables });
    tokens.set(item, itemTokens);
    if (!globsIntersect(itemTokens, TUNECHAT_ANY)) {
      out.add('WARNING', 'RESOURCE_OUTSIDE_TUNECHAT', `tunechat resources start with "tunechat:" (e.g. "tunechat:target/xgboost") or are "*": ${show(item.text)} can never match one`, item.path);
    }
  }
  reportRepeats(field, { ignoreCase: false }, 'RESOURCE', out);
  if (field.field !== 'Resource' || statement.action?.field !== 'Action' || scope === null || scope.length === 0) return;
  const fits = (item: Item): boolean =>
    scope.some((action) => action.forms.length === 0 || action.forms.some((form) => globsIntersect(tokens.get(item)!, form)));
  const outside = field.items.filter((item) => globsIntersect(tokens.get(item)!, TUNECHAT_ANY) && !fits(item));
  if (outside.length === 0) return;
  const forms = [...new Set(scope.flatMap((action) => action.spec.resources))].slice(0, 6).join(', ');
  const names = scope.slice(0, 4).map((a) => a.spec.action).join(', ') + (scope.length > 4 ? ', …' : '');
  if (!field.items.some(fits)) {
    out.add(
      'WARNING',
      'STATEMENT_NEVER_MATCHES',
      `no resource of this statement fits a resource type of its actions (${names} take ${forms}): the statement can never match`,
      field.path,
    );
    return;
  }
  for (const item of outside) {
    out.add('WARNING', 'RESOURCE_NEVER_MATCHES', `${show(item.text)} fits no resource type of the statement's actions (${names} take ${forms}): it never matches`, item.path);
  }
}
