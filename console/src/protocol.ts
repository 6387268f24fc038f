/**
 * What the playground's page and its Web Worker (worker.ts) say to each other. The worker does what
 * can take long (parse, compile, lint, the decision tables, a scenario file, the batch), so that a
 * 5 MB paste or a 10,000-message batch never freezes the tab; the page's Stop ends the worker.
 * Every message is plain data (structured clone): no engine crosses, the page compiles its own from
 * the `config` a check returns.
 */
import type { BatchResult } from "../../src/tools/scenario/batch.js";
import type { Scenario } from "../../src/tools/scenario/scenario.js";
import type { Text } from "./i18n/index.js";
import type { RuleCount } from "./counts.js";
import type { ChangedConversation, ChangedRow } from "./compare.js";
import type { DiffSummary } from "../../src/tools/diff/diff.js";
import type { FindingText } from "../../src/tools/lint/words.js";

/** The largest config or scenario text the playground reads; past it, a message says so. */
export const MAX_TEXT = 2_000_000;
/** The largest event log the comparison reads (a day of a busy shop's events: about 50,000 lines). */
export const MAX_LOG = 20_000_000;
/** The most problems and findings listed; the rest are counted. */
export const MAX_LISTED = 500;

/** A size in characters or bytes, as the playground's messages give it: `2.0 MB`. */
export const megabytes = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/** An error's message without the library's `[autoreply] ` prefix, for a line of the page. */
export const plainMessage = (message: string): string => message.replace(/^\[autoreply\] /, "");

export type Request =
  | { readonly id: number; readonly kind: "check"; readonly text: string }
  | { readonly id: number; readonly kind: "fix"; readonly text: string }
  | { readonly id: number; readonly kind: "tables"; readonly text: string }
  | { readonly id: number; readonly kind: "scenario"; readonly text: string }
  | { readonly id: number; readonly kind: "batch"; readonly text: string; readonly messages: string; readonly csv: boolean; readonly channel: string; readonly online: readonly string[] }
  /** The batch through the live config (`live`, a YAML text) and the edited one (`text`): the messages whose replies would change. */
  | { readonly id: number; readonly kind: "compare"; readonly live: string; readonly text: string; readonly messages: string; readonly csv: boolean; readonly channel: string; readonly online: readonly string[] }
  /** A recorded event log (JSONL, as `autoreply diff` reads it) through the live config (`live`) and the edited one (`text`): the conversations whose replies would change. */
  | { readonly id: number; readonly kind: "compareLog"; readonly live: string; readonly text: string; readonly log: string };

/** A request as the page writes it: `ask` gives it its id. */
export type Ask = Request extends infer R ? (R extends { readonly id: number } ? Omit<R, "id"> : never) : never;

/** One line of the problems list: an error of the YAML or of compile, or a lint finding. */
export interface Problem {
  readonly severity: "error" | "warning" | "info";
  readonly where: string;
  /** In English: the engine's or the YAML parser's words, or the playground's own (then also `text`). */
  readonly message: string;
  readonly line?: number;
  /** A message of the playground's own, as words of the console's tables: the page shows them in its language. */
  readonly text?: Text;
  /** A lint finding's id (`quota-budget`): the page names it by its title, the message on demand. */
  readonly id?: string;
  /**
   * A lint finding's message and hint as the engine's words (a key of src/tools/lint/words.ts and its
   * values): the page shows them in its language (`message` and `hint` are their English).
   */
  readonly lint?: { readonly message: FindingText; readonly hint: FindingText };
  /** A lint finding's suggested rewrite (risk-word). */
  readonly suggest?: string;
  /** What to do about it (a lint finding's hint), shown on demand. */
  readonly hint?: string;
}

/** One row of the batch's results: what the table shows of runBatch's result. */
export type BatchRow = Pick<BatchResult, "line" | "text" | "replies" | "problems">;

export type Reply =
  /**
   * `config`: the config as parsed (valid: `compile(parseConfig(config))` cannot throw), or `null` when it has problems.
   * A valid config's check answers twice: first with the quota search one step deep (`final: false`), then deeper (`final: true`).
   */
  | { readonly id: number; readonly kind: "checked"; readonly config: unknown; readonly problems: readonly Problem[]; readonly more: number; readonly fixes: number; readonly status: string; readonly summary: Text; readonly final: boolean }
  /** The risk words' rewrites as the edit entry's patches, or `null` when there is none. */
  | { readonly id: number; readonly kind: "fixed"; readonly patches: readonly unknown[] | null; readonly inverse: readonly unknown[] | null }
  | { readonly id: number; readonly kind: "tables"; readonly markdown: string }
  /** A scenario file read by `parseScenario` (its `config` left out: the page plays the editor's). */
  | { readonly id: number; readonly kind: "scenario"; readonly scenario: Omit<Scenario, "config"> }
  /** Progress of a batch: the rows of one slice, and the per-rule counts of every message so far (counts.ts); `last` on the final one. */
  | { readonly id: number; readonly kind: "batch"; readonly rows: readonly BatchRow[]; readonly total: number; readonly failed: number; readonly noKeyword: number; readonly counts: readonly RuleCount[]; readonly last: boolean }
  /** The comparison with the live config: the changed messages (the first MAX_LISTED), of `total`; `changed` counts them all. */
  | { readonly id: number; readonly kind: "compared"; readonly rows: readonly ChangedRow[]; readonly total: number; readonly changed: number }
  /** The event log compared: the summary, the affected conversations' first changes (the first MAX_LISTED), and the edited config's counts per rule over the log. */
  | { readonly id: number; readonly kind: "comparedLog"; readonly summary: DiffSummary; readonly changes: readonly ChangedConversation[]; readonly counts: readonly RuleCount[] }
  /** The job could not be done: what to tell the user (an error of the input, or of the playground). */
  | { readonly id: number; readonly kind: "failed"; readonly message: string; readonly text?: Text; readonly problems?: readonly Problem[] };
