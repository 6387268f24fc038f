/**
 * autoreply-engine/host: the host side, to run the engine for real. A runner that loads, decides,
 * saves with compare-and-set, schedules timers and sends through an outbox (docs/host.md), and the
 * in-memory store and scheduler. The runner reads no clock and touches no network itself: the store,
 * the scheduler and `send` are the host's.
 */
export { createRunner } from "./runner.js";
export type { MeterLike } from "./metrics.js";
export { openPush, pushSignature, sealPush, type PushKeys, type SealedPush } from "./push-crypto.js";
export { SendError, surveyAnswer, wechatSender, wecomSender, type Fetch, type Refusal, type SenderOptions } from "./senders.js";
export { kfEventOf, memoryCursors, redisCursors, syncWecomKf, type CursorStore, type KfItem, type WecomSyncOptions } from "./wecom-sync.js";
export { memoryScheduler, memoryStore, type MemoryScheduler } from "./memory.js";
export { redisScheduler, redisStore, type RedisEval, type RedisOptions, type RedisPipeline, type RedisSchedulerOptions, type RedisStoreOptions } from "./redis.js";
export type { DeadlineStage, DueTimer, EventLogLine, Handled, HandleOptions, LogEntry, Outgoing, Runner, RunnerOptions, Scheduler, SendFailure, Store, Stored } from "./types.js";
export { decideShadow, type Shadowed } from "../tools/diff/diff.js";
