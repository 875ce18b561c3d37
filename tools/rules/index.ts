/** The rule engine's public surface (see docs/rules.md). */
export { RuleEngine, type RuleEngineOptions, type Firing } from './engine.ts';
export { OperatorRegistry, BUILTIN_OPERATORS, type Operator, type IndexKind } from './operators.ts';
export { ActionRegistry, type ActionHandler, type ActionCall, type WorkingMemory } from './actions/action-registry.ts';
export { createServiceActions, type ServiceActionDeps } from './actions/service-actions.ts';
export { validateRule, type RuleValidation, type RuleSchemaContext } from './rule-schema.ts';
export { naiveMatches } from './naive-evaluator.ts';
export { explainRule, type RuleExplanation, type PatternExplanation, type LeafExplanation } from './explain.ts';
export { testRule, type RuleTestResult } from './rule-tester.ts';
export { RuleService, type RuleServiceDeps, type RuleListing, type SetParamRequest, type StudyControl } from './rule-service.ts';
export { CONFLICT_STRATEGIES, DEFAULT_STRATEGY, combineStrategies, type Activation, type ConflictStrategy } from './conflict-strategies.ts';
export { parseRulesFile, checkRules, parseFactLine, runFactsStream, type LineReport } from './rule-file.ts';
export type * from './types.ts';
