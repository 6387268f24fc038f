import type { CompiledQueueRule, CompiledReply } from "../config/compiled.js";
import { keywordApplies } from "../config/layers.js";
import { clipText } from "../model/limits.js";
import { formatDuration } from "../config/duration.js";
import { TIMER_NAMES, type EngineEvent, type TimerName } from "../model/types.js";
import { listOf } from "./placement.js";
import { countUnanswered } from "./unanswered.js";
import { countRepeats } from "./repeated.js";
import { alertWords } from "./alerts.js";
import { transferEffect } from "./transfer.js";
import { tagAndRoute } from "./tags.js";
import { checkConditions } from "./conditions.js";
import { urgent } from "./urgent.js";
import { offerPrompts } from "./prompts.js";
import type { Kind, Step } from "./step.js";

/**
 * Step 3 of the pipeline: the candidate replies the event triggers, resolved through the layers
 * (agent > group > channel > app, L-ORDER). A trigger only says which replies this event and this
 * move call for; whether each goes out is for the policy chain. What is not triggered at all is
 * said in the trace (and, for a configured reply that a seed 003 rule rules out here, in `dropped`).
 *
 * | event | candidates |
 * | --- | --- |
 * | visitor.opened | opened (OPENED) |
 * | visitor.message | keyword (K-MATCH), received (R-SERVING), the placement reply: accepted (A-ENTER), offline (O-WHEN), dnd in place of queued (D-REPLY), queued (Q-RULES); unanswered, and its alert (E-UNANSWERED); repeated, its mute and transfer (E-REPEATED); urgent and upset, their alerts and the upset mute (E-URGENT, E-UPSET); tag and route effects (G-TAG, G-TAG-COUNT, G-ROUTE); the alerts of combined conditions (E-CONDITION); agentSilent to arm (A-SILENT); a transfer effect for an urgent message (D-URGENT, D-OFF-HOURS) |
 * | visitor.page | the proactive prompts whose when the page view meets, in priority order (P-WHEN, P-AD, P-CAPTURE, P-PHASE) |
 * | visitor.transfer | accepted or queued |
 * | agent.accepted | accepted (A-FROM-QUEUE) |
 * | agent.ended | manualEnd or batchEnd (E-MANUAL, E-BATCH, E-NOT-FROM-QUEUE) |
 * | timer | agentSilent, visitorSilent, or autoEnd (the idle end sends autoEnd), unless stale (T-STALE) |
 * | presence | none; the serving timers it stops are reported (T-SERVING-ONLY) |
 */
export function collect(step: Step, event: EngineEvent): void {
  const s = step.s;
  switch (event.type) {
    case "visitor.opened": // OPENED, seed 003 lines 75-78: in every phase
      offerResolved(step, "opened");
      return;
    case "visitor.message":
      onVisitorMessage(step, event.text, event.facts);
      return;
    case "visitor.page":
      offerPrompts(step, event);
      return;
    case "visitor.transfer":
      if (s.phase === "serving" && step.move.enteredServing) offerResolved(step, "accepted");
      else if (s.phase === "queued") offerQueued(step);
      return;
    case "agent.accepted":
      if (s.phase === "serving") offerResolved(step, "accepted");
      return;
    case "agent.ended":
      offerEnd(step, event.batch === true ? "batchEnd" : "manualEnd");
      return;
    case "timer":
      onTimer(step, event.timer, event.due);
      return;
    case "presence":
      reportStopped(step);
      return;
    case "visitor.menu":
    case "visitor.unsubscribed":
    case "visitor.dismissed":
    case "queue.moved":
    case "agent.message": // F-NOT-TO-AGENTS: an agent's own message triggers no automatic reply
      return;
  }
}

/** The reply the layers resolve for `kind`, as a candidate; or, when no layer sets it, a note. */
function offerResolved(step: Step, kind: Kind, arm = false): void {
  const reply = step.resolve(kind);
  if (reply === undefined) notConfigured(step, kind);
  else step.offer(kind, reply, reply, reply.id, arm);
}

function notConfigured(step: Step, kind: Kind): void {
  if (step.trace !== null) step.note(kind, "notConfigured", "no layer sets this reply", undefined, step.path(kind));
}

/**
 * A visitor message (spec ORDER): the first keyword rule of the context that matches (K-ORDER);
 * received; the placement reply (accepted on entering serving, offline while offline, queued while
 * in the queue, also offline, where it meets S-OFF-QUEUED); agentSilent to arm while in the serving
 * list. The robot gets no placement reply (O-ROBOT).
 */
