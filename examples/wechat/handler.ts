/**
 * A WeChat customer-service message push handler (mini program or official account), serverless
 * style: one function from a request to a response, no framework. It checks the push's signature,
 * reads plain-text XML or JSON bodies, turns the push into an engine event with its `MsgId` as the
 * event id (a redelivery sends nothing), runs it through the host kit's runner, and sends the
 * replies through WeChat's customer-service send API (the host kit's `wechatSender`) with the access
 * token the host's token service supplies.
 *
 * It answers within `deadline` (WeChat pushes again after 5 s without an answer, up to 3 times):
 * "success" once the step is done, and a 503 when the runner's deadline passed first (`DEADLINE`),
 * so that WeChat pushes again. The push again carries the same `MsgId`: a step that saved in the
 * end is recognised as a redelivery and sends what its outbox kept, one that did not is decided now
 * (docs/host.md, "A deadline").
 *
 * In safe mode (安全模式: `encrypt_type=aes` on the URL) it checks `msg_signature` and decrypts the
 * body with the host kit's `openPush`, given `encodingAesKey` and `appId`; a push that fails either
 * is refused (401) and nothing is decided.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AutoreplyError, compile, type ConfigInput, type EngineEvent } from "autoreply-engine";
import { createRunner, openPush, surveyAnswer, wechatSender, type Fetch, type LogEntry, type Outgoing, type Scheduler, type Store } from "autoreply-engine/host";

/** A request as any serverless platform hands it: method, the URL with its query, the raw body. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the handler logs: the runner's lines and its own. Structured data; the host prints or ships it. */
export type HandlerLog =
  | LogEntry
  | { readonly event: "badSignature" }
  | { readonly event: "badPush"; readonly error: string }
  | { readonly event: "badBody"; readonly error: string }
  | { readonly event: "ignored"; readonly msgType: string; readonly reason: string }
  | { readonly event: "refused"; readonly code: string; readonly message: string }
  | { readonly event: "storeFailed"; readonly error: string };

export interface WechatHandlerOptions {
  /** The Token configured for the push URL in WeChat's console. */
  readonly token: string;
  /** Safe mode (安全模式): the EncodingAESKey of WeChat's console and the AppID, to open encrypted pushes. */
  readonly encodingAesKey?: string;
  readonly appId?: string;
  /** Which channel these pushes come from. */
  readonly channel: "miniprogram" | "official_account";
  readonly config: ConfigInput;
  readonly store: Store;
  readonly scheduler?: Scheduler;
  /** The access token for the send API: the host caches and refreshes it (it is valid 2 hours). */
  readonly accessToken: () => Promise<string>;
  /** The API's base URL; `https://api.weixin.qq.com` unless the tests point it at a fake. */
  readonly api?: string;
  /** The agents online now, for a conversation the store does not have yet. */
  readonly online?: () => readonly string[];
  /** How long the step may take before the handler answers 503 and WeChat pushes again (ms): the runner's `deadline`. Default 4000. */
  readonly deadline?: number;
  readonly log?: (entry: HandlerLog) => void;
  /** How to reach the API; `fetch` by default. */
  readonly fetch?: typeof fetch;
}

/** The fields of a push this handler reads, from XML or JSON. */
export interface Push {
  readonly ToUserName?: string;
  readonly FromUserName?: string;
  readonly CreateTime?: string | number;
  readonly MsgType?: string;
  readonly Content?: string;
  readonly MsgId?: string | number;
  readonly Event?: string;
  readonly EventKey?: string;
  /** A click on a menu message: the item's id (a survey's answers are `90NN`, wechatSender's). */
  readonly bizmsgmenuid?: string | number;
  /** Safe mode: the encrypted message. */
  readonly Encrypt?: string;
}

/** WeChat's signature: the SHA-1 of token, timestamp and nonce, sorted and joined. */
export function signature(token: string, timestamp: string, nonce: string): string {
  return createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
}

