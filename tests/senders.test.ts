import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AutoreplyError, compile, type EngineEvent } from "../src/core/index.js";
import { createRunner, kfEventOf, surveyAnswer, memoryCursors, memoryStore, redisCursors, SendError, syncWecomKf, wechatSender, wecomSender, type LogEntry, type Outgoing } from "../src/host/index.js";
import { fakePlatform, type FakePlatform } from "./platform-fake.js";
import { checkRedis, hasRedis, startRedis } from "./redis.js";

checkRedis("tests/senders.test.ts", "redisCursors is");

const message = (text: string, extra: Partial<Outgoing> = {}): Outgoing => ({ key: `c/e/1/${text}`, conversation: "official_account:o-1", channel: "official_account", kind: "received", rule: "r", text, ...extra });
const touser = (m: Outgoing) => m.conversation.split(":")[1] ?? "";

/** What a send rejected with: its code, errcode and refusal, or "sent". */
const outcome = (p: Promise<void>) =>
  p.then(
    () => "sent",
    (e: unknown) => (e instanceof SendError ? `${e.code} ${e.errcode ?? "-"} ${e.refused ?? "-"}` : String(e)),
  );

/** Starts the fake of the platforms' APIs before a describe block's tests and closes it after them. */
function withFakePlatform(started: (api: FakePlatform) => void): void {
  let api: FakePlatform | undefined;
  beforeAll(async () => started((api = await fakePlatform())));
  afterAll(async () => {
    await api?.close();
  });
}

