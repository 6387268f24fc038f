/*
 * WeCom customer service's callbacks (`kf_msg_or_event`) say only that messages are waiting: the host
 * pulls them with `kf/sync_msg` from a cursor, page by page while `has_more` is 1 (a page may be
 * empty and still have more), and keeps `next_cursor` (WeCom document 94670). `syncWecomKf` hands each
 * message and event to `apply` (the runner's `handle`, keyed by the conversation) with its `msgid` as
 * the event id, and keeps a page's cursor only once every item of it was applied: a crash reads the
 * page again and never skips one, and an item applied twice is a redelivery the engine recognises.
 */
import { AutoreplyError, type EngineEvent, type EventCode } from "../core/index.js";
import type { RedisEval } from "./redis.js";
import { call, SendError, surveyAnswer, type Fetch } from "./senders.js";

/** Where the cursor of each customer-service account is kept between pulls. */
export interface CursorStore {
  get(openKfId: string): Promise<string | undefined>;
  set(openKfId: string, cursor: string): Promise<void>;
}

/** Cursors in memory (one process, tests). */
export function memoryCursors(): CursorStore {
  const cursors = new Map<string, string>();
  return { get: async (id) => cursors.get(id), set: async (id, cursor) => void cursors.set(id, cursor) };
}

/** Cursors on Redis: `{prefix}kf-cursor:{open_kfid}`. */
export function redisCursors(client: RedisEval, options: { readonly prefix?: string } = {}): CursorStore {
  const key = (id: string) => `${options.prefix ?? "autoreply:"}kf-cursor:{${id}}`;
  return {
    get: async (id) => ((await client.eval("return redis.call('GET', KEYS[1])", 1, key(id))) as string | null) ?? undefined,
    set: async (id, cursor) => void (await client.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, key(id), cursor)),
  };
}

/** One item of `msg_list`, the fields this module reads. */
export interface KfItem {
  readonly msgid: string;
  readonly open_kfid?: string;
  readonly external_userid?: string;
  readonly send_time: number;
  /** 3: the customer's; 4: a system event; 5: an agent's. */
  readonly origin: number;
  readonly msgtype: string;
  /** `menu_id`: the id of the menu item the customer clicked, when the text is a click's. */
  readonly text?: { readonly content?: string; readonly menu_id?: string };
  readonly event?: { readonly event_type?: string; readonly external_userid?: string; readonly welcome_code?: string; readonly msg_code?: string; readonly change_type?: number };
}

/** An item's conversation, engine event and event code (W-WECOM-CODE), or why it has none. */
export function kfEventOf(item: KfItem): { readonly conversation: string; readonly event: EngineEvent | null; readonly code?: { readonly kind: EventCode; readonly value: string } } | { readonly ignored: string } {
  const at = item.send_time * 1000;
  const user = item.external_userid ?? item.event?.external_userid;
  if (user === undefined || !Number.isSafeInteger(at) || at < 0) return { ignored: `msgid ${item.msgid}: no customer or no send_time` };
  const conversation = `wecom:${user}`;
  // A click on a survey's menu (senders.ts, `survey:N`) is its answer; any other text is a message.
  if (item.origin === 3) return { conversation, event: surveyAnswer(item.text?.menu_id, at, item.msgid) ?? { type: "visitor.message", at, id: item.msgid, text: item.msgtype === "text" ? (item.text?.content ?? "") : "" } };
  if (item.origin === 5) return { conversation, event: { type: "agent.message", at, id: item.msgid } };
  const e = item.event;
  if (item.msgtype !== "event" || e === undefined) return { ignored: `msgid ${item.msgid}: origin ${item.origin}, msgtype ${item.msgtype}` };
  if (e.event_type === "enter_session") {
    const event: EngineEvent = { type: "visitor.opened", at, id: item.msgid };
    return e.welcome_code === undefined ? { conversation, event } : { conversation, event, code: { kind: "welcome", value: e.welcome_code } };
  }
  // A session taken from the queue (change_type 1) or ended (3) in the WeCom client gives a code; the move itself is the host's to report.
  if (e.event_type === "session_status_change" && e.msg_code !== undefined && (e.change_type === 1 || e.change_type === 3)) return { conversation, event: null, code: { kind: e.change_type === 1 ? "serving" : "end", value: e.msg_code } };
  return { ignored: `msgid ${item.msgid}: event ${e.event_type ?? "(none)"}` };
}

