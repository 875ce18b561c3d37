/**
 * Every size limit of the rule engine, in one place. Rules come from the model (add_rule, test_rule), from
 * rule files (CLI) and from SQLite; these bound the work and memory one rule, one call or one file can cause.
 * Errors name the limit and the actual value. To change a limit, change it here (docs/rules.md lists them).
 */
export const RULE_LIMITS = Object.freeze({
  /** UTF-8 bytes of one rule's compact JSON text (64 KiB). */
  ruleJsonBytes: 64 * 1024,
  /** Characters of a rule given as text (add_rule/test_rule), read before parsing; room for indentation. */
  ruleTextChars: 256 * 1024,
  /** Condition nodes (leaves and all/any/not groups) in one rule, over all its patterns. */
  conditionsPerRule: 256,
  /** Nesting depth of all/any/not inside one pattern's condition (a leaf at the top is depth 1). */
  conditionDepth: 32,
  /** Patterns in a rule's `when` list. */
  patternsPerRule: 16,
  /** Characters of a `matches` pattern. */
  patternChars: 1024,
  /**
   * RE2 instructions a `matches` pattern compiles to (`^trial-\d+$` is 12, a UUID pattern 40, `.{0,100}` 202).
   * Compiling costs about 1 µs per instruction; a match costs at most about (instructions × input characters)
   * steps, about 0.2 µs each in re2js's worst case (an adversarial pattern and string).
   */
  patternProgramSize: 256,
  /**
   * Characters (UTF-16 code units) of a string that `matches` tests; a longer string fails the test. Never a
   * prefix: `…$` would match where the string was cut.
   */
  matchInputChars: 4096,
  /** Distinct compiled patterns kept for reuse (validation compiles, the network reuses the result). */
  compiledPatternCache: 1024,
  /** Rules in one rules file (CLI run/check/add). */
  rulesPerFile: 10_000,
  /** Characters of a rules file's text. */
  rulesFileChars: 64 * 1024 * 1024,
  /** Active rules the rule service stores and runs (add_rule, CLI add, loading at start-up). */
  activeRules: 1000,
  /** Sample facts in one test_rule call. */
  testFacts: 200,
});

export type RuleLimits = typeof RULE_LIMITS;