function onVisitorMessage(step: Step, text: string, facts: readonly string[] | undefined): void {
  const s = step.s;
  const context = step.context();
  // LIMIT-TEXT: matching reads the first `limits.text` characters, so one decision's cost is bounded.
  const limit = step.config.limits.text;
  const read = text.length > limit ? clipText(text, limit) : text;
  const keyword = step.config.keywords.match(read, (owner) => keywordApplies(owner, context));
  if (read !== text) step.note("keyword", "cut", `matching read the first ${read.length} of ${text.length} characters of the message (limits.text is ${limit})`, "LIMIT-TEXT");
  if (keyword !== undefined) step.offer("keyword", keyword.payload.reply, keyword.payload.reply, keyword.payload.reply.id);
  else if (step.config.keywords.words === 0) step.note("keyword", "notConfigured", "no layer has keyword rules");
  else step.note("keyword", "noMatch", "no keyword rule of this conversation's layers matches the message", "K-MATCH");
  offerResolved(step, "received");

  const list = listOf(s.phase, s.waitingIn);
  if (s.phase === "serving" && step.move.enteredServing) offerResolved(step, "accepted");
  else if (s.phase === "offline") offerResolved(step, "offline");
  const dnd = inDnd(step);
  const dndReply = dnd ? step.resolve("dnd") : undefined;
  if (dndReply !== undefined) step.offer("dnd", dndReply, dndReply, dndReply.id);
  else if (dnd) notConfigured(step, "dnd");
  if (list === "queued") {
    // D-REPLY: a dnd reply takes the place of the queued one; without one, the queue is answered as usual.
    const queued = dndReply === undefined ? undefined : step.resolve("queued");
    const rule = queued === undefined ? undefined : queueRuleFor(queued, s.position ?? 1);
    if (dndReply === undefined) offerQueued(step);
    else if (rule !== undefined) step.drop("queued", "suppressed", rule.id, rule.messages.length, `the designated agent ${s.agent ?? ""} is in do-not-disturb: the dnd reply takes the place of the queued reply (seed 002 line 13)`, "D-REPLY");
  }
  countUnanswered(step);
  checkConditions(step, text, facts);
  countRepeats(step, read);
  alertWords(step, read);
  tagAndRoute(step, read, facts);
  urgent(step, read, dnd);
  if (step.trace !== null) explainPlacement(step);
  if (list === "serving") {
    const agentSilent = step.resolve("agentSilent");
    if (agentSilent?.after == null) {
      if (s.phase === "serving") notConfigured(step, "agentSilent");
    } else step.offer("agentSilent", agentSilent, agentSilent, agentSilent.id, true);
  }
}

/**
 * D-STATE, D-REPLY: whether the agent the visitor is with (serving, or designated in the queue) is
 * in do-not-disturb, while the visitor is with that agent's list (serving or queued, not offline:
 * the offline reply already says nobody is there).
 */
function inDnd(step: Step): boolean {
  const s = step.s;
  return s.dnd.length > 0 && s.agent !== null && (s.phase === "serving" || s.phase === "queued") && s.dnd.includes(s.agent);
}

/** The placement replies that this message does not call for, and why (only when explaining). */
function explainPlacement(step: Step): void {
  const s = step.s;
  const list = listOf(s.phase, s.waitingIn);
  if (!(s.phase === "serving" && step.move.enteredServing)) {
    const why = s.phase === "serving" ? "the visitor was already being served" : s.phase === "offline" && list === "serving" ? "the serving agent is offline" : `the visitor is ${s.phase === "offline" ? "waiting offline" : s.phase}, not entering serving`;
    step.note("accepted", "notInPhase", why, s.phase === "offline" && list === "serving" ? "O-WHEN" : "A-ENTER");
  }
  if (s.phase !== "offline") {
    const robot = s.phase === "robot";
    step.note("offline", "notInPhase", robot ? "the visitor is with the robot" : "an agent who can take the visitor is online", robot ? "O-ROBOT" : "O-WHEN");
  }
  if (list !== "queued") {
    step.note("queued", "notInPhase", `the visitor is not in the queue (${s.phase})`, s.phase === "robot" || s.phase === "serving" ? "T-SERVING-ONLY" : "Q-WHEN-ONLINE");
  }
}

/** The queue rule for a position: the one with the largest `over` below it (spec Q-RULES, seed 003 line 18). */
function queueRuleFor(queued: CompiledReply, position: number): CompiledQueueRule | undefined {
  for (let i = queued.rules.length - 1; i >= 0; i--) {
    const rule = queued.rules[i] as CompiledQueueRule;
    if (position > rule.over) return rule;
  }
  return undefined;
}

/** The queued reply for the current position (spec Q-RULES, seed 003 line 18). */
function offerQueued(step: Step): void {
  const queued = step.resolve("queued");
  if (queued === undefined) return notConfigured(step, "queued");
  const position = step.s.position ?? 1;
  const rule = queueRuleFor(queued, position);
  if (rule !== undefined) step.offer("queued", queued, rule, rule.id);
  else if (step.trace !== null) step.note("queued", "noRule", `no queue rule is for position ${position}: the lowest sends above ${queued.rules[0]?.over ?? 0}`, "Q-RULES", { rule: queued.id });
}

/**
 * An end: the end reply only for a session that was with a human (E-NOT-FROM-QUEUE, seed 003 line
 * 27); a batch end never sends the manual-end reply (E-BATCH, line 32).
 */