function signedBy(token: string, query: URLSearchParams): boolean {
  const given = query.get("signature") ?? "";
  const expected = signature(token, query.get("timestamp") ?? "", query.get("nonce") ?? "");
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The fields of a flat XML push: `<xml><Name><![CDATA[value]]></Name>...</xml>` (WeChat's pushes have no nesting we read). */
export function parseXml(body: string): Push {
  if (!/^\s*<xml>[\s\S]*<\/xml>\s*$/.test(body)) throw new Error("the body is not a WeChat XML push");
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<([A-Za-z]+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) out[m[1] as string] = m[2] ?? m[3] ?? "";
  return out;
}

function parseBody(body: string): Push {
  const text = body.trimStart();
  if (text.startsWith("<")) return parseXml(text);
  if (text.startsWith("{")) return JSON.parse(text) as Push;
  throw new Error("the body is neither XML nor JSON");
}

/** Non-text messages a visitor sends: they open the window and count as a message, with no text to match. */
const MEDIA = new Set(["image", "voice", "video", "shortvideo", "location", "link", "miniprogrampage"]);

/** The engine event of a push, or why it has none. */
export function eventOf(push: Push): EngineEvent | { readonly ignored: string } {
  const at = Number(push.CreateTime) * 1000;
  if (!Number.isSafeInteger(at) || at < 0) return { ignored: "no CreateTime" };
  const id = push.MsgId === undefined ? undefined : String(push.MsgId);
  const withId = <T extends object>(e: T) => (id === undefined ? e : { ...e, id });
  switch (push.MsgType) {
    case "text":
      // A click on a survey's menu comes as the user's text, with the item's id: the survey's answer.
      return surveyAnswer(push.bizmsgmenuid === undefined ? undefined : String(push.bizmsgmenuid), at, id) ?? (withId({ type: "visitor.message", at, text: push.Content ?? "" }) as EngineEvent);
    case "event": {
      // Events carry no MsgId: WeChat's advice is to recognise a redelivered event by FromUserName +
      // CreateTime (被动回复用户消息: 事件类型消息推荐使用FromUserName + CreateTime 排重), so that is its id.
      const eventId = (what: string) => `${push.FromUserName ?? ""}:${at}:${what}`;
      switch (push.Event) {
        case "user_enter_tempsession": // a mini program's visitor enters the customer-service chat (W-OPENED)
          return { type: "visitor.opened", at, id: eventId("enter") };
        case "subscribe": // a follow, by a search or by a QR code with a scene (W-FOLLOW)
          return { type: "visitor.opened", at, id: eventId("subscribe") };
        case "SCAN": // a follower scans a QR code with a scene (W-FOLLOW)
          return { type: "visitor.opened", at, id: eventId("scan") };
        case "unsubscribe":
          return { type: "visitor.unsubscribed", at, id: eventId("unsubscribe") };
        // The three menu types that open the customer-service API (点击推事件, 扫码推事件, 扫码推事件且弹出“消息接收中”提示框): W-MENU-WECHAT.
        case "CLICK":
        case "scancode_push":
        case "scancode_waitmsg":
          return { type: "visitor.menu", at, key: push.EventKey ?? "", id: eventId("click") };
        default:
          return { ignored: `event ${push.Event ?? "(none)"}` };
      }
    }
    default:
      if (push.MsgType !== undefined && MEDIA.has(push.MsgType)) return withId({ type: "visitor.message", at, text: "" }) as EngineEvent;
      return { ignored: `msgtype ${push.MsgType ?? "(none)"}` };
  }
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };
const answer = (status: number, body: string): HttpResponse => ({ status, headers: TEXT, body });

/**
 * The handler. Answers: the echo for the URL check (GET), "success" for a push it took or chose to
 * ignore, 401 for a bad signature, 400 for a body it cannot read, 503 when the store failed or the
 * step missed its deadline (WeChat pushes again; the event id makes the retry safe).
 */
export function wechatHandler(options: WechatHandlerOptions): (request: HttpRequest) => Promise<HttpResponse> {
  const engine = compile(options.config);
  const api = options.api ?? "https://api.weixin.qq.com";
  const log = options.log ?? (() => undefined);
  const prefix = `${options.channel}:`;
  const runner = createRunner({
    engine,
    store: options.store,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    log,
    start: (conversation) => ({ conversation, channel: options.channel, online: options.online?.() ?? [] }),
    // The host kit's sender: a refusal (45015, 45047) goes back to the engine, another failure stays
    // in the outbox for the next push. No pauses on 45009: the push has a deadline to answer within.
    send: wechatSender({ api, ...(options.fetch === undefined ? {} : { fetch: options.fetch as Fetch }), accessToken: options.accessToken, backoff: [], touser: (m: Outgoing) => m.conversation.slice(prefix.length) }),
  });
  const deadline = options.deadline ?? 4000;

  return async (request: HttpRequest): Promise<HttpResponse> => {
    const query = new URL(request.url, "http://localhost").searchParams;
    if (!signedBy(options.token, query)) {
      log({ event: "badSignature" });
      return answer(401, "bad signature");
    }
    if (request.method === "GET") return answer(200, query.get("echostr") ?? "");
    let push: Push;
    try {
      push = parseBody(request.body);
    } catch (e) {
      log({ event: "badBody", error: e instanceof Error ? e.message : String(e) });
      return answer(400, "bad body");
    }
    if (query.get("encrypt_type") === "aes") {
      // Safe mode: the body carries Encrypt; the message is inside, signed with msg_signature.
      try {
        if (options.encodingAesKey === undefined || options.appId === undefined) throw new Error("an encrypted push, and no encodingAesKey and appId to open it");
        const opened = await openPush({ token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.appId }, { signature: query.get("msg_signature") ?? "", timestamp: query.get("timestamp") ?? "", nonce: query.get("nonce") ?? "", encrypt: push.Encrypt ?? "" });
        push = parseBody(opened);
      } catch (e) {
        log({ event: "badPush", error: e instanceof Error ? e.message : String(e) });
        return answer(401, "bad push");
      }
    }
    const event = eventOf(push);
    if ("ignored" in event) {
      // Answered "success" so that WeChat does not push it again; the log says what was left out.
      log({ event: "ignored", msgType: push.MsgType ?? "", reason: event.ignored });
      return answer(200, "success");
    }
    const conversation = `${prefix}${push.FromUserName ?? ""}`;
    try {
      await runner.handle(conversation, event, { deadline });
      return answer(200, "success");
    } catch (e) {
      // DEADLINE (logged by the runner with its stage) and STORE_CONFLICT: ask for the push again.
      if (e instanceof AutoreplyError && e.code !== "STORE_CONFLICT" && e.code !== "DEADLINE") {
        // A push the engine refuses (out of order, a time before the last): sending it again would not help.
        log({ event: "refused", code: e.code, message: e.message });
        return answer(200, "success");
      }
      if (!(e instanceof AutoreplyError && e.code === "DEADLINE")) log({ event: "storeFailed", error: e instanceof Error ? e.message : String(e) });
      return answer(503, "try again");
    }
  };
}
