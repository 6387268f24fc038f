import { AutoreplyError, type EngineEvent } from "../index.js";
import type { EventLogLine, Handled, Outgoing, Runner, RunnerOptions, Stored } from "./types.js";

/**
 * The host side of one engine: a runner that handles events for many conversations against a store,
 * a scheduler and a `send` function (docs/host.md).
 *
 * The order of a step is what makes it safe: the decision's messages are saved in the outbox with
 * the next state, in one compare-and-set, before anything is sent. A crash before the save loses
 * nothing (the platform delivers the event again, and it is decided again); a crash after it leaves
 * the messages in the outbox, and the next run of the conversation sends them first, with the same
 * keys. A message is removed from the outbox only after `send` resolved.
 */
export function createRunner(options: RunnerOptions): Runner {
  const { engine, store, scheduler, send, log } = options;
  const attempts = options.attempts ?? 8;
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

  /** Sends the outbox in order, up to the first failure; removes what went out. */
  const deliver = async (conversation: string, outbox: readonly Outgoing[]): Promise<{ sent: Outgoing[]; pending: Outgoing[] }> => {
    const sent: Outgoing[] = [];
    let failed = outbox.length;
    for (let i = 0; i < outbox.length; i++) {
      const message = outbox[i] as Outgoing;
      try {
        await send(message);
        sent.push(message);
      } catch (e) {
        log?.({ event: "sendFailed", conversation, key: message.key, error: e instanceof Error ? e.message : String(e) });
        failed = i;
        break;
      }
    }
    if (sent.length > 0) await store.sent(conversation, sent.map((m) => m.key));
    return { sent, pending: outbox.slice(failed) };
  };

  const fresh = (conversation: string): Stored => ({ state: engine.start(options.start(conversation)), revision: 0, outbox: [] });

  const step = async (conversation: string, event: EngineEvent): Promise<Handled> => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const stored = (await store.load(conversation)) ?? fresh(conversation);
      // A bad event or state throws here, before anything is saved or sent.
      const decision = engine.decide(stored.state, event);
      const revision = stored.revision + 1;
      const outgoing: Outgoing[] = [];
      for (const reply of decision.replies) {
        for (const m of reply.messages) {
          outgoing.push({ key: `${conversation}/${revision}/${outgoing.length}`, conversation, channel: decision.state.channel, kind: reply.kind, rule: reply.rule, text: m.text });
        }
      }
      // What an earlier run left unsent goes out first, then this event's messages.
      const outbox = [...stored.outbox, ...outgoing];
      if (!(await store.save(conversation, stored.revision, { state: decision.state, revision, outbox }, decision.timers))) {
        log?.({ event: "conflict", conversation, attempt });
        continue;
      }
      // A store that keeps the timers wrote them with the save; else they are replaced now.
      if (store.keepsTimers !== true) await scheduler?.schedule(conversation, decision.timers);
      if (options.record !== undefined) {
        const line: EventLogLine = stored.revision === 0 ? { conversation, channel: decision.state.channel, event, start: options.start(conversation) } : { conversation, channel: decision.state.channel, event };
        await options.record(JSON.stringify(line));
      }
      if (stored.outbox.length > 0) log?.({ event: "resent", conversation, keys: stored.outbox.map((m) => m.key) });
      const { sent, pending } = await deliver(conversation, outbox);
      return { decision, revision, sent, pending };
    }
    throw new AutoreplyError("STORE_CONFLICT", `conversation ${conversation}: another worker saved first ${attempts} times in a row; the event was not applied (send it again)`);
  };

  const runner: Runner = {
    handle: (conversation: string, event: EngineEvent) => inOrder(conversation, () => step(conversation, event)),
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
        return stored === undefined || stored.outbox.length === 0 ? 0 : (await deliver(conversation, stored.outbox)).sent.length;
      }),
  };
  return Object.freeze(runner);
}
