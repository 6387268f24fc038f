/** A problem found in a config: where, what was expected, what was found, and how to fix it. */
export interface ConfigIssue {
  /** Where in the config, e.g. `app.replies.queued.rules[2].over`. */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;
  /** What was found, shortened. */
  readonly received: string;
  /** What to do about it. */
  readonly hint: string;
}

/** Every error code the library throws. */
export type ErrorCode =
  | "CONFIG_INVALID" // the config has problems: see `issues`
  | "EVENT_INVALID" // the event is not one of CONTRACT.md's, or a field is missing or of the wrong type
  | "EVENT_OUT_OF_ORDER" // the event makes no sense in the conversation's phase
  | "TIME_BACKWARDS" // the event's `at` is before the previous event's
  | "UNKNOWN_AGENT" // an agent id the config does not name
  | "UNKNOWN_GROUP" // a group id the config does not name
  | "UNKNOWN_CHANNEL" // a channel neither built in nor named by the config
  | "STATE_INVALID" // the state is not one this engine made
  | "SCENARIO_INVALID" // a scenario file has problems
  | "STORE_CONFLICT" // autoreply-engine/host: other workers saved the conversation first, every attempt
  | "STORE_UNCONFIRMED" // autoreply-engine/host: a Redis store's replicas did not confirm a save or a load in time (`replicas`): push again
  | "DEADLINE" // autoreply-engine/host: a step did not finish within the deadline `handle` was given
  | "EDIT_FAILED" // autoreply-engine/edit: the recipe threw, or returned something that is not a config
  | "SEND_FAILED" // autoreply-engine/host: a sender's request failed (an errcode, no answer in time): the message stays in the outbox
  | "SEND_REFUSED" // autoreply-engine/host: the platform refused a message for good (its window is over, its count spent, no event code): not tried again
  | "PUSH_INVALID" // autoreply-engine/host: a platform push whose signature does not match, that does not decrypt, or that is for another receiver
  | "OPTION_INVALID"; // an option of a function is out of its range: lintConfig's depth, prove's depth or limit, the host's deadline or epoch

/** Marks every AutoreplyError, whichever copy of the library made it (see `Symbol.hasInstance`). */
const BRAND = Symbol.for("autoreply-engine.AutoreplyError");

/**
 * The one error class of the library. `code` is stable; `message` says what to do.
 * `decide` throws only for bad input, never for a business outcome: a suppressed reply is in `dropped`.
 */
export class AutoreplyError extends Error {
  /**
   * `error instanceof AutoreplyError` holds for an error made by any copy of this library: the ESM
   * and CommonJS builds (a package loaded both ways has two copies of the class), or two installed
   * versions of it.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
  /** The brand `instanceof` looks for. */
  get [BRAND](): true {
    return true;
  }
  static {
    // The class keeps its name in a minified build (`error.constructor.name`, loggers).
    Object.defineProperty(this, "name", { value: "AutoreplyError" });
  }
  override readonly name = "AutoreplyError";
  /** The stable code, for programs. */
  readonly code: ErrorCode;
  /** With `CONFIG_INVALID` and `SCENARIO_INVALID`: every problem found, at once. */
  readonly issues: readonly ConfigIssue[];

  constructor(code: ErrorCode, message: string, issues: readonly ConfigIssue[] = []) {
    super(`[autoreply] ${message}`);
    this.code = code;
    this.issues = issues;
  }
}

/** Throws an `AutoreplyError`; returns `never` so TypeScript narrows after it. */
export function fail(code: ErrorCode, message: string, issues?: readonly ConfigIssue[]): never {
  throw new AutoreplyError(code, message, issues);
}

/** Shortens a value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}
