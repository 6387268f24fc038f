/**
 * The engine behind a Web-standard `fetch` handler (Cloudflare Workers, Deno, Bun, Node 20's
 * `Request`/`Response`): the chat widget posts each event, and the answer carries the messages to
 * show. `export default fetchHandler({ ... })` is the whole worker.
 *
 * - `POST /events` with `{ conversation, event }`: the runner applies the event (in order per
 *   conversation, compare-and-set on the store) and answers `{ sent, pending, effects, timers }`.
 *   The answer is the delivery: `send` only marks a message delivered, so a message is in `sent`
 *   once. A bad event is 400 with the engine's error code; the state is untouched.
 * - `POST /tick` with `{ now }`: feeds the due timers back (a cron trigger calls it every minute).
 *
 * With `send` (the host kit's `wechatSender` or `wecomSender`), the messages go out through WeChat's
 * or WeCom's API instead, with the platforms' refusals reported to the engine (docs/host.md, "Senders").
 *
 * The store: `memoryStore()` lives as long as the isolate (fine to try, lost on a restart); give
 * the runner a store on a database you can reach from the edge for real use (docs/host.md).
 */
import { AutoreplyError, compile, type ConfigInput, type EngineEvent, type StartInput } from "autoreply-engine";
import { createRunner, type Outgoing, type Scheduler, type Store } from "autoreply-engine/host";

export interface FetchHandlerOptions {
  readonly config: ConfigInput;
  readonly store: Store;
  readonly scheduler?: Scheduler;
  /** How a new conversation starts: its channel, the agents online. */
  readonly start: (conversation: string) => StartInput;
  /** A platform's sender (`wechatSender`, `wecomSender`); by default the answer carries the messages. */
  readonly send?: (message: Outgoing) => Promise<void>;
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

export function fetchHandler(options: FetchHandlerOptions): { fetch(request: Request): Promise<Response> } {
  const runner = createRunner({
    engine: compile(options.config),
    store: options.store,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    start: options.start,
    // Without a sender the HTTP answer carries the messages: sending is marking them delivered.
    send: options.send ?? (async () => undefined),
  });
  return {
    async fetch(request: Request): Promise<Response> {
      const path = new URL(request.url).pathname;
      if (request.method !== "POST" || (path !== "/events" && path !== "/tick")) return json(404, { error: "POST /events or POST /tick" });
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return json(400, { error: "the body is not JSON" });
      }
      const b = (body ?? {}) as Record<string, unknown>;
      try {
        if (path === "/tick") {
          if (typeof b["now"] !== "number") return json(400, { error: "POST /tick takes { now } in epoch ms" });
          return json(200, { fired: await runner.tick(b["now"]) });
        }
        if (typeof b["conversation"] !== "string" || b["conversation"] === "") return json(400, { error: "POST /events takes { conversation, event }" });
        const handled = await runner.handle(b["conversation"], b["event"] as EngineEvent);
        return json(200, { sent: handled.sent, pending: handled.pending, effects: handled.decision.effects, timers: handled.decision.timers });
      } catch (e) {
        if (e instanceof AutoreplyError) return json(e.code === "STORE_CONFLICT" ? 409 : 400, { code: e.code, error: e.message });
        return json(503, { error: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
