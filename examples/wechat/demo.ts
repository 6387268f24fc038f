/**
 * The WeChat example end to end, on this machine only: a fake of WeChat's send API and the handler
 * on loopback ports, and three signed pushes as WeChat sends them (the visitor enters the chat,
 * writes, and WeChat pushes the message again). Prints what the fake API received: the welcome and
 * the replies, each once. `npm run example` (examples/README.md). With REDIS_URL set, the state,
 * the outbox and the timers live in that Redis instead of memory.
 */
import { Redis } from "ioredis";
import { memoryScheduler, memoryStore, redisScheduler, redisStore } from "autoreply-engine/host";
import { fakeWechatApi } from "./fake-api.js";
import { signature, wechatHandler } from "./handler.js";
import { serve } from "./node.js";

const TOKEN = "demo-push-token";
const ACCESS = "demo-access-token";
const api = await fakeWechatApi(ACCESS);
const redis = process.env["REDIS_URL"] === undefined ? undefined : new Redis(process.env["REDIS_URL"]);
const handler = wechatHandler({
  token: TOKEN,
  channel: "miniprogram",
  api: api.url,
  accessToken: async () => ACCESS,
  online: () => ["zhangsan"],
  store: redis === undefined ? memoryStore() : redisStore(redis, { prefix: "demo:" }),
  scheduler: redis === undefined ? memoryScheduler() : redisScheduler(redis, { prefix: "demo:" }),
  log: (entry) => console.log("log", JSON.stringify(entry)),
  config: {
    agents: { zhangsan: { name: "张三" } },
    app: {
      replies: {
        opened: { messages: "您好,有什么可以帮您?" },
        keyword: [{ match: { any: ["价格", "报价"] }, messages: "价格表见小程序首页「产品报价」" }],
        received: { messages: "收到,客服马上回复您" },
      },
    },
  },
});
const { server, url } = await serve(handler);

const push = async (xml: string) => {
  const timestamp = "1764662400";
  const nonce = String(Math.floor(Math.random() * 1e9));
  const response = await fetch(`${url}/wechat?signature=${signature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: "POST", body: xml });
  return `${response.status} ${await response.text()}`;
};
const xml = (fields: Record<string, string | number>) => `<xml>${Object.entries(fields).map(([k, v]) => `<${k}>${typeof v === "number" || /^\d+$/.test(v) ? v : `<![CDATA[${v}]]>`}</${k}>`).join("")}</xml>`;
const visitor = { ToUserName: "gh_demo", FromUserName: "o-visitor-1" };

console.log("push: enter the chat →", await push(xml({ ...visitor, CreateTime: 1764662400, MsgType: "event", Event: "user_enter_tempsession" })));
console.log("push: 请问价格 →", await push(xml({ ...visitor, CreateTime: 1764662405, MsgType: "text", Content: "请问价格", MsgId: "24000000000000001" })));
console.log("push: the same message again (WeChat's retry) →", await push(xml({ ...visitor, CreateTime: 1764662405, MsgType: "text", Content: "请问价格", MsgId: "24000000000000001" })));
console.log("\nWeChat's send API received:");
for (const m of api.received) console.log(`  to ${m.touser}: ${m.content}`);
server.close();
await api.close();
await redis?.quit();
if (api.received.length !== 2) {
  console.error(`expected 2 messages (the welcome and the keyword reply), got ${api.received.length}`);
  process.exitCode = 1;
}
