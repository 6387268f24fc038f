/*
 * Senders for the runner's `send`, as the platforms' send APIs answer: WeChat's customer-service
 * message (`cgi-bin/message/custom/send`: official accounts and mini programs) and WeCom's customer
 * service (`cgi-bin/kf/send_msg`, and `kf/send_msg_on_event` for a reply on an event code, W-WECOM-CODE).
 *
 * - The access_token is fetched when first needed, kept until shortly before it expires, shared by
 *   concurrent sends, and fetched again once, with the send tried again, on 40001, 40014 or 42001.
 * - A refusal the platform will repeat (the window is over: 45015, 95002, 95018; the count is spent:
 *   45047, 95001) is not tried again: the send rejects with `SendError` `SEND_REFUSED`, whose
 *   `refused` the runner reports to the engine as a `channel.refused` event (spec W-REFUSED).
 * - 45009 (the API's rate) and -1 (busy) are tried again after each pause of `backoff`; then, as any
 *   other errcode, the send rejects with `SEND_FAILED`: the message stays in the outbox, its failure
 *   on its history (`Outgoing.failures`), and goes out with the conversation's next run.
 * - Every request has a deadline (`timeout`): a token endpoint or a send that hangs is `SEND_FAILED`.
 */
import { AutoreplyError, type EngineEvent } from "../core/index.js";
import type { Outgoing } from "./types.js";

/** The `fetch` the senders use (the Web standard one by default). */
export type Fetch = (url: string, init: { readonly method: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: string; readonly signal?: unknown }) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;

const SEND_BRAND = Symbol.for("autoreply-engine.SendError");

/** Why the platform refused a message for good: its window is over, or its count is spent. */
export type Refusal = "window" | "quota";

/** A send that failed: `SEND_REFUSED` (do not try again: report `refused` to the engine) or `SEND_FAILED` (try again later). */
export class SendError extends AutoreplyError {
  constructor(
    code: "SEND_FAILED" | "SEND_REFUSED",
    message: string,
    /** The platform's errcode, or `null` (a timeout, an HTTP error, no JSON). */
    readonly errcode: number | null,
    /** With `SEND_REFUSED`: what is over (`null`: only this message cannot go). */
    readonly refused: Refusal | null = null,
  ) {
    super(code, message);
  }

  /** A brand of its own: AutoreplyError's `instanceof` holds for every error of the library, this one only for a SendError (of any copy). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [SEND_BRAND]?: unknown })[SEND_BRAND] === true;
  }
  get [SEND_BRAND](): true {
    return true;
  }
}

/** What both senders take. */
export interface SenderOptions {
  /** The API's base URL; the platform's own unless a test points it at a fake. */
  readonly api?: string;
  readonly fetch?: Fetch;
  /** The deadline of each request (ms). Default 5000. */
  readonly timeout?: number;
  /** The pauses (ms) before each new try after 45009 (rate limit) or -1 (busy). Default `[1000, 2000]`; `[]` tries once. */
  readonly backoff?: readonly number[];
  /**
   * The token from the host's own token service (WeChat wants one per app: each token fetched ends
   * the last within 5 minutes), asked again once after 40001, 40014 or 42001 with the token the
   * platform refused, which the service replaces. Without it the sender fetches and keeps its own
   * with the app's id and secret.
   */
  readonly accessToken?: (refused?: string) => Promise<string>;
  /** The clock the token's expiry is kept by. Default `Date.now`. */
  readonly now?: () => number;
  /** The openid (WeChat) or external_userid (WeCom) of the message's conversation. */
  readonly touser: (message: Outgoing) => string;
}

const TOKEN_EXPIRED = new Set([40001, 40014, 42001]);
const BUSY = new Set([45009, -1]);
const REFUSALS: ReadonlyMap<number, Refusal> = new Map([
  [45015, "window"],
  [95002, "window"],
  [95018, "window"],
  [45047, "quota"],
  [95001, "quota"],
]);

interface Platform {
  readonly fetch: Fetch;
  readonly AbortSignal: { timeout(ms: number): unknown };
  setTimeout(then: () => void, ms: number): unknown;
}
const platform = (): Platform => globalThis as unknown as Platform;
const STAYS = "the message stays in the outbox";

/** One JSON request with a deadline; the platform's answer, or `SEND_FAILED` saying what happens next (`then`). Also kf/sync_msg's. */
export async function call(options: Pick<SenderOptions, "fetch" | "timeout">, what: string, url: string, body?: unknown, then = STAYS): Promise<{ readonly errcode?: number; readonly errmsg?: string; readonly [key: string]: unknown }> {
  const fetch = options.fetch ?? platform().fetch;
  const timeout = options.timeout ?? 5000;
  let answer: Awaited<ReturnType<Fetch>>;
  try {
    answer = await fetch(url, { method: body === undefined ? "GET" : "POST", ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), signal: platform().AbortSignal.timeout(timeout) });
  } catch (e) {
    throw new SendError("SEND_FAILED", `${what}: no answer within ${timeout} ms (${e instanceof Error ? e.message : String(e)}); ${then}`, null);
  }
  const json: unknown = await answer.json().catch(() => undefined);
  if (!answer.ok || json === null || typeof json !== "object") throw new SendError("SEND_FAILED", `${what}: HTTP ${answer.status}, ${json === undefined ? "a body that is not JSON" : "an unexpected body"}; ${then}`, null);
  return json as { errcode?: number; errmsg?: string };
}