describe("wechatSender and wecomSender against a fake of the platforms' APIs on loopback", () => {
  let api!: FakePlatform;
  withFakePlatform((started) => (api = started));
  const reset = () => {
    api.sent.length = 0;
    api.tokenRequests.length = 0;
    api.hang(null);
    api.tokenAnswer(null);
  };

  it("fetches the access token once for concurrent sends, keeps it, and fetches it again once when the platform says it expired", async () => {
    reset();
    let now = 0;
    const send = wechatSender({ api: api.url, appId: "wx1", secret: "s", touser, now: () => now });
    await Promise.all(["一", "二", "三", "四", "五"].map((t) => send(message(t))));
    expect(api.tokenRequests).toEqual(["/cgi-bin/token"]);
    expect(api.sent.map((s) => s.body)).toContainEqual({ touser: "o-1", msgtype: "text", text: { content: "三" } });
    api.expire();
    expect(await outcome(send(message("六")))).toBe("sent");
    expect(api.tokenRequests).toHaveLength(2);
    // Shortly before its 7200 s are up, the token is fetched again without asking the platform first.
    now = 6_950_000;
    await send(message("七"));
    expect(api.tokenRequests).toHaveLength(3);
    expect(api.sent).toHaveLength(7);
  });

  it("takes the token from the host's token service when given one, and asks it again once, with the refused token, when the platform says it expired", async () => {
    reset();
    const fresh = async () => ((await (await fetch(`${api.url}/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s`)).json()) as { access_token: string }).access_token;
    // A token service: it keeps one token, and replaces it when told that the platform refused it.
    let token = await fresh();
    const asked: (string | undefined)[] = [];
    const service = async (refused?: string) => {
      asked.push(refused);
      if (refused === token) token = await fresh();
      return token;
    };
    api.tokenRequests.length = 0;
    const send = wechatSender({ api: api.url, touser, accessToken: service });
    expect(await outcome(send(message("一")))).toBe("sent");
    const first = token;
    api.expire();
    expect(await outcome(send(message("二")))).toBe("sent");
    expect(asked).toEqual([undefined, undefined, first]);
    // The sender fetched no token of its own: the one request is the service's.
    expect(api.tokenRequests).toEqual(["/cgi-bin/token"]);
  });

  it("SendError is an AutoreplyError, and no other AutoreplyError is a SendError", () => {
    const refused = new SendError("SEND_REFUSED", "x", 45015, "window");
    expect(refused instanceof AutoreplyError).toBe(true);
    expect(new AutoreplyError("DEADLINE", "late") instanceof SendError).toBe(false);
  });

  it("does not try again what the platform refuses for good (45015, 45047), and says it for the engine", async () => {
    reset();
    const send = wechatSender({ api: api.url, appId: "wx1", secret: "s", touser });
    api.answerNext(45015);
    expect(await outcome(send(message("a")))).toBe("SEND_REFUSED 45015 window");
    api.answerNext(45047);
    expect(await outcome(send(message("b")))).toBe("SEND_REFUSED 45047 quota");
    api.answerNext(48001);
    expect(await outcome(send(message("d")))).toBe("SEND_FAILED 48001 -");
    expect(api.sent).toEqual([]);
    // An expired token twice in a row is not fetched again forever.
    api.answerNext(42001, 42001);
    expect(await outcome(send(message("e")))).toBe("SEND_FAILED 42001 -");
  });

  it("backs off on the API's rate limit (45009) and when busy (-1): tried again after each pause, then SEND_FAILED", async () => {
    reset();
    const send = wechatSender({ api: api.url, appId: "wx1", secret: "s", touser, backoff: [30, 60] });
    api.answerNext(45009, -1);
    const started = performance.now();
    expect(await outcome(send(message("a")))).toBe("sent");
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
    expect(api.sent).toHaveLength(1);
    api.answerNext(45009, 45009, 45009);
    await expect(send(message("b"))).rejects.toThrow(/errcode 45009 .*tried 3 times\); the message stays in the outbox/);
    api.answerNext(45009);
    expect(await outcome(wechatSender({ api: api.url, appId: "wx1", secret: "s", touser, backoff: [] })(message("c")))).toBe("SEND_FAILED 45009 -");
    expect(api.sent).toHaveLength(1);
  });

  it("bounds a token endpoint that hangs or answers garbage by its deadline, as SEND_FAILED", async () => {
    reset();
    api.hang("/cgi-bin/token");
    const started = performance.now();
    expect(await outcome(wechatSender({ api: api.url, appId: "wx1", secret: "s", touser, timeout: 200 })(message("a")))).toBe("SEND_FAILED - -");
    expect(performance.now() - started).toBeLessThan(2000);
    api.hang(null);
    api.tokenAnswer("<html>busy</html>");
    expect(await outcome(wechatSender({ api: api.url, appId: "wx1", secret: "s", touser })(message("a")))).toBe("SEND_FAILED - -");
    api.tokenAnswer('{"errcode":40013,"errmsg":"invalid appid"}');
    await expect(wechatSender({ api: api.url, appId: "wx1", secret: "s", touser })(message("a"))).rejects.toThrow(/no access_token.*40013.*check the app's id and secret/);
  });

  it("sends a survey's buttons as a menu message: on WeCom's end code, and to a service account; a mini program gets the labels in the text", async () => {
    reset();
    const buttons = [{ text: "满意", answer: 1 }, { text: "不满意", answer: 2 }];
    const survey = message("请评价", { kind: "survey", buttons });
    const wecom = wecomSender({ api: api.url, corpId: "ww1", secret: "s", openKfId: "wk1", touser, code: () => "END-1" });
    await wecom({ ...survey, code: "end" });
    const wechat = wechatSender({ api: api.url, appId: "wx1", secret: "s", touser });
    await wechat(survey);
    await wechat({ ...survey, channel: "miniprogram" });
    // A prompt's buttons are the web page's to show: text.
    await wechat(message("要报价吗", { kind: "prompt", buttons: [{ text: "要", key: "quote" }] }));
    expect(api.sent.map((s) => s.body)).toEqual([
      { code: "END-1", msgtype: "msgmenu", msgmenu: { head_content: "请评价", list: [{ type: "click", click: { id: "survey:1", content: "满意" } }, { type: "click", click: { id: "survey:2", content: "不满意" } }] } },
      { touser: "o-1", msgtype: "msgmenu", msgmenu: { head_content: "请评价", list: [{ id: "9001", content: "满意" }, { id: "9002", content: "不满意" }] } },
      { touser: "o-1", msgtype: "text", text: { content: "请评价\n满意 / 不满意" } },
      { touser: "o-1", msgtype: "text", text: { content: "要报价吗" } },
    ]);
  });

  it("wecomSender sends through send_msg, or on the event code the reply names", async () => {
    reset();
    const codes: Record<string, string> = { welcome: "WELCOME-CODE-1" };
    const send = wecomSender({ api: api.url, corpId: "ww1", secret: "s", openKfId: "wk1", touser, code: (m) => (m.code === undefined ? undefined : codes[m.code]) });
    await send(message("你好"));
    await send(message("欢迎", { kind: "opened", code: "welcome" }));
    expect(api.tokenRequests).toEqual(["/cgi-bin/gettoken"]);
    expect(api.sent).toEqual([
      { path: "/cgi-bin/kf/send_msg", body: { touser: "o-1", open_kfid: "wk1", msgtype: "text", text: { content: "你好" } } },
      { path: "/cgi-bin/kf/send_msg_on_event", body: { code: "WELCOME-CODE-1", msgtype: "text", text: { content: "欢迎" } } },
    ]);
    // No code for it: the message cannot go, and nothing is over for the engine.
    expect(await outcome(send(message("结束", { kind: "manualEnd", code: "end" })))).toBe("SEND_REFUSED - -");
    api.answerNext(95018);
    expect(await outcome(send(message("在吗")))).toBe("SEND_REFUSED 95018 window");
  });

  it("the runner takes a refused message out of the outbox and tells the engine, so the next decisions send nothing the platform refuses", async () => {
    reset();
    const engine = compile({ preset: "wechat2023", channels: { miniprogram: { dedupe: null } }, agents: { zhangsan: {} }, app: { replies: { received: { messages: "收到" }, queued: { interval: "0s", messages: "排队中" } } } });
    const store = memoryStore();
    const logs: LogEntry[] = [];
    const runner = createRunner({ engine, store, log: (e) => logs.push(e), send: wechatSender({ api: api.url, appId: "wx1", secret: "s", touser }), start: (conversation) => ({ conversation, channel: "miniprogram", online: ["zhangsan"] }) });
    api.answerNext(45015);
    const handled = await runner.handle("miniprogram:o-9", { type: "visitor.message", at: 1000, text: "在吗", route: { queue: 2 } });
    // The platform refused the first message (the fake refuses one send); the second went out.
    expect(handled.pending).toEqual([]);
    expect(logs.filter((l) => l.event === "sendRefused")).toEqual([expect.objectContaining({ errcode: 45015, refused: "window" })]);
    const stored = await store.load("miniprogram:o-9");
    expect(stored?.outbox).toEqual([]);
    expect(stored?.state.quotaLimit).toBe(0);
    // A visitor message later opens the window again: replies go out.
    const next = await runner.handle("miniprogram:o-9", { type: "visitor.message", at: 5000, text: "还在吗" });
    expect(next.decision.replies.map((r) => r.kind)).toEqual(["received", "queued"]);
    expect(api.sent.map((s) => (s.body["text"] as { content: string }).content)).toEqual(["排队中", "收到", "排队中"]);
  });
});

