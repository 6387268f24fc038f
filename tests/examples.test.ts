import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../src/core/index.js";
import { memoryScheduler, memoryStore, redisScheduler, redisStore, sealPush, wechatSender, type Scheduler, type Store } from "../src/host/index.js";
import { fakePlatform } from "./platform-fake.js";
import { fakeWechatApi, type FakeApi } from "../examples/wechat/fake-api.js";
import { eventOf, parseXml, signature, wechatHandler, type HandlerLog, type HttpRequest } from "../examples/wechat/handler.js";
import { fetchHandler } from "../examples/fetch/handler.js";
import { checkRedis, hasRedis, startRedis } from "./redis.js";

const TOKEN = "push-token";
const ACCESS = "access-token";
const config = {
  agents: { zhangsan: { name: "张三" } },
  app: { replies: { opened: { messages: "您好" }, keyword: [{ match: { any: "价格" }, messages: "价格表见首页" }], received: { messages: "收到" } } },
};

const signed = (path: string, method = "POST", body = "", extra = ""): HttpRequest => {
  const timestamp = "1764662400";
  const nonce = "42";
  return { method, url: `${path}?signature=${signature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}${extra}`, body };
};
const xml = (fields: Record<string, string | number>) => `<xml>${Object.entries(fields).map(([k, v]) => `<${k}>${typeof v === "number" ? v : `<![CDATA[${v}]]>`}</${k}>`).join("")}</xml>`;
const text = (content: string, msgId: string, at = 1764662405, from = "o-1") => xml({ ToUserName: "gh", FromUserName: from, CreateTime: at, MsgType: "text", Content: content, MsgId: msgId });

checkRedis("tests/examples.test.ts", "the WeChat example on Redis is");

