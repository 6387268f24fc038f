import type { MeterLike } from "./metrics.js";
import type { Button, ConversationState, Decision, EngineEvent, EventCode, StartInput, Timer } from "../core/index.js";


/** What a store keeps for one conversation. */
export interface Stored {
  readonly state: ConversationState;
  /** Counts the saves of this conversation: 1 after the first. A save names the revision it read. */
  readonly revision: number;
  /** Messages decided and saved but not yet confirmed sent, in order (the outbox). */
  readonly outbox: readonly Outgoing[];
  /**
   * The epoch of the save that wrote the record: random characters the runner draws for every save
   * (`epoch` option), which the keys of the messages that save added carry. It keeps keys unique when
   * the store loses the record or goes back to an earlier copy of it: the revisions then count again,
   * the epochs do not. A store keeps it with the rest, so that the record says which save wrote it;
   * the runner never reads it back, so a record saved before there were epochs (without one) loads as
   * before, and its outbox keeps the keys it has (`conversation/revision/index`).
   */
  readonly epoch?: string;
}

/** One message for the host to send, with the key that makes a resend harmless. */
export interface Outgoing {
  /**
   * `conversation/epoch/revision/index` (the epoch of the save that decided it, `Stored.epoch`): the
   * same on every attempt to send this message, and never another's, even after the store lost the
   * conversation's record. Messages saved before there were epochs keep their `conversation/revision/index`.
   */
  readonly key: string;
  readonly conversation: string;
  /** The channel of the conversation, e.g. `miniprogram`. */
  readonly channel: string;
  /** The reply it belongs to: kind and rule. */
  readonly kind: string;
  readonly rule: string;
  readonly text: string;
  /** On WeCom: the event code the reply goes out on (`kf/send_msg_on_event`, spec W-WECOM-CODE); absent for the ordinary send. */
  readonly code?: EventCode;
  /** On the last message of a reply with buttons (a prompt's, a survey's): the buttons. The senders send a survey's as a menu message where the platform has one. */
  readonly buttons?: readonly Button[];
  /** The sends of it that failed, the last `FAILURES_KEPT` (5), oldest first: its history in the outbox. */
  readonly failures?: readonly SendFailure[];
}

/** A failed send of a message (`SEND_FAILED`, or whatever `send` threw), as its outbox entry keeps it. */
export interface SendFailure {
  /** 1 for the message's first failure, and so on. */
  readonly attempt: number;
  /** The error's `code` (`SEND_FAILED` from the senders), or `null` for an error without one. */
  readonly code: string | null;
  /** The platform's errcode, when the sender had one. */
  readonly errcode: number | null;
  readonly error: string;
}

/**
 * Where conversations live between events. `save` is a compare-and-set: it writes only when the
 * stored revision is still `expected` (`0` for a conversation not stored yet) and resolves `false`
 * otherwise, so two workers racing on one conversation never lose an update.
 */
export interface Store {
  load(conversation: string): Promise<Stored | undefined>;
  /** `timers` are the decision's: a store that `keepsTimers` writes them with the record, in the same atomic step. */
  save(conversation: string, expected: number, next: Stored, timers?: readonly Timer[]): Promise<boolean>;
  /** The messages with these keys went out: remove them from the outbox (whatever the revision). */
  sent(conversation: string, keys: readonly string[]): Promise<void>;
  /** Adds a failed send to the history of the message with `key` (`Outgoing.failures`, the last 5 kept). Without it failures are only logged. */
  failed?(conversation: string, key: string, failure: SendFailure): Promise<void>;
  /**
   * The store replaces the conversation's timers in the scheduler's index in the same atomic write as
   * the save (`redisStore(client, { timers: true })`, `memoryStore({ scheduler })`): a worker killed
   * after its save loses no timer. The runner then does not call `scheduler.schedule`.
   */
  readonly keepsTimers?: boolean;
}

/** A timer of one conversation, as a scheduler hands it back. */
export interface DueTimer {
  readonly conversation: string;
  readonly timer: Timer;
}

/** Keeps the conversations' pending timers. The runner never reads a clock: `due` is asked with the host's `now`. */
export interface Scheduler {
  /** Replaces everything scheduled for the conversation with `timers`. */
  schedule(conversation: string, timers: readonly Timer[]): Promise<void>;
  /**
   * Returns the timers due at `now`, earliest first, and hands each out for a lease (`lease` option,
   * 30 s by default): no other call gets it within the lease. Applying it (the save that follows)
   * removes it; a worker that dies first leaves it to come due again when the lease ends.
   */
  due(now: number): Promise<readonly DueTimer[]>;
}

