// One worker process of scripts/soak-processes.ts: a runner on the shared Redis (the built package,
// so that a worker starts in milliseconds). It takes pushes from the parent over IPC, and "sends" a
// message by handing it to the parent, which plays the platform. The parent kills it with SIGKILL
// at random moments; it never cleans up.
//
// It lives no longer than its parent: when the IPC channel closes (the parent exited, however, even
// by SIGKILL), it exits at once. That is set up before anything is loaded, so that a worker still
// starting when its parent dies exits too.
process.on("disconnect", () => process.exit(0));
if (!process.connected) process.exit(0);

const [{ readFileSync }, { Redis }, { parse }, { compile }, { createRunner, redisScheduler, redisStore }] = await Promise.all([
  import("node:fs"),
  import("ioredis"),
  import("yaml"),
  import("autoreply-engine"),
  import("autoreply-engine/host"),
]);
if (!process.connected) process.exit(0);

/** Hands a message to the parent; resolves once it left (a closed channel: the disconnect handler exits). */
const tell = (message) => new Promise((resolve, reject) => process.send(message, (e) => (e ? reject(e) : resolve())));

const [port, configPath] = process.argv.slice(2);
const client = new Redis({ port: Number(port), host: "127.0.0.1" });
client.on("error", () => undefined); // a refused connection fails the step, which the parent pushes again
const engine = compile(parse(readFileSync(configPath, "utf8")));
const runner = createRunner({
  engine,
  store: redisStore(client, { prefix: "psoak:", timers: true }),
  scheduler: redisScheduler(client, { prefix: "psoak:" }),
  start: (conversation) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] }),
  // Resolves once the message left for the parent: a kill after this point has sent it.
  send: (m) => tell({ type: "send", m }),
});
process.on("message", (msg) => {
  runner.handle(msg.conversation, msg.event).then(
    () => tell({ type: "done", id: msg.id }),
    (e) => tell({ type: "failed", id: msg.id, error: String(e?.message ?? e) }),
  ).catch(() => undefined);
});
void tell({ type: "ready" }).catch(() => undefined);