describe("syncWecomKf: WeCom's callbacks pulled with kf/sync_msg, from a kept cursor", () => {
  let api!: FakePlatform;
  withFakePlatform((started) => (api = started));

  const text = (msgid: string, user: string, content: string, at: number) => ({ msgid, open_kfid: "wk1", external_userid: user, send_time: at, origin: 3, msgtype: "text", text: { content } });

  it("maps the customer's messages, an agent's, and entering the session; keeps the codes for the sender", () => {
    expect(kfEventOf(text("m1", "u1", "在吗", 100))).toEqual({ conversation: "wecom:u1", event: { type: "visitor.message", at: 100_000, id: "m1", text: "在吗" } });
    expect(kfEventOf({ msgid: "m2", external_userid: "u1", send_time: 101, origin: 5, msgtype: "text", text: { content: "您好" } })).toEqual({ conversation: "wecom:u1", event: { type: "agent.message", at: 101_000, id: "m2" } });
    expect(kfEventOf({ msgid: "m3", send_time: 102, origin: 4, msgtype: "event", event: { event_type: "enter_session", external_userid: "u2", welcome_code: "W1" } })).toEqual({ conversation: "wecom:u2", event: { type: "visitor.opened", at: 102_000, id: "m3" }, code: { kind: "welcome", value: "W1" } });
    expect(kfEventOf({ msgid: "m4", send_time: 103, origin: 4, msgtype: "event", event: { event_type: "session_status_change", external_userid: "u2", change_type: 3, msg_code: "E1" } })).toEqual({ conversation: "wecom:u2", event: null, code: { kind: "end", value: "E1" } });
    expect(kfEventOf({ msgid: "m5", send_time: 104, origin: 4, msgtype: "event", event: { event_type: "msg_send_fail", external_userid: "u2" } })).toEqual({ ignored: "msgid m5: event msg_send_fail" });
    // A click on the survey's menu is its answer; another menu's click stays a message.
    expect(kfEventOf({ ...text("m6", "u1", "满意", 105), text: { content: "满意", menu_id: "survey:1" } })).toEqual({ conversation: "wecom:u1", event: { type: "visitor.rated", at: 105_000, id: "m6", score: 1 } });
    expect(kfEventOf({ ...text("m7", "u1", "报价", 106), text: { content: "报价", menu_id: "quote" } })).toEqual({ conversation: "wecom:u1", event: { type: "visitor.message", at: 106_000, id: "m7", text: "报价" } });
    expect([surveyAnswer("survey:100", 1), surveyAnswer("survey:x", 1), surveyAnswer("survey:0", 1), surveyAnswer("9000", 1), surveyAnswer("901", 1), surveyAnswer(undefined, 1)]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    // A service account's menu ids (bizmsgmenuid) as wechatSender writes them.
    expect(surveyAnswer("9010", 7, "m8")).toEqual({ type: "visitor.rated", at: 7, score: 10, id: "m8" });
  });

  it("reads every page, keeps the cursor only after a page is applied, and after a crash reads it again without applying anything twice", async () => {
    api.kf.items = Array.from({ length: 7 }, (_, i) => text(`msg-${i}`, `u${i % 2}`, i % 3 === 0 ? "价格" : "在吗", 1_764_662_400 + i * 10));
    api.kf.page = 3;
    // With the smart assistant (robot), where WeCom's send_msg answers; no dedupe, so that each price question is answered.
    const engine = compile({ preset: "wechat2023", switches: { robot: true }, channels: { wecom: { dedupe: null } }, agents: { zhangsan: {} }, app: { replies: { keyword: [{ match: { any: "价格" }, messages: "价格表见首页" }] } } });
    const store = memoryStore();
    const sent: string[] = [];
    const runner = createRunner({ engine, store, send: async (m) => void sent.push(`${m.conversation} ${m.text}`), start: (conversation) => ({ conversation, channel: "wecom", online: ["zhangsan"] }) });
    const cursors = memoryCursors();
    let crashAt = "msg-4";
    const applied = new Set<string>();
    const options = {
      openKfId: "wk1",
      cursors,
      api: api.url,
      // A token the fake gave (the sync checks it as the sends do).
      accessToken: async () => ((await (await fetch(`${api.url}/cgi-bin/gettoken?corpid=ww1&corpsecret=s`)).json()) as { access_token: string }).access_token,
      apply: async (conversation: string, event: EngineEvent) => {
        await runner.handle(conversation, event);
        applied.add(event.id ?? "");
        if (event.id === crashAt) throw new Error("the worker died");
      },
    };
    await expect(syncWecomKf(options, "callback-token")).rejects.toThrow("the worker died");
    // The first page was applied and its cursor kept; the second was not, though msg-3 and msg-4 were applied.
    expect(await cursors.get("wk1")).toBe("3");
    expect(api.kf.requests.map((r) => [r["cursor"], r["token"]])).toEqual([[undefined, "callback-token"], ["3", "callback-token"]]);
    crashAt = "";
    expect(await syncWecomKf(options)).toBe(4);
    expect(await cursors.get("wk1")).toBe("7");
    expect(applied.size).toBe(7);
    // Each keyword message answered once, the ones read twice included.
    expect(sent.sort()).toEqual(["wecom:u0 价格表见首页", "wecom:u0 价格表见首页", "wecom:u1 价格表见首页"]);
    expect(await syncWecomKf(options)).toBe(0);
    // A token the platform refuses: the pull fails, saying so, and the cursor stays where it was.
    await expect(syncWecomKf({ ...options, accessToken: async () => "stale" })).rejects.toThrow(/kf\/sync_msg: errcode 40001 .*the cursor is kept, pull again/);
    expect(await cursors.get("wk1")).toBe("7");
  });
});

describe("syncWecomKf and a survey's menu", () => {
  let api!: FakePlatform;
  withFakePlatform((started) => (api = started));

  it("applies a click on the survey's menu as its answer; one the conversation cannot take is ignored, not a stop of the pull", async () => {
    const click = (msgid: string, user: string, n: number, at: number) => ({ msgid, open_kfid: "wk1", external_userid: user, send_time: at, origin: 3, msgtype: "text", text: { content: "满意", menu_id: `survey:${n}` } });
    const engine = compile({ agents: { a: {} }, app: { replies: { survey: { messages: "请评价", scale: 3, thanks: "谢谢" } } } });
    const runner = createRunner({ engine, store: memoryStore(), send: async () => undefined, start: (conversation) => ({ conversation, channel: "web", online: ["a"] }) });
    await runner.handle("wecom:u1", { type: "visitor.message", at: 1_000, text: "你好", route: { agent: "a" } });
    await runner.handle("wecom:u1", { type: "agent.ended", at: 2_000 });
    // u1 answers twice (the second sends nothing), u2 was never asked, and u1's score 9 is not a button.
    api.kf.items = [click("k1", "u1", 2, 10), click("k2", "u1", 3, 11), click("k3", "u2", 1, 12), click("k4", "u1", 9, 13)];
    api.kf.page = 10;
    const effects: unknown[] = [];
    const ignored: string[] = [];
    const cursors = memoryCursors();
    const read = await syncWecomKf({
      openKfId: "wk1",
      cursors,
      api: api.url,
      accessToken: async () => ((await (await fetch(`${api.url}/cgi-bin/gettoken?corpid=ww1&corpsecret=s`)).json()) as { access_token: string }).access_token,
      apply: async (conversation, event) => void effects.push(...(await runner.handle(conversation, event)).decision.effects),
      ignored: (why) => void ignored.push(why),
    });
    expect(read).toBe(4);
    expect(await cursors.get("wk1")).toBe("4");
    expect(effects).toEqual([expect.objectContaining({ type: "survey", score: 2, of: 3 })]);
    expect(ignored).toEqual([expect.stringMatching(/^msgid k3: a survey answer the conversation cannot take: .*not asked the survey/), expect.stringMatching(/^msgid k4: a survey answer the conversation cannot take: .*from 1 to 3/)]);
  });
});

describe.skipIf(!hasRedis)("redisCursors on a real redis-server", () => {
  it("keeps each account's cursor, and none before the first pull", async () => {
    const redis = await startRedis();
    try {
      const cursors = redisCursors(redis.client, { prefix: "t:" });
      expect(await cursors.get("wk1")).toBeUndefined();
      await cursors.set("wk1", "4gw7MepFLfgF2VC5npN");
      await cursors.set("wk2", "x");
      expect([await cursors.get("wk1"), await cursors.get("wk2")]).toEqual(["4gw7MepFLfgF2VC5npN", "x"]);
    } finally {
      await redis.stop();
    }
  }, 30_000);
});
