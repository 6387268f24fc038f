import { AutoreplyError, type EngineEvent } from "../core/index.js";
import { SendError } from "./senders.js";
import { decisionCounters } from "./metrics.js";
import type { DeadlineStage, EventLogLine, Handled, HandleOptions, Outgoing, Runner, RunnerOptions, SendFailure, Stored } from "./types.js";

/**
 * The events that need an earlier event of the conversation, so that one of them for a conversation
 * the store has no record of means the record went missing (`recordMissing`): a timer (only a saved
 * decision arms one); those the engine refuses from a new conversation (its phase is `ended`, nothing
 * was sent): a queue move and an agent accepting need a queued visitor, a transfer a visitor with the
 * robot, an end a session, a dismissal a reply the visitor got, an answer a survey; and an agent's message, an answer to a
 * visitor who came first (the one false alarm: an agent who writes first, to a visitor the host never
 * fed an event of). The visitor's own events, and presence (sent to every conversation), may start one.
 */
export const NEEDS_EARLIER: ReadonlySet<EngineEvent["type"]> = new Set<EngineEvent["type"]>(["timer", "queue.moved", "agent.accepted", "agent.message", "agent.ended", "visitor.transfer", "visitor.dismissed", "visitor.rated"]);

/**
 * What the host kit takes from the platform, as Node 20, Deno, Bun, Workers and browsers have it:
 * Web Crypto's random source for the epochs, and timers for a deadline. Read when used (so a test's
 * fake timers apply); the library's types name no platform.
 */
interface Platform {
  readonly crypto: { getRandomValues(array: Uint8Array): Uint8Array };
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (timer: unknown) => void;
}
const platform = (): Platform => globalThis as unknown as Platform;

const EPOCH_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Draws the default epochs of a runner's saves: 8 characters of `A-Za-z0-9-_`, 48 random bits each,
 * from random bytes fetched 1,024 at a time (one `getRandomValues` a save was 8% of a save's time on
 * a real Redis, bench/host.ts).
 */
export function randomEpochs(): () => string {
  const bytes = new Uint8Array(1024);
  let next = bytes.length;
  return () => {
    if (next + 8 > bytes.length) {
      platform().crypto.getRandomValues(bytes);
      next = 0;
    }
    let epoch = "";
    for (let i = next; i < next + 8; i++) epoch += EPOCH_CHARACTERS[(bytes[i] as number) & 63];
    next += 8;
    return epoch;
  };
}

/** What `DEADLINE`'s message says of each stage: what was saved, and what happens to it. */
const AT_STAGE: Readonly<Record<DeadlineStage, string>> = {
  queued: "it was still waiting for an earlier step of the conversation; it will not be applied",
  loading: "the store's load had not returned; nothing was saved, and nothing will be",
  saving: "the store's save had not returned; if it lands, the event is applied and its messages wait in the outbox for the conversation's next run, else nothing was saved",
  saved: "the event was saved; the messages not sent by then wait in the outbox for the conversation's next run",
};

/** The longest deadline, in ms: the longest delay of `setTimeout` (2^31 - 1, about 24.8 days). */
const MAX_DEADLINE = 2_147_483_647;

/** A step's deadline as the step sees it: whether it passed, and where the step is. */
interface Watch {
  expired: boolean;
  stage: DeadlineStage;
}

/**
 * The host side of one engine: a runner that handles events for many conversations against a store,
 * a scheduler and a `send` function (docs/host.md).
 *
 * The order of a step is what makes it safe: the decision's messages are saved in the outbox with
 * the next state, in one compare-and-set, before anything is sent. A crash before the save loses
 * nothing (the platform delivers the event again, and it is decided again); a crash after it leaves
 * the messages in the outbox, and the next run of the conversation sends them first, with the same
 * keys. A message is removed from the outbox only after `send` resolved. Keys carry an epoch drawn
 * for each save, so that a store that loses a record (its revisions start again) never makes a key
 * twice.
 */