function suite(name: string, backend: () => { store: Store; scheduler: Scheduler }): void {
  describe(`examples/wechat: the push handler against a fake WeChat API on loopback, ${name}`, () => {
    let api: FakeApi;
    beforeAll(async () => {
      api = await fakeWechatApi(ACCESS);
    });
    afterAll(async () => {
      await api.close();
    });
    const setup = (extra: { deadline?: number } = {}) => {
      api.received.length = 0;
      api.failNext(0);
      api.delay(0);
      const logs: HandlerLog[] = [];
      const { store, scheduler } = backend();
      const handle = wechatHandler({ token: TOKEN, channel: "miniprogram", config, store, scheduler, api: api.url, accessToken: async () => ACCESS, online: () => ["zhangsan"], log: (e) => logs.push(e), ...extra });
      return { handle, logs };
    };

    it("answers the URL check with its echo, and refuses a bad signature", async () => {
      const { handle, logs } = setup();
      expect(await handle(signed("/wx", "GET", "", "&echostr=abc123"))).toMatchObject({ status: 200, body: "abc123" });
      const forged = { method: "POST", url: "/wx?signature=0000&timestamp=1&nonce=2", body: text("价格", "1") };
      expect(await handle(forged)).toMatchObject({ status: 401 });
      expect(api.received).toEqual([]);
      expect(logs).toEqual([{ event: "badSignature" }]);
    });

    it("sends the replies of an XML and of a JSON push through the send API, each message once, however often WeChat pushes it", async () => {
      const { handle } = setup();
      const enter = xml({ ToUserName: "gh", FromUserName: "o-1", CreateTime: 1764662400, MsgType: "event", Event: "user_enter_tempsession" });
      expect(await handle(signed("/wx", "POST", enter))).toMatchObject({ status: 200, body: "success" });
      // WeChat pushes a message again after 5 s without an answer, up to 3 times: one answer only.
      for (let i = 0; i < 3; i++) expect((await handle(signed("/wx", "POST", text("请问价格", "24000000000000001")))).body).toBe("success");
      const json = JSON.stringify({ ToUserName: "gh", FromUserName: "o-1", CreateTime: 1764662410, MsgType: "text", Content: "在吗", MsgId: 24000000000000002 });
      await handle(signed("/wx", "POST", json));
      expect(api.received).toEqual([
        { touser: "o-1", content: "您好" },
        { touser: "o-1", content: "价格表见首页" },
        { touser: "o-1", content: "收到" },
      ]);
    });

    it("W-EVENT-ID: sends nothing twice for an event WeChat pushes three times: a follow, a scan, a menu click (ids from FromUserName + CreateTime)", async () => {
      api.received.length = 0;
      api.failNext(0);
      api.delay(0);
      const { store, scheduler } = backend();
      // No dedupe and no cap per visitor message: only the event ids can keep a pushed-again event from sending twice.
      const official = { ...config, preset: "wechat2023" as const, channels: { official_account: { dedupe: null, perVisitorMessage: null } }, app: { replies: { ...config.app.replies, opened: { messages: "感谢关注" } } } };
      const handle = wechatHandler({ token: TOKEN, channel: "official_account", config: official, store, scheduler, api: api.url, accessToken: async () => ACCESS, online: () => ["zhangsan"] });
      const push = (fields: Record<string, string | number>) => signed("/wx", "POST", xml({ ToUserName: "gh", FromUserName: "o-7", MsgType: "event", ...fields }));
      const thrice = async (fields: Record<string, string | number>) => {
        for (let i = 0; i < 3; i++) expect((await handle(push(fields))).body).toBe("success");
      };
      await thrice({ CreateTime: 1764662400, Event: "subscribe", EventKey: "qrscene_1" });
      await thrice({ CreateTime: 1764663100, Event: "SCAN", EventKey: "1" });
      await thrice({ CreateTime: 1764663110, Event: "CLICK", EventKey: "faq" });
      expect(api.received).toEqual([
        { touser: "o-7", content: "感谢关注" },
        { touser: "o-7", content: "感谢关注" },
      ]);
      // The click sends nothing to see: the stored state remembers its id, so a fourth push is a redelivery.
      const stored = await store.load("official_account:o-7");
      const click = eventOf({ FromUserName: "o-7", CreateTime: 1764663110, MsgType: "event", Event: "CLICK", EventKey: "faq" });
      if (stored === undefined || "ignored" in click) throw new Error("no state, or no event");
      expect(compile(official).decide(stored.state, click).dropped).toEqual([expect.objectContaining({ reason: "redelivered" })]);
    });

    it("opens a push in safe mode (安全模式) and refuses one whose msg_signature or key is wrong, deciding nothing", async () => {
      api.received.length = 0;
      api.failNext(0);
      api.delay(0);
      const keys = { token: TOKEN, encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", receiveId: "wx-app" };
      const logs: HandlerLog[] = [];
      const { store, scheduler } = backend();
      const handle = wechatHandler({ token: TOKEN, encodingAesKey: keys.encodingAesKey, appId: keys.receiveId, channel: "miniprogram", config, store, scheduler, api: api.url, accessToken: async () => ACCESS, online: () => ["zhangsan"], log: (e) => logs.push(e) });
      const sealed = await sealPush(keys, text("请问价格", "901", 1764662400, "o-8"), { timestamp: "1764662400", nonce: "42" });
      const body = xml({ ToUserName: "gh", Encrypt: sealed.encrypt });
      const aes = (signature: string) => signed("/wx", "POST", body, `&encrypt_type=aes&msg_signature=${signature}`);
      expect(await handle(aes("0".repeat(40)))).toMatchObject({ status: 401 });
      expect(api.received).toEqual([]);
      expect(logs).toEqual([expect.objectContaining({ event: "badPush", error: expect.stringMatching(/msg_signature does not match/) })]);
      expect(await handle(aes(sealed.signature))).toMatchObject({ status: 200, body: "success" });
      expect(api.received).toEqual([{ touser: "o-8", content: "价格表见首页" }]);
      // A handler given no key refuses an encrypted push rather than read its outer fields.
      const keyless = wechatHandler({ token: TOKEN, channel: "miniprogram", config, store, scheduler, api: api.url, accessToken: async () => ACCESS, log: (e) => logs.push(e) });
      expect(await keyless(aes(sealed.signature))).toMatchObject({ status: 401 });
      expect(api.received).toHaveLength(1);
    });

    it("keeps a message the API could not take (busy) in the outbox, and sends it first with the next push", async () => {
      const { handle, logs } = setup();
      api.failNext(1);
      expect((await handle(signed("/wx", "POST", text("价格", "101", 1764662400, "o-2")))).body).toBe("success");
      expect(api.received).toEqual([]);
      expect(logs.find((l) => l.event === "sendFailed")).toMatchObject({ failure: { attempt: 1, code: "SEND_FAILED", errcode: -1 } });
      await handle(signed("/wx", "POST", text("在吗", "102", 1764662460, "o-2")));
      expect(api.received.map((m) => m.content)).toEqual(["价格表见首页", "收到"]);
    });

    it("drops a message the API refused for good (45047) and tells the engine the count is spent", async () => {
      const { handle, logs } = setup();
      api.failNext(1, 45_047);
      expect((await handle(signed("/wx", "POST", text("价格", "111", 1764662400, "o-5")))).body).toBe("success");
      expect(logs.find((l) => l.event === "sendRefused")).toMatchObject({ errcode: 45_047, refused: "quota" });
      // The visitor writes again: a new count; the refused message is not sent.
      await handle(signed("/wx", "POST", text("在吗", "112", 1764662460, "o-5")));
      expect(api.received.map((m) => m.content)).toEqual(["收到"]);
    });

    it("answers 503 within its deadline while a send is slow, so WeChat pushes again, and the message goes out once", async () => {
      const { handle, logs } = setup({ deadline: 100 });
      api.delay(400);
      const started = performance.now();
      expect(await handle(signed("/wx", "POST", text("价格", "201", 1764662400, "o-3")))).toMatchObject({ status: 503 });
      expect(performance.now() - started).toBeLessThan(390);
      expect(logs.find((l) => l.event === "deadline")).toMatchObject({ stage: "saved" });
      // WeChat's push again, once the send under way finished: a redelivery, and nothing more is sent.
      await new Promise((r) => setTimeout(r, 500));
      api.delay(0);
      expect(await handle(signed("/wx", "POST", text("价格", "201", 1764662400, "o-3")))).toMatchObject({ status: 200, body: "success" });
      expect(api.received.map((m) => m.content)).toEqual(["价格表见首页"]);
    });

    it("answers 503 when the store hangs past the deadline, and the push again is decided then", async () => {
      const { store, scheduler } = backend();
      // The store's load hangs until the outage ends (every promise settles before the test does).
      let release = (): void => undefined;
      const outage = new Promise<void>((resolve) => (release = resolve));
      const slow: Store = { ...store, load: async (c) => (await outage, store.load(c)) };
      const logs: HandlerLog[] = [];
      api.received.length = 0;
      api.delay(0);
      const handle = wechatHandler({ token: TOKEN, channel: "miniprogram", config, store: slow, scheduler, api: api.url, accessToken: async () => ACCESS, online: () => ["zhangsan"], log: (e) => logs.push(e), deadline: 50 });
      expect(await handle(signed("/wx", "POST", text("价格", "501", 1764662400, "o-6")))).toMatchObject({ status: 503 });
      expect(logs.find((l) => l.event === "deadline")).toMatchObject({ stage: "loading" });
      expect(api.received).toEqual([]);
      release();
      expect(await handle(signed("/wx", "POST", text("价格", "501", 1764662400, "o-6")))).toMatchObject({ status: 200, body: "success" });
      expect(api.received.map((m) => m.content)).toEqual(["价格表见首页"]);
    });

    it("answers success to a push it does not take, and says why in the log", async () => {
      const { handle, logs } = setup();
      const unknown = xml({ ToUserName: "gh", FromUserName: "o-4", CreateTime: 1764662400, MsgType: "hologram", MsgId: "301" });
      expect((await handle(signed("/wx", "POST", unknown))).body).toBe("success");
      expect(await handle(signed("/wx", "POST", "not a push"))).toMatchObject({ status: 400 });
      expect(api.received).toEqual([]);
      expect(logs.map((l) => l.event)).toEqual(["ignored", "badBody"]);
    });

    it("answers success to a push the engine refuses, which a retry would not help (a time before the last)", async () => {
      const { handle, logs } = setup();
      await handle(signed("/wx", "POST", text("在吗", "401", 1764662500, "o-5")));
      expect((await handle(signed("/wx", "POST", text("早一点的", "402", 1764662400, "o-5")))).body).toBe("success");
      expect(logs.find((l) => l.event === "refused")).toMatchObject({ code: "TIME_BACKWARDS" });
    });
  });
}

suite("on the memory store", () => ({ store: memoryStore(), scheduler: memoryScheduler() }));

describe.skipIf(!hasRedis)("on a real Redis", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });
  suite("on a real Redis", () => {
    n++;
    return { store: redisStore(redis.client, { prefix: `ex${n}:` }), scheduler: redisScheduler(redis.client, { prefix: `ex${n}:` }) };
  });

  it("answers 503 when Redis is down, so that WeChat pushes again, and nothing is sent", async () => {
    const api = await fakeWechatApi(ACCESS);
    const { Redis } = await import("ioredis");
    const down = new Redis({ port: 1, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    down.on("error", () => undefined); // the refused connection is the point
    const logs: HandlerLog[] = [];
    const handle = wechatHandler({ token: TOKEN, channel: "miniprogram", config, store: redisStore(down), api: api.url, accessToken: async () => ACCESS, log: (e) => logs.push(e) });
    expect(await handle(signed("/wx", "POST", text("价格", "501")))).toMatchObject({ status: 503 });
    expect(logs.map((l) => l.event)).toEqual(["storeFailed"]);
    expect(api.received).toEqual([]);
    down.disconnect();
    await api.close();
  });
});