/** One structured log line of the runner (no console in the library: the host prints or ships them). */
export type LogEntry =
  | { readonly event: "conflict"; readonly conversation: string; readonly attempt: number }
  | { readonly event: "sendFailed"; readonly conversation: string; readonly key: string; readonly error: string; readonly failure: SendFailure }
  /** The platform refused the message for good (`SEND_REFUSED`): out of the outbox; `refused` goes to the engine as `channel.refused` (W-REFUSED). */
  | { readonly event: "sendRefused"; readonly conversation: string; readonly key: string; readonly error: string; readonly errcode: number | null; readonly refused: "window" | "quota" | null }
  | { readonly event: "resent"; readonly conversation: string; readonly keys: readonly string[] }
  /**
   * The store has no record of the conversation, and the event is one that needs an earlier event of
   * it (`timer`, `queue.moved`, `agent.accepted`, `agent.message`, `agent.ended`, `visitor.transfer`,
   * `visitor.dismissed`): the record was lost (a store restarted without persistence, flushed, a key
   * evicted or expired), or deleted with its timers left. The step goes on from `start`, as for a new
   * conversation (docs/host.md, "A store that loses a record").
   */
  | { readonly event: "recordMissing"; readonly conversation: string; readonly type: EngineEvent["type"]; readonly at: number; readonly id?: string }
  /** A `handle` call's deadline passed, at `stage` of its step; `handle` rejects with `DEADLINE` (docs/host.md, "A deadline"). */
  | { readonly event: "deadline"; readonly conversation: string; readonly deadline: number; readonly stage: DeadlineStage };

/**
 * Where a step was when its deadline passed: waiting for an earlier step of the conversation, waiting
 * for the store's load, for its save, or past the save (scheduling, writing the event log, sending).
 */
export type DeadlineStage = "queued" | "loading" | "saving" | "saved";

/** Options of one `handle` call. */
export interface HandleOptions {
  /**
   * How long the step may take, in ms from the call (waiting behind earlier events of the
   * conversation included): past it, `handle` rejects with `AutoreplyError` `DEADLINE` and the step
   * starts nothing more that changes anything (no save, no send); a save already under way is atomic,
   * and if it lands, its messages wait in the outbox for the conversation's next run. A positive
   * number of at most 2^31 - 1 (setTimeout's limit), else `OPTION_INVALID`; without one, no deadline. `tick` and `flush` take none.
   */
  readonly deadline?: number | undefined;
}

/** What the runner needs. */
export interface RunnerOptions {
  /** The compiled config (`compile`). */
  readonly engine: import("../core/index.js").Engine;
  readonly store: Store;
  /** Where the decisions' timers go; without one, the host schedules nothing (and feeds no timers). */
  readonly scheduler?: Scheduler;
  /** Sends one message. It may throw: the message stays in the outbox and goes out on the next run. */
  readonly send: (message: Outgoing) => Promise<void>;
  /** How to start a conversation the store does not have yet (its channel, nickname, who is online). */
  readonly start: (conversation: string) => StartInput;
  /** How many times a step is tried again when another worker saved first. Default 8. */
  readonly attempts?: number;
  /**
   * Draws the epoch of a save, the second part of its messages' keys (`Stored.epoch`): by default 8
   * characters of `A-Za-z0-9-_` (48 random bits) from Web Crypto's `getRandomValues`. Tests pass a
   * counter. It must return a non-empty string without `/`, else the step rejects with `OPTION_INVALID`.
   */
  readonly epoch?: () => string;
  readonly log?: (entry: LogEntry) => void;
  /**
   * Receives one line of the event log per event applied (after its save, so a step tried again is
   * written once): the JSON of `{ conversation, channel, event }`, in the order the events were
   * applied to each conversation. Appending the lines to a file gives the JSON Lines log that
   * `autoreply diff` replays (docs/host.md, "The event log").
   */
  readonly record?: (line: string) => void | Promise<void>;
  /**
   * An OpenTelemetry `Meter` (`metrics.getMeter("autoreply-engine")` of `@opentelemetry/api`): each
   * event applied adds to `autoreply.reply.exposures`, `.sent`, `.messages`, `.dropped` (with its
   * reason and rule) and `autoreply.effects`, by channel, reply kind and rule (docs/host.md,
   * "Metrics"). Without it nothing is recorded.
   */
  readonly meter?: MeterLike;
}

/** One line of the event log (JSON Lines): an event as a conversation received it. */
export interface EventLogLine {
  readonly conversation: string;
  readonly channel: string;
  readonly event: EngineEvent;
  /** On the first line of a conversation: what `start` was given, so that a replay starts alike (`autoreply diff`). */
  readonly start?: StartInput;
}

/** What handling one event did. */
export interface Handled {
  readonly decision: Decision;
  readonly revision: number;
  /** Messages sent by this run, this event's and any left over from an earlier run, in order. */
  readonly sent: readonly Outgoing[];
  /** Messages still in the outbox (a `send` failed): the next run for this conversation sends them first. */
  readonly pending: readonly Outgoing[];
}

/** Runs events through the engine for many conversations. */
export interface Runner {
  /**
   * Applies one event to one conversation: load, decide, save (compare-and-set, tried again on a
   * conflict), schedule the timers, send the outbox. Events of one conversation run in the order
   * they were handed in; other conversations run at the same time. A bad event or a stored state
   * that is not valid rejects with the engine's `AutoreplyError`, and nothing is saved or sent. With
   * `deadline`, a step not finished in time rejects with `DEADLINE` (`HandleOptions`).
   */
  readonly handle: (conversation: string, event: EngineEvent, options?: HandleOptions) => Promise<Handled>;
  /** Feeds every timer due at `now` back through `handle` as a `timer` event; resolves with how many. */
  readonly tick: (now: number) => Promise<number>;
  /** Sends what an earlier run left in a conversation's outbox; resolves with how many went out. */
  readonly flush: (conversation: string) => Promise<number>;
}
