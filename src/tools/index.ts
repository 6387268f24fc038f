/**
 * autoreply-engine/tools: what tooling needs and a chat handler does not, kept out of the main
 * entry so that a handler imports and parses less on a cold start.
 * - `lintConfig`: the findings of `autoreply check`.
 * - `decisionTables`: the decision tables and state diagram of `autoreply tables`.
 * - `parseScenario`, `runScenario`: scenario files, as `autoreply test` runs them.
 * - `parseBatch`, `runBatch`: a batch of test messages and its flow report (`autoreply test --messages`).
 * - `LogDiff`, `decideShadow`: a config change replayed through an event log, or run beside the live one.
 * Every spec rule with its source, seed sentence and statement is data: `autoreply-engine/rules.json`.
 */
import { prove } from "./scenario/prove.js";
import { matches } from "./scenario/scenario.js";
import { BUDGET_DEPTH } from "./lint/lint.js";
import { checkLine } from "./diff/diff.js";
import { toCsv } from "./scenario/batch.js";
import { replyCounts } from "./stats/counts.js";

export { lintConfig, type Finding, type LintOptions } from "./lint/lint.js";
export { FINDING_WORDS, type FindingList, type FindingText, type FindingValue } from "./lint/words.js";
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
export { parseBatch, runBatch, type BatchMessage, type BatchOptions, type BatchReport, type BatchResult } from "./scenario/batch.js";
export { LogDiff, decideShadow, type LogLine, type Outcome, type FirstChange, type RuleChange, type DiffSummary, type Shadowed } from "./diff/diff.js";
/**
 * @internal What the command line shares with this entry, one copy in the package: the search of
 * `autoreply prove` (the lint's quota-budget runs it too), the scenario matcher, the lint's
 * default depth, the event log's line check, the CSV writer and the count of a decision's replies
 * (`autoreply stats`; the host kit's counters import it themselves). Not part of the
 * API: it changes without notice.
 */
export const __internal = { prove, matches, BUDGET_DEPTH, checkLine, toCsv, replyCounts } as const;