describe("examples/wechat: reading pushes", () => {
  it("maps each push to its event: text, media, entering the chat, a follow, a scan, a menu click, unsubscribing; others are left out", () => {
    const base = { FromUserName: "o", CreateTime: "1764662400" };
    expect(eventOf({ ...base, MsgType: "text", Content: "你好", MsgId: "9" })).toEqual({ type: "visitor.message", at: 1764662400000, text: "你好", id: "9" });
    expect(eventOf({ ...base, MsgType: "image", MsgId: "10" })).toEqual({ type: "visitor.message", at: 1764662400000, text: "", id: "10" });
    expect(eventOf({ ...base, MsgType: "event", Event: "user_enter_tempsession" })).toMatchObject({ type: "visitor.opened" });
    expect(eventOf({ ...base, MsgType: "event", Event: "CLICK", EventKey: "faq" })).toMatchObject({ type: "visitor.menu", key: "faq" });
    expect(eventOf({ ...base, MsgType: "event", Event: "unsubscribe" })).toMatchObject({ type: "visitor.unsubscribed" });
    expect(eventOf({ ...base, MsgType: "event", Event: "subscribe" })).toEqual({ type: "visitor.opened", at: 1764662400000, id: "o:1764662400000:subscribe" });
    expect(eventOf({ ...base, MsgType: "event", Event: "SCAN", EventKey: "7" })).toEqual({ type: "visitor.opened", at: 1764662400000, id: "o:1764662400000:scan" });
    expect(eventOf({ ...base, MsgType: "event", Event: "scancode_waitmsg", EventKey: "scan" })).toMatchObject({ type: "visitor.menu", key: "scan" });
    expect(eventOf({ ...base, MsgType: "event", Event: "VIEW", EventKey: "https://example.com" })).toEqual({ ignored: "event VIEW" });
    expect(eventOf({ MsgType: "text" })).toEqual({ ignored: "no CreateTime" });
  });

  it("reads CDATA and plain values, and refuses what is not a push", () => {
    expect(parseXml("<xml><A><![CDATA[<b>&x]]></A><B>12</B></xml>")).toEqual({ A: "<b>&x", B: "12" });
    expect(() => parseXml("<html></html>")).toThrow(/not a WeChat XML push/);
  });
});