export interface WecomSyncOptions {
  readonly openKfId: string;
  readonly cursors: CursorStore;
  /** The access token. */
  readonly accessToken: () => Promise<string>;
  readonly api?: string;
  readonly fetch?: Fetch;
  /** The deadline of each request (ms). Default 5000. */
  readonly timeout?: number;
  /** Each item's event, in order; a throw stops the pull, and the page is read again next time. */
  readonly apply: (conversation: string, event: EngineEvent) => Promise<void>;
  /** An event code an item gave, for the sender's `code`. */
  readonly code?: (conversation: string, kind: EventCode, value: string) => void;
  /** An item with no engine event, and why. */
  readonly ignored?: (why: string) => void;
}


/**
 * `apply` of one item. A survey's answer the conversation cannot take (its menu clicked when no
 * survey was asked, or a score a changed config no longer has: S-SURVEY-ANSWER) is `ignored`, not
 * thrown: a menu stays clickable, and a throw would stop every pull at that item.
 */
async function applied(options: WecomSyncOptions, conversation: string, event: EngineEvent, msgid: string): Promise<void> {
  try {
    await options.apply(conversation, event);
  } catch (e) {
    if (event.type !== "visitor.rated" || !(e instanceof AutoreplyError) || (e.code !== "EVENT_INVALID" && e.code !== "EVENT_OUT_OF_ORDER")) throw e;
    options.ignored?.(`msgid ${msgid}: a survey answer the conversation cannot take: ${e.message}`);
  }
}

/** Pulls what waits for `openKfId` from the kept cursor, with the callback's `token`; resolves with how many items it read. */
export async function syncWecomKf(options: WecomSyncOptions, token?: string): Promise<number> {
  const api = options.api ?? "https://qyapi.weixin.qq.com";
  const kept = "the cursor is kept, pull again";
  let read = 0;
  for (let page = 0; page < 10_000; page++) {
    const cursor = await options.cursors.get(options.openKfId);
    const body = { open_kfid: options.openKfId, limit: 1000, ...(cursor === undefined ? {} : { cursor }), ...(token === undefined ? {} : { token }) };
    const answer = (await call(options, "kf/sync_msg", `${api}/cgi-bin/kf/sync_msg?access_token=${encodeURIComponent(await options.accessToken())}`, body, kept)) as { errcode?: number; errmsg?: string; next_cursor?: string; has_more?: number; msg_list?: KfItem[] };
    if ((answer.errcode ?? 0) !== 0 || !Array.isArray(answer.msg_list)) throw new SendError("SEND_FAILED", `kf/sync_msg: errcode ${answer.errcode ?? "?"} ${answer.errmsg ?? ""}; ${kept}`, answer.errcode ?? null);
    for (const item of answer.msg_list) {
      read++;
      const got = kfEventOf(item);
      if ("ignored" in got) {
        options.ignored?.(got.ignored);
        continue;
      }
      if (got.code !== undefined) options.code?.(got.conversation, got.code.kind, got.code.value);
      if (got.event !== null) await applied(options, got.conversation, got.event, item.msgid);
    }
    // Every item of the page applied: only now does the cursor move past it.
    if (typeof answer.next_cursor === "string" && answer.next_cursor !== "") await options.cursors.set(options.openKfId, answer.next_cursor);
    if (answer.has_more !== 1) return read;
  }
  return read;
}