function offerEnd(step: Step, kind: "manualEnd" | "batchEnd" | "autoEnd"): void {
  const s = step.s;
  const serving = listOf(s.phase, s.waitingIn) === "serving";
  if (kind === "batchEnd" && serving) {
    const manual = step.resolve("manualEnd");
    if (manual !== undefined) step.drop("manualEnd", "suppressed", manual.id, manual.messages.length, "a batch end sends batchEnd, never manualEnd (seed 003 line 32)", "E-BATCH");
  }
  const reply = step.resolve(kind);
  if (serving) {
    if (reply === undefined) notConfigured(step, kind);
    else step.offer(kind, reply, reply, reply.id);
  } else if (reply !== undefined) {
    step.drop(kind, "suppressed", reply.id, reply.messages.length, `no end reply for a session ended from ${s.phase === "offline" ? "the queue" : s.phase} (seed 003 line 27)`, "E-NOT-FROM-QUEUE");
  }
}

/** The reply a timer sends, or belongs to: its own kind, but the idle end sends `autoEnd` (seed 003 line 31) and the backup stage is agentSilent's (E-BACKUP). */
function replyOfTimer(name: TimerName): Kind {
  return name === "idleEnd" ? "autoEnd" : name === "backup" ? "agentSilent" : name;
}

/** A due timer: its reply (A-SILENT, V-SILENT), or the end (E-AUTO, E-IDLE); nothing when it is stale. */
function onTimer(step: Step, name: TimerName, due: number): void {
  if (step.move.timer === null) stale(step, name, due);
  else if (step.move.end !== null) offerEnd(step, "autoEnd");
  else if (name === "backup") backupStage(step, due);
  else {
    offerResolved(step, replyOfTimer(name));
    if (name === "agentSilent") unread(step, due);
  }
}

/**
 * E-BACKUP (seed 002 line 39: 主通道连续10分钟未响应 … 自动导流至备用通道 … 值班经理的手机将收到 … 预警): the
 * second stage of agentSilent, `backup: { after, alert?, transfer? }`, timed from the first visitor
 * message no human answered: when its timer fires, an alert and a transfer effect, and no message.
 */
function backupStage(step: Step, due: number): void {
  const backup = step.resolve("agentSilent")?.backup;
  if (backup == null) return;
  const rule = (step.resolve("agentSilent") as CompiledReply).id;
  const waited = `no human has answered the visitor for ${formatDuration(backup.after)} (timer due at ${due}): the backup stage`;
  if (backup.alert) step.effects.push(Object.freeze({ type: "alert", reason: "unread", by: "E-BACKUP", rule, detail: waited }));
  if (backup.transfer !== null) step.effects.push(transferEffect(backup.transfer, "unread", "E-BACKUP", waited));
  if (step.trace !== null) step.note("agentSilent", backup.transfer !== null ? "transfer" : "alert", `${waited}: ${[backup.alert ? "an alert" : "", backup.transfer !== null ? "a transfer" : ""].filter(Boolean).join(" and ")}, no message`, "E-BACKUP", { rule });
}

/**
 * E-UNREAD (seed 002 line 15: 当系统检测到超过90秒未读消息时,会主动触发深度服务预案 … 转接专属客服经理;
 * line 39: 主通道连续10分钟未响应 … 导流至备用通道 … 值班经理的手机将收到 … 预警): when the agentSilent
 * timer fires, its reply's `alert` and `transfer` become effects, whether or not its messages go out.
 */
function unread(step: Step, due: number): void {
  const reply = step.resolve("agentSilent");
  if (reply === undefined || (!reply.alert && reply.transfer === null)) return;
  const waited = `the agent has not answered the visitor for ${Math.round((reply.after ?? 0) / 1000)} s (timer due at ${due})`;
  if (reply.alert) step.effects.push(Object.freeze({ type: "alert", reason: "unread", by: "E-UNREAD", rule: reply.id, detail: waited }));
  if (reply.transfer !== null) step.effects.push(transferEffect(reply.transfer, "unread", "E-UNREAD", waited));
}

function stale(step: Step, name: TimerName, due: number): void {
  step.drop(replyOfTimer(name), "stale", undefined, 0, `timer ${name} due at ${due} is no longer pending (cancelled or replaced); nothing to do`, "T-STALE");
}

/** The serving agent went offline: each pending serving timer stops, and `dropped` says so (T-SERVING-ONLY). */
function reportStopped(step: Step): void {
  const stopped = step.move.stopped;
  if (stopped === null) return;
  for (const name of TIMER_NAMES) {
    if (stopped[name] === null) continue;
    const kind = replyOfTimer(name);
    const reply = step.resolve(kind);
    step.drop(kind, "suppressed", reply?.id, reply?.messages.length ?? 0, `the serving agent went offline: ${name} due at ${stopped[name]} stops; serving replies need an agent online (seed 003 line 20)`, "T-SERVING-ONLY");
  }
}