export function createRunner(options: RunnerOptions): Runner {
  const { engine, store, scheduler, send, log } = options;
  const attempts = options.attempts ?? 8;
  const drawEpoch = options.epoch ?? randomEpochs();
  const count = options.meter === undefined ? undefined : decisionCounters(options.meter);
  /** The last step queued for each conversation with work in flight: events of one conversation run in order. */
  const queues = new Map<string, Promise<unknown>>();

  const inOrder = <T>(conversation: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(conversation) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(conversation, settled);
    void settled.then(() => {
      if (queues.get(conversation) === settled) queues.delete(conversation);
    });
    return next;
  };

  /**
   * Sends the outbox in order, up to the first failure (or a deadline passed: no send starts after
   * it); removes what went out, and what the platform refused for good (`SEND_REFUSED`), whose
   * reason it returns for the engine (W-REFUSED).
   */
  const deliver = async (conversation: string, outbox: readonly Outgoing[], watch?: Watch): Promise<{ sent: Outgoing[]; pending: Outgoing[]; refused: "window" | "quota" | null }> => {
    const sent: Outgoing[] = [];
    const done: string[] = [];
    let refused: "window" | "quota" | null = null;
    let failed = outbox.length;
    for (let i = 0; i < outbox.length; i++) {
      if (watch?.expired === true) {
        failed = i;
        break;
      }
      const message = outbox[i] as Outgoing;
      try {
        await send(message);
        sent.push(message);
        done.push(message.key);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        if (e instanceof AutoreplyError && e.code === "SEND_REFUSED") {
          // Never sendable: out of the outbox, and the rest is tried (a window that is over refuses them too, each logged).
          const reason = e instanceof SendError ? e.refused : null;
          log?.({ event: "sendRefused", conversation, key: message.key, error, errcode: e instanceof SendError ? e.errcode : null, refused: reason });
          // A window that is over says more than a spent count: it is the one reported.
          if (reason !== null && refused !== "window") refused = reason;
          done.push(message.key);
          continue;
        }
        const failure: SendFailure = { attempt: (message.failures?.at(-1)?.attempt ?? 0) + 1, code: e instanceof AutoreplyError ? e.code : null, errcode: e instanceof SendError ? e.errcode : null, error };
        await store.failed?.(conversation, message.key, failure);
        log?.({ event: "sendFailed", conversation, key: message.key, error, failure });
        failed = i;
        break;
      }
    }
    if (done.length > 0) await store.sent(conversation, done);
    return { sent, pending: outbox.slice(failed), refused };
  };

  /** W-REFUSED: what the platform said is over, applied to the conversation at the time of its last event (the runner reads no clock). */
  const reportRefusal = async (conversation: string, reason: "window" | "quota" | null, watch?: Watch): Promise<void> => {
    if (reason === null) return;
    const stored = await store.load(conversation);
    if (stored?.state.at == null) return;
    await step(conversation, { type: "channel.refused", at: stored.state.at, reason }, watch);
  };

  const fresh = (conversation: string): Stored => ({ state: engine.start(options.start(conversation)), revision: 0, outbox: [] });

  const newEpoch = (): string => {
    const epoch = drawEpoch();
    if (typeof epoch !== "string" || epoch === "" || epoch.includes("/")) throw new AutoreplyError("OPTION_INVALID", `createRunner: epoch() must return a non-empty string without "/", received ${JSON.stringify(epoch)}`);
    return epoch;
  };

  /** Stops a step whose deadline passed before it saved: what it loaded or failed to save is left alone. */
  const abandoned = (conversation: string) => new AutoreplyError("DEADLINE", `conversation ${conversation}: the step was given up at its deadline`);

  const step = async (conversation: string, event: EngineEvent, watch?: Watch): Promise<Handled> => {
    let missing = false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      // Past its deadline a step starts no load and no save: the host was told it was not applied.
      if (watch !== undefined) {
        if (watch.expired) throw abandoned(conversation);
        watch.stage = "loading";
      }
      const loaded = await store.load(conversation);
      if (watch?.expired === true) throw abandoned(conversation);
      if (loaded === undefined && !missing && typeof event === "object" && event !== null && NEEDS_EARLIER.has(event.type)) {
        missing = true;
        log?.({ event: "recordMissing", conversation, type: event.type, at: event.at, ...(typeof event.id === "string" ? { id: event.id } : {}) });
      }
      const stored = loaded ?? fresh(conversation);
      // A bad event or state throws here, before anything is saved or sent.
      const decision = engine.decide(stored.state, event);
      const revision = stored.revision + 1;
      const epoch = newEpoch();
      const outgoing: Outgoing[] = [];
      for (const reply of decision.replies) {
        for (const [i, m] of reply.messages.entries()) {
          let message: Outgoing = { key: `${conversation}/${epoch}/${revision}/${outgoing.length}`, conversation, channel: decision.state.channel, kind: reply.kind, rule: reply.rule, text: m.text };
          if (reply.code !== undefined) message = { ...message, code: reply.code };
          if (reply.buttons !== undefined && i === reply.messages.length - 1) message = { ...message, buttons: reply.buttons };
          outgoing.push(message);
        }
      }
      // What an earlier run left unsent goes out first, then this event's messages.
      const outbox = [...stored.outbox, ...outgoing];
      if (watch !== undefined) watch.stage = "saving";
      if (!(await store.save(conversation, stored.revision, { state: decision.state, revision, outbox, epoch }, decision.timers))) {
        log?.({ event: "conflict", conversation, attempt });
        continue;
      }
      // Saved: the event is applied, deadline or not, so its timers and its event log line follow.
      if (watch !== undefined) watch.stage = "saved";
      // A store that keeps the timers wrote them with the save; else they are replaced now.
      if (store.keepsTimers !== true) await scheduler?.schedule(conversation, decision.timers);
      count?.(decision, decision.state.channel);
      if (options.record !== undefined) {
        const line: EventLogLine = stored.revision === 0 ? { conversation, channel: decision.state.channel, event, start: options.start(conversation) } : { conversation, channel: decision.state.channel, event };
        await options.record(JSON.stringify(line));
      }
      if (stored.outbox.length > 0) log?.({ event: "resent", conversation, keys: stored.outbox.map((m) => m.key) });
      const { sent, pending, refused } = await deliver(conversation, outbox, watch);
      await reportRefusal(conversation, refused, watch);
      return { decision, revision, sent, pending };
    }
    throw new AutoreplyError("STORE_CONFLICT", `conversation ${conversation}: another worker saved first ${attempts} times in a row; the event was not applied (send it again)`);
  };

  /**
   * A step with a deadline: `handle` rejects with `DEADLINE` when it passes, and the step starts
   * nothing more that changes anything but what follows a save that lands (its timers, its event log
   * line). The conversation's next step still waits for it to settle, so that steps of one
   * conversation never overlap in a process.
   */
  const withDeadline = (conversation: string, event: EngineEvent, deadline: number): Promise<Handled> => {
    const watch: Watch = { expired: false, stage: "queued" };
    const done = inOrder(conversation, () => step(conversation, event, watch));
    return new Promise<Handled>((resolve, reject) => {
      const timer = platform().setTimeout(() => {
        watch.expired = true;
        reject(new AutoreplyError("DEADLINE", `conversation ${conversation}: the step did not finish within its deadline of ${deadline} ms: ${AT_STAGE[watch.stage]}. Have the event pushed again: with its id, it is decided once either way`));
        log?.({ event: "deadline", conversation, deadline, stage: watch.stage });
      }, deadline);
      done.then(
        (handled) => {
          platform().clearTimeout(timer);
          resolve(handled);
        },
        (error: unknown) => {
          platform().clearTimeout(timer);
          reject(error);
        },
      );
    });
  };

  const runner: Runner = {
    handle(conversation: string, event: EngineEvent, handleOptions: HandleOptions = {}): Promise<Handled> {
      const deadline = handleOptions.deadline;
      if (deadline === undefined) return inOrder(conversation, () => step(conversation, event));
      // setTimeout's own limit: a longer delay would fire at once.
      if (typeof deadline !== "number" || !(deadline > 0 && deadline <= MAX_DEADLINE)) {
        return Promise.reject(new AutoreplyError("OPTION_INVALID", `handle: deadline must be a positive number of ms, at most ${MAX_DEADLINE}, received ${typeof deadline === "number" ? String(deadline) : typeof deadline}`));
      }
      return withDeadline(conversation, event, deadline);
    },
    async tick(now: number): Promise<number> {
      if (scheduler === undefined) return 0;
      const due = await scheduler.due(now);
      // Every step settles before tick does, so that nothing it started still runs when it rejects.
      const results = await Promise.allSettled(due.map(({ conversation, timer }) => runner.handle(conversation, { type: "timer", timer: timer.timer, due: timer.due, at: now })));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed !== undefined) throw failed.reason;
      return due.length;
    },
    flush: (conversation: string) =>
      inOrder(conversation, async () => {
        const stored = await store.load(conversation);
        if (stored === undefined || stored.outbox.length === 0) return 0;
        const { sent, refused } = await deliver(conversation, stored.outbox);
        await reportRefusal(conversation, refused);
        return sent.length;
      }),
  };
  return Object.freeze(runner);
}