describe("examples/fetch: a Web-standard fetch handler", () => {
  it("takes an event as JSON and answers with what was sent; refuses bad JSON and bad events with 400", async () => {
    const handler = fetchHandler({ config, store: memoryStore(), scheduler: memoryScheduler(), start: (conversation) => ({ conversation, channel: "web", online: ["zhangsan"] }) });
    const post = (body: string) => handler.fetch(new Request("http://x/events", { method: "POST", body, headers: { "content-type": "application/json" } }));
    const ok = await post(JSON.stringify({ conversation: "c1", event: { type: "visitor.message", at: 0, text: "价格" } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sent: [{ kind: "keyword", text: "价格表见首页" }], timers: [] });
    expect((await post("{")).status).toBe(400);
    const bad = await post(JSON.stringify({ conversation: "c1", event: { type: "visitor.message", at: -5, text: "x" } }));
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, "EVENT_INVALID"]);
    expect((await handler.fetch(new Request("http://x/nope"))).status).toBe(404);
  });

  it("sends through a platform's sender when given one (wechatSender against a fake of WeChat's API on loopback)", async () => {
    const api = await fakePlatform();
    try {
      const send = wechatSender({ api: api.url, appId: "wx1", secret: "s", touser: (m) => m.conversation });
      const handler = fetchHandler({ config, store: memoryStore(), send, start: (conversation) => ({ conversation, channel: "web", online: ["zhangsan"] }) });
      const ok = await handler.fetch(new Request("http://x/events", { method: "POST", body: JSON.stringify({ conversation: "o-1", event: { type: "visitor.message", at: 0, text: "价格" } }) }));
      expect(await ok.json()).toMatchObject({ sent: [{ text: "价格表见首页" }] });
      expect(api.sent).toEqual([{ path: "/cgi-bin/message/custom/send", body: { touser: "o-1", msgtype: "text", text: { content: "价格表见首页" } } }]);
    } finally {
      await api.close();
    }
  });

  it("feeds due timers back on /tick", async () => {
    const handler = fetchHandler({ config: { ...config, app: { replies: { agentSilent: { after: "1m", messages: "稍等" } } } }, store: memoryStore(), scheduler: memoryScheduler(), start: (conversation) => ({ conversation, channel: "web", online: ["zhangsan"] }) });
    await handler.fetch(new Request("http://x/events", { method: "POST", body: JSON.stringify({ conversation: "c", event: { type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhangsan" } } }) }));
    const tick = await handler.fetch(new Request("http://x/tick", { method: "POST", body: JSON.stringify({ now: 60_000 }) }));
    expect(await tick.json()).toEqual({ fired: 1 });
  });
});