/** The access token, fetched once for every send that needs it, kept until shortly before it expires. */
function tokens(options: SenderOptions, what: string, url: string): { get(): Promise<string>; drop(token: string): void } {
  const now = options.now ?? Date.now;
  let cached: { readonly token: string; readonly until: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const answer = await call(options, what, url);
    const token = answer["access_token"];
    const expires = answer["expires_in"];
    if (typeof token !== "string" || token === "" || typeof expires !== "number" || !(expires > 0)) {
      throw new SendError("SEND_FAILED", `${what}: no access_token in the answer (errcode ${answer.errcode ?? "none"} ${answer.errmsg ?? ""}); check the app's id and secret`, answer.errcode ?? null);
    }
    // Five minutes early (WeChat keeps the old token working that long after a new one), or halfway for a short life.
    cached = { token, until: now() + Math.max(expires / 2, expires - 300) * 1000 };
    return token;
  };
  return {
    async get() {
      if (cached !== undefined && now() < cached.until) return cached.token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    drop(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** Sends through `path(message)` with the token, once more with a fresh token when the platform says it expired. */
function sender(options: SenderOptions, what: string, tokenUrl: string, request: (message: Outgoing) => { readonly url: string; readonly body: unknown }): (message: Outgoing) => Promise<void> {
  const given = options.accessToken;
  let refused: string | undefined;
  const source = given === undefined ? tokens(options, `${what} token`, tokenUrl) : { get: () => given(refused).finally(() => (refused = undefined)), drop: (token: string) => void (refused = token) };
  const backoff = options.backoff ?? [1000, 2000];
  return async (message) => {
    for (let attempt = 1, paused = 0; ; attempt++) {
      const token = await source.get();
      const { url, body } = request(message);
      const answer = await call(options, what, `${url}?access_token=${encodeURIComponent(token)}`, body);
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return;
      const said = `${what}: errcode ${errcode} ${answer.errmsg ?? ""}`.trimEnd();
      if (TOKEN_EXPIRED.has(errcode) && attempt === 1) {
        source.drop(token);
        continue;
      }
      const pause = BUSY.has(errcode) && paused < backoff.length ? backoff[paused++] : undefined;
      if (pause !== undefined) {
        await new Promise<void>((resolve) => platform().setTimeout(resolve, pause));
        continue;
      }
      const refused = REFUSALS.get(errcode);
      if (refused !== undefined) throw new SendError("SEND_REFUSED", `${said}: the platform says the ${refused === "window" ? "window is over" : "count is spent"}; not tried again`, errcode, refused);
      throw new SendError("SEND_FAILED", `${said}${BUSY.has(errcode) ? ` (the API's rate limit or load; tried ${paused + 1} times)` : ""}; ${STAYS}`, errcode);
    }
  };
}

/** Sends through WeChat's customer-service message API (official accounts and mini programs). */
export function wechatSender(options: SenderOptions & ({ readonly appId: string; readonly secret: string } | { readonly accessToken: (refused?: string) => Promise<string> })): (message: Outgoing) => Promise<void> {
  const api = options.api ?? "https://api.weixin.qq.com";
  const app = options as { readonly appId?: string; readonly secret?: string };
  const tokenUrl = `${api}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(app.appId ?? "")}&secret=${encodeURIComponent(app.secret ?? "")}`;
  // Menu messages are a service account's (official_account); a mini program's customer service message has none.
  return sender(options, "message/custom/send", tokenUrl, (m) => ({ url: `${api}/cgi-bin/message/custom/send`, body: { touser: options.touser(m), ...(surveyMessage(m, m.channel === "official_account" ? "official_account" : "text") ?? { msgtype: "text", text: { content: m.text } }) } }));
}

/**
 * A survey's buttons as a menu message (S-SURVEY): on WeCom a `click` item each, whose `menu_id` is
 * `survey:N`; on a WeChat service account an item each whose `id` is `90NN` (9001 for the first:
 * WeChat brings back only numbers, as `bizmsgmenuid`). `surveyAnswer` reads both back. Where the
 * platform has no menu message (a mini program's customer service), the question goes as text with
 * the buttons' labels on a line of its own. `undefined` for a message without a survey's buttons (a
 * prompt's buttons are the web page's to draw).
 */
function surveyMessage(m: Outgoing, api: "wecom" | "official_account" | "text"): { readonly msgtype: string; readonly [body: string]: unknown } | undefined {
  const buttons = m.buttons?.filter((b) => b.answer !== undefined) ?? [];
  if (buttons.length === 0) return undefined;
  if (api === "text") return { msgtype: "text", text: { content: `${m.text}\n${buttons.map((b) => b.text).join(" / ")}` } };
  const id = (n: number) => (api === "wecom" ? `survey:${n}` : String(9000 + n));
  const list = buttons.map((b) => (api === "wecom" ? { type: "click", click: { id: id(b.answer as number), content: b.text } } : { id: id(b.answer as number), content: b.text }));
  return { msgtype: "msgmenu", msgmenu: { head_content: m.text, list } };
}

/**
 * The survey answer a menu click carries, as `visitor.rated`: WeCom's `text.menu_id` (`survey:N`)
 * or a WeChat service account's `bizmsgmenuid` (`90NN`); `undefined` for any other id.
 */
export function surveyAnswer(menuId: string | undefined, at: number, id?: string): EngineEvent | undefined {
  const digits = /^survey:(\d{1,2})$/.exec(menuId ?? "")?.[1] ?? /^90(\d\d)$/.exec(menuId ?? "")?.[1];
  const score = Number(digits);
  return digits === undefined || score < 1 ? undefined : { type: "visitor.rated", at, score, ...(id === undefined ? {} : { id }) };
}

/** WeCom's `kf/send_msg`, or `kf/send_msg_on_event` with `code(message)`, the value of the code its reply names (W-WECOM-CODE). */
export function wecomSender(options: SenderOptions & { readonly corpId: string; readonly secret: string; readonly openKfId: string; readonly code: (message: Outgoing) => string | undefined }): (message: Outgoing) => Promise<void> {
  const api = options.api ?? "https://qyapi.weixin.qq.com";
  const tokenUrl = `${api}/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`;
  return sender(options, "kf/send_msg", tokenUrl, (m) => {
    const text = surveyMessage(m, "wecom") ?? { msgtype: "text", text: { content: m.text } };
    if (m.code === undefined) return { url: `${api}/cgi-bin/kf/send_msg`, body: { touser: options.touser(m), open_kfid: options.openKfId, ...text } };
    const code = options.code(m);
    if (code === undefined) throw new SendError("SEND_REFUSED", `kf/send_msg_on_event: no ${m.code} code for ${m.conversation}: WeCom gave none, or it was used; not tried again`, null);
    return { url: `${api}/cgi-bin/kf/send_msg_on_event`, body: { code, ...text } };
  });
}
