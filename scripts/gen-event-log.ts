/**
 * Writes spec/diff/events.jsonl: 40 synthetic conversations on the seed 003 config, run through the
 * host kit's runner (memory store and scheduler) with `record`, so the file is exactly what a host
 * writes. `node --import tsx scripts/gen-event-log.ts`; tests/diff.test.ts replays it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig, type EngineEvent } from "../src/core/index.js";
import { createRunner, memoryScheduler, memoryStore } from "../src/host/index.js";
import { seeded } from "../src/host/soak.js";

const ROOT = join(import.meta.dirname, "..");
const engine = compile(parseConfig(readDocument(join(ROOT, "spec", "seed-003.config.yaml"))));
const lines: string[] = [];
const scheduler = memoryScheduler();
const runner = createRunner({ engine, store: memoryStore(), scheduler, send: async () => {}, start: (conversation) => ({ conversation, channel: "web", visitor: { nickname: "小明" }, online: ["zhangsan"] }), record: (line) => void lines.push(line) });
const next = seeded(16);
const TEXTS = ["你好", "在吗", "价格表发我一下", "有产品报价吗", "怎么退货", "谢谢"];
let now = Date.UTC(2026, 10, 2, 1);
for (let c = 1; c <= 40; c++) {
  const id = `conv-${String(c).padStart(2, "0")}`;
  const events: EngineEvent[] = [{ type: "visitor.opened", at: now }];
  const messages = 1 + Math.floor(next() * 4);
  for (let m = 0; m < messages; m++) {
    now += 30_000 + Math.floor(next() * 120_000);
    const text = TEXTS[Math.floor(next() * TEXTS.length)] as string;
    events.push(m === 0 ? { type: "visitor.message", at: now, text, route: next() < 0.5 ? { agent: "zhangsan" } : { queue: 1 + Math.floor(next() * 5) } } : { type: "visitor.message", at: now, text });
  }
  for (const e of events) {
    await runner.tick(e.at);
    await runner.handle(id, e);
  }
  now += 60_000;
}
await runner.tick(now + 3_600_000);
writeFileSync(join(ROOT, "spec", "diff", "events.jsonl"), lines.join("\n") + "\n");
console.log(`wrote spec/diff/events.jsonl: ${lines.length} events`);
