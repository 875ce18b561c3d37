/**
 * Policy variables (`${tunechat:username}`) where IAM substitutes them: Resource / NotResource entries and the
 * values of String and Arn conditions. They are read exactly as the evaluator reads them (variables.ts
 * `parseTemplate`). With Version 2008-10-17 they are literal text (WARNING: almost surely not what was meant, as
 * Access Analyzer says); with 2012-10-17 the key must be one the catalog knows (ERROR otherwise: it can never
 * resolve, so the element never matches).
 */
import { findKey, nearest, type CatalogIndex } from './validate-catalog.ts';
import { show, type Findings, type StatementView } from './validate-structure.ts';
import { parseTemplate } from './variables.ts';

export function checkVariables(statement: StatementView, version: string | null, catalog: CatalogIndex, out: Findings): void {
  const places: { text: string; path: string }[] = [...(statement.resource?.items ?? [])];
  for (const entry of statement.conditions) {
    if (entry.operator.kind !== 'String' && entry.operator.kind !== 'Arn') continue;
    for (const { value, path } of entry.values) if (typeof value === 'string') places.push({ text: value, path });
  }
  for (const { text, path } of places) {
    if (!text.includes('${')) continue;
    const template = parseTemplate(text, true);
    if (!template.hasVariables) continue;
    if (version === '2008-10-17') {
      out.add('WARNING', 'POLICY_VARIABLE_WITH_OLD_VERSION', `${show(text)} has a policy variable, but with "Version": "2008-10-17" it is literal text: use "2012-10-17"`, path);
      continue;
    }
    for (const part of template.parts) {
      if (!('variable' in part)) continue;
      if (findKey(catalog.globalKeys, part.variable) !== null || findKey(catalog.actionKeys, part.variable) !== null) continue;
      const guess = nearest(part.variable, catalog.globalKeys.map((k) => k.spec.key));
      out.add(
        'ERROR',
        'UNKNOWN_POLICY_VARIABLE',
        `\${${part.variable}} names no context key, so it never resolves and ${show(text)} never matches${guess ? `; did you mean \${${guess}}?` : ''}`,
        path,
      );
    }
  }
}
