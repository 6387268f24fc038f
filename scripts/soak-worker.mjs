// One worker process of scripts/soak-processes.ts: a runner on the shared Redis (the built package,
// so that a worker starts in milliseconds). It takes pushes from the parent over IPC, and "sends" a
// message by handing it to the parent, which plays the platform. The parent kills it with SIGKILL
// at random moments; it never cleans up.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { parse } from "yaml";
import { compile } from "autoreply-engine";
import { createRunner, redisScheduler, redisStore } from "autoreply-engine/host";

const [port, configPath] = process.argv.slice(2);
const client = new Redis({ port: Number(port), host: "127.0.0.1" });
const engine = compile(parse(readFileSync(configPath, "utf8")));
const runner = createRunner({
  engine,
  store: redisStore(client, { prefix: "psoak:", timers: true }),
  scheduler: redisScheduler(client, { prefix: "psoak:" }),
  start: (conversation) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] }),
  // Resolves once the message left for the parent: a kill after this point has sent it.
  send: (m) => new Promise((resolve, reject) => process.send({ type: "send", m }, (e) => (e ? reject(e) : resolve()))),
});
process.on("message", (msg) => {
  runner.handle(msg.conversation, msg.event).then(
    () => process.send({ type: "done", id: msg.id }),
    (e) => process.send({ type: "failed", id: msg.id, error: String(e?.message ?? e) }),
  );
});
process.send({ type: "ready" });
