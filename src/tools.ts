/**
 * autoreply-engine/tools: what tooling needs and a chat handler does not, kept out of the main
 * entry so that a handler imports and parses less on a cold start.
 * - `lintConfig`: the findings of `autoreply check`.
 * - `decisionTables`: the decision tables and state diagram of `autoreply tables`.
 * - `parseScenario`, `runScenario`: scenario files, as `autoreply test` runs them.
 * - `parseBatch`, `runBatch`: a batch of test messages and its flow report (`autoreply test --messages`).
 * - `CATALOG`: every spec rule with its source, seed sentence and statement.
 * - `LogDiff`, `decideShadow`: a config change replayed through an event log, or run beside the live one.
 */
export { lintConfig, type Finding, type LintOptions } from "./lint/lint.js";
export { decisionTables } from "./docs/tables.js";
export {
  parseScenario,
  runScenario,
  type Scenario,
  type ScenarioStep,
  type ScenarioRun,
  type StepResult,
  type FlatReply,
  type Mismatch,
} from "./scenario/scenario.js";
export { CATALOG, type CatalogRule } from "./explain/rules.js";
export { parseBatch, runBatch, type BatchMessage, type BatchOptions, type BatchReport, type BatchResult } from "./scenario/batch.js";
export { LogDiff, decideShadow, type LogLine, type Outcome, type FirstChange, type RuleChange, type DiffSummary, type Shadowed } from "./diff/diff.js";
