import { anyChannel } from "../config/presets.js";
import type { ConversationState } from "../model/state.js";
import type { EngineEvent, EventCode, ReplyKind } from "../model/types.js";
import { listOf } from "../pipeline/placement.js";
import { defineContent, type ContentRule } from "../pipeline/rule.js";
import type { Candidate, Step } from "../pipeline/step.js";

/**
 * WeCom customer service (微信客服) sends through two APIs, each with its own rules (a channel with
 * `api: wecom`):
 * - W-WECOM-STATE: `kf/send_msg` only while the session is "new, pending" (新接入待处理) or with the
 *   smart assistant (由智能助手接待): the quota and the window (W-WECOM) count these;
 * - W-WECOM-CODE: `kf/send_msg_on_event`, one message per event code, outside the window: the
 *   welcome code of entering the session, and the codes of entering the queue, entering a human's
 *   service and the session's end; a code is usable only while the session is in the state that
 *   gave it, so one this decision does not use is not kept;
 * - W-WECOM-WELCOME: the welcome code comes only to a customer who has not written within 48 hours.
 * A reply no path carries is dropped (reason `platform`) and never counted as sent. After render and
 * the other content rules, so that a code goes to a reply that is sent.
 */
export const wecom: ContentRule = defineContent({
  name: "wecom",
  when: "after render",
  specs: ["W-WECOM-STATE", "W-WECOM-CODE", "W-WECOM-WELCOME", "S-SURVEY-WECOM"],
  screen: (step, event) => screen(step, event),
  needed: (config) => anyChannel(config.channels, (c) => c.api === "wecom"),
});

/** WeCom's session states (kf/service_state/get), as the engine's phases stand for them. */
type SessionState = "new" | "assistant" | "queue" | "human" | "ended";

/** The session state of a conversation in `s`, an `event` of which just came. */
function sessionState(s: Pick<ConversationState, "phase" | "waitingIn">, event: EngineEvent): SessionState {
  if (s.phase === "robot") return "assistant";
  const list = listOf(s.phase, s.waitingIn);
  if (list === "queued") return "queue";
  if (list === "serving") return "human";
  // 已结束/未开始 until the customer writes: then 未处理 (新接入待处理), which the API may answer.
  return event.type === "visitor.message" || event.type === "visitor.rated" ? "new" : "ended";
}

/** The states' names as WeCom's documentation gives them. */
const STATE_NAMES: Readonly<Record<SessionState, string>> = { new: "新接入待处理", assistant: "由智能助手接待", queue: "待接入池排队中", human: "由人工接待", ended: "已结束/未开始" };

/** What each code is for (kf/send_msg_on_event), for the details. */
const CODE_NAMES: Readonly<Record<EventCode, string>> = { welcome: "the welcome code", queue: "the queue's code", serving: "the service's code", end: "the end code" };

/** The replies each code is for first (the documentation's 用于发送…); a code left over carries the first other reply. */
const FOR_CODE: Readonly<Record<"queue" | "serving", readonly ReplyKind[]>> = { queue: ["queued", "offline"], serving: ["accepted", "offline"] };

const END_KINDS: ReadonlySet<ReplyKind> = new Set(["manualEnd", "autoEnd", "batchEnd", "survey"]);

function screen(step: Step, event: EngineEvent): void {
  if (step.settings.api !== "wecom") return;
  const before = step.draft.previous;
  const after = step.draft.s;
  const state = sessionState(after, event);
  const sendable = state === "new" || state === "assistant";
  // The codes this event gives: each carries one message, once.
  const codes = new Set<EventCode>();
  const wrote = after.quotaUntil !== null && after.quotaLimit !== 0 && step.at < after.quotaUntil;
  if (event.type === "visitor.opened" && !wrote) codes.add("welcome");
  const from = listOf(before.phase, before.waitingIn);
  if (state === "queue" && from !== "queued") codes.add("queue");
  if (state === "human" && from !== "serving") codes.add("serving");
  if (step.move.end !== null) codes.add("end");
  const candidates = step.output.candidates.filter((c) => c.passed && !c.arm);
  // First the replies each code is for (the survey before the end reply: WeCom's end code is for 结束会话提示语或满意度评价, S-SURVEY-WECOM), then what is left, in reply order.
  const survey = codes.has("end") ? candidates.find((x) => x.kind === "survey") : undefined;
  if (survey !== undefined) take(step, survey, "end", codes);
  for (const code of ["queue", "serving"] as const) {
    const c = codes.has(code) ? candidates.find((x) => x.code === null && FOR_CODE[code].includes(x.kind)) : undefined;
    if (c !== undefined) take(step, c, code, codes);
  }
  for (const c of candidates) {
    if (c.code !== null) continue;
    // The welcome and the end replies have codes of their own; without one, send_msg where it may send.
    const own = c.kind === "opened" ? "welcome" : END_KINDS.has(c.kind) ? "end" : null;
    if (own !== null && codes.has(own)) take(step, c, own, codes);
    else if (sendable) continue;
    else if (own === "welcome") refuse(step, c, "W-WECOM-WELCOME", wrote ? "no welcome code: the customer wrote within 48 hours" : "its code went to another reply");
    else if (own === "end") refuse(step, c, "W-WECOM-CODE", "its code went to another reply");
    else {
      const left = codes.has("queue") ? "queue" : codes.has("serving") ? "serving" : undefined;
      if (left !== undefined) take(step, c, left, codes);
      else refuse(step, c, "W-WECOM-STATE", `the session is ${STATE_NAMES[state]}, and no event code is left`);
    }
  }
}

/** `c` goes out on `code`: its first message, once (the rest is cut). */
function take(step: Step, c: Candidate, code: EventCode, codes: Set<EventCode>): void {
  codes.delete(code);
  c.code = code;
  const total = c.messages.length;
  if (total <= 1) return;
  c.messages = Object.freeze(c.messages.slice(0, 1));
  step.output.cut(c, "platform", "W-WECOM-CODE", total - 1, `${total - 1} of ${total} messages cut: ${CODE_NAMES[code]} carries one`, null);
}

function refuse(step: Step, c: Candidate, by: string, detail: string): void {
  step.output.refuse(c, { verdict: "platform", by, detail: `WeCom's API cannot send it: ${detail}` });
}
