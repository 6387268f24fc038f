import type { ConversationState, Decision, EngineEvent, StartInput, Timer } from "../index.js";


/** What a store keeps for one conversation. */
export interface Stored {
  readonly state: ConversationState;
  /** Counts the saves of this conversation: 1 after the first. A save names the revision it read. */
  readonly revision: number;
  /** Messages decided and saved but not yet confirmed sent, in order (the outbox). */
  readonly outbox: readonly Outgoing[];
}

/** One message for the host to send, with the key that makes a resend harmless. */
export interface Outgoing {
  /** `conversation/revision/index`: the same on every attempt to send this message, and never another's. */
  readonly key: string;
  readonly conversation: string;
  /** The channel of the conversation, e.g. `miniprogram`. */
  readonly channel: string;
  /** The reply it belongs to: kind and rule. */
  readonly kind: string;
  readonly rule: string;
  readonly text: string;
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
  | { readonly event: "sendFailed"; readonly conversation: string; readonly key: string; readonly error: string }
  | { readonly event: "resent"; readonly conversation: string; readonly keys: readonly string[] };

/** What the runner needs. */
export interface RunnerOptions {
  /** The compiled config (`compile`). */
  readonly engine: import("../index.js").Engine;
  readonly store: Store;
  /** Where the decisions' timers go; without one, the host schedules nothing (and feeds no timers). */
  readonly scheduler?: Scheduler;
  /** Sends one message. It may throw: the message stays in the outbox and goes out on the next run. */
  readonly send: (message: Outgoing) => Promise<void>;
  /** How to start a conversation the store does not have yet (its channel, nickname, who is online). */
  readonly start: (conversation: string) => StartInput;
  /** How many times a step is tried again when another worker saved first. Default 8. */
  readonly attempts?: number;
  readonly log?: (entry: LogEntry) => void;
  /**
   * Receives one line of the event log per event applied (after its save, so a step tried again is
   * written once): the JSON of `{ conversation, channel, event }`, in the order the events were
   * applied to each conversation. Appending the lines to a file gives the JSON Lines log that
   * `autoreply diff` replays (docs/host.md, "The event log").
   */
  readonly record?: (line: string) => void | Promise<void>;
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
   * that is not valid rejects with the engine's `AutoreplyError`, and nothing is saved or sent.
   */
  readonly handle: (conversation: string, event: EngineEvent) => Promise<Handled>;
  /** Feeds every timer due at `now` back through `handle` as a `timer` event; resolves with how many. */
  readonly tick: (now: number) => Promise<number>;
  /** Sends what an earlier run left in a conversation's outbox; resolves with how many went out. */
  readonly flush: (conversation: string) => Promise<number>;
}
