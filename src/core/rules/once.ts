import { stampedAt, stampTime } from "../model/state.js";
import { endSession, recordSent, ruleHash, visitPage } from "./fired.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

const SCOPE = { session: ["F-ONCE-SESSION", "in this session"], visitor: ["F-ONCE-VISITOR", "to this visitor"], page: ["F-ONCE-PAGE", "on this page"] } as const;

/**
 * `once: session | visitor | page` (seed 000 line 16: "同一访客在同一会话/同一页面周期内不要重复触发同一条消息,
 * 能“只触发一次”就尽量一次"): a reply goes out at most once per session, per visitor (across
 * conversations the host carries the memory into), or per page. The memory keeps when it went out
 * (src/core/rules/fired.ts); a session starts after the last one ended, a page when the visitor came
 * to it (until an event names a page, the conversation is on one page).
 */
export const once: Policy = definePolicy({
  name: "once",
  verdict: "frequency",
  specs: ["F-ONCE-SESSION", "F-ONCE-VISITOR", "F-ONCE-PAGE"],
  appliesTo: (reply) => reply.frequency?.once != null,
  judge(c, step) {
    const scope = c.reply.frequency?.once;
    if (scope == null) return undefined;
    const m = step.draft.s.memory;
    const at = stampedAt(m.fired, ruleHash(c));
    if (at === undefined) return undefined;
    if (scope === "session" && m.ended !== null && at <= m.ended) return undefined;
    if (scope === "page" && m.page !== null && at < stampTime(m.page)) return undefined;
    const [by, where] = SCOPE[scope];
    return { verdict: "frequency", by, detail: `sent once already ${where} (at ${at}); the rule has once: ${scope} (seed 000 line 16)` };
  },
  // The memory that once, cooldown and dismissed read (src/core/rules/fired.ts): a page visited,
  // a reply with a frequency setting sent, a session ended.
  moves: ["visitor.opened", "visitor.message", "visitor.page"],
  move(step, event) {
    if (event.type === "visitor.page" || ((event.type === "visitor.opened" || event.type === "visitor.message") && event.page !== undefined)) visitPage(step, event.page as string);
  },
  sent(step, c) {
    if (c.reply.frequency !== null) recordSent(step, c);
  },
  ended: endSession,
});
