import type { FindingText } from "./words.js";

/** One thing worth fixing in a config that is otherwise valid. */
export interface Finding {
  /** Stable id of the check, e.g. `quota-budget`. */
  readonly id: string;
  /** `error`: it will misbehave; `warning`: probably not what you meant; `info`: worth knowing. */
  readonly severity: "error" | "warning" | "info";
  /** Where in the config. */
  readonly path: string;
  /** What is wrong, in English: `text` filled from `FINDING_WORDS`. */
  readonly message: string;
  /** What to do about it, in English: `hintText` filled. */
  readonly hint: string;
  /** The message's words as data: a key of the findings' table and its values (a page fills them in its own language). */
  readonly text: FindingText;
  /** The hint's words as data. */
  readonly hintText: FindingText;
  /** A rewrite `autoreply check --fix` can apply: `word` becomes `suggest` in the text at `path` (risk-word). */
  readonly fix?: { readonly word: string; readonly suggest: string };
}
