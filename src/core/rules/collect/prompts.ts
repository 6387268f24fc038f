import { formatDuration } from "../../config/duration.js";
import { scheduleFor } from "../../config/layers.js";
import type { CompiledReply } from "../../config/compiled.js";
import type { CompiledPrompt } from "../../config/prompts.js";
import { hasSeen } from "../../model/state.js";
import type { PageView } from "../../model/types.js";
import { describePeriod } from "../../time/schedule.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";

/**
 * Step 3 for a `visitor.page` event: the proactive prompts whose `when` the page view meets
 * (spec P-WHEN, P-AD), in the order they are tried (P-ONE: priority, the channel's before the
 * app's, the order written), each in its capture form when nobody can take a chat (P-CAPTURE).
 * Prompts show before a human conversation: in the robot phase or with no session (P-PHASE).
 * Which one is shown is the policy chain's (src/core/rules/prompting.ts).
 */
function offerPrompts(step: Step, view: PageView): void {
  const s = step.draft.s;
  const prompts = step.config.prompts;
  const list = prompts.byChannel.get(s.channel) ?? prompts.app;
  if (list.length === 0) {
    step.output.note("prompt", "notConfigured", "no layer of this channel has prompt rules");
    return;
  }
  if (s.phase !== "ended" && s.phase !== "robot") {
    step.output.note("prompt", "notInPhase", `the visitor is ${s.phase}: prompts show before a human conversation (seed 000 line 3: 会话开始前)`, "P-PHASE");
    return;
  }
  const ad = view.source !== undefined && prompts.ads.includes(view.source);
  const path = pathOf(view.page);
  for (let i = 0; i < list.length; i++) {
    const reply = list[i] as CompiledReply;
    const p = reply.prompt as CompiledPrompt;
    const miss = unmet(p, view, path, ad, s.memory.tags);
    if (miss !== undefined) {
      if (step.output.trace !== null) step.output.note("prompt", "noMatch", miss, "P-WHEN", { rule: reply.id, layer: reply.layer });
      continue;
    }
    const nobody = nobodyToChat(step, reply);
    const said = `the page view meets when${ad && p.ad !== null ? ` with the ad thresholds (source ${view.source ?? ""})` : ""}; priority ${p.priority}, ${reply.layer} layer`;
    if (nobody === undefined) step.offer("prompt", reply, reply, reply.id, false, p.buttons, false, said);
    else if (p.capture !== null) step.offer("prompt", reply, p.capture.source, reply.id, false, p.capture.buttons, true, `${said}; ${nobody}: its capture form (seed 000 line 16: 先承接)`);
    else step.output.drop("prompt", "suppressed", reply.id, reply.messages.length, `${nobody}: the prompt invites to a chat nobody can take now and has no capture form to show instead (seed 000 line 16: 夜间或低人力时段 … 先承接)`, "P-CAPTURE");
  }
}

/** Why nobody can take a chat now (no agent online, or the prompt's schedule is not open), or `undefined` (P-CAPTURE). */
function nobodyToChat(step: Step, reply: CompiledReply): string | undefined {
  if (step.draft.s.online.length === 0) return "no agent is online";
  const schedule = scheduleFor(step.config, reply.layer, step.lookups.context());
  if (schedule === null) return undefined;
  const period = step.lookups.period(schedule);
  return period.period === "open" ? undefined : `schedule ${schedule.name}: ${describePeriod(schedule, period)}`;
}

/** The first condition of `when` the page view does not meet, in words; `undefined` when all hold (P-WHEN, P-AD). */
function unmet(p: CompiledPrompt, view: PageView, path: string, ad: boolean, tags: string): string | undefined {
  const w = p.when;
  if (w.pages.length + w.prefixes.length > 0 && !w.pages.includes(path) && !w.prefixes.some((prefix) => path.startsWith(prefix) || path === prefix.slice(0, -1))) {
    return `the page ${path} is not one of ${[...w.pages, ...w.prefixes.map((x) => `${x}*`)].join(", ")}`;
  }
  if (w.pageTypes.length > 0 && (view.pageType === undefined || !w.pageTypes.includes(view.pageType))) return `the page type ${view.pageType ?? "(none)"} is not one of ${w.pageTypes.join(", ")}`;
  if (w.sources.length > 0 && (view.source === undefined || !w.sources.includes(view.source))) return `the source ${view.source ?? "(none)"} is not one of ${w.sources.join(", ")}`;
  const dwell = (ad ? p.ad?.dwell : null) ?? w.dwell;
  if (dwell !== null && (view.dwell ?? 0) < dwell) return `the visitor stayed ${formatDuration(view.dwell ?? 0)}, less than ${formatDuration(dwell)}${ad && p.ad?.dwell != null ? " (ad traffic)" : ""}`;
  const scroll = (ad ? p.ad?.scroll : null) ?? w.scroll;
  if (scroll !== null && (view.scroll ?? 0) < scroll) return `scrolled ${view.scroll ?? 0}%, less than ${scroll}%${ad && p.ad?.scroll != null ? " (ad traffic)" : ""}`;
  const visits = (ad ? p.ad?.visits : null) ?? w.visits;
  if (visits !== null && (view.visits ?? 1) < visits) return `visit ${view.visits ?? 1}, fewer than ${visits}${ad && p.ad?.visits != null ? " (ad traffic)" : ""}`;
  if (w.form && view.form !== "open") return "no form is open and not sent";
  for (const fact of w.facts) if (view.facts === undefined || !view.facts.includes(fact)) return `the host does not give the fact ${fact}`;
  for (let i = 0; i < w.tags.length; i++) {
    const given = w.tags[i] as readonly string[];
    if (!given.some((hash) => hasSeen(tags, hash))) return `the visitor does not have the tag ${w.tagNames[i] ?? ""}`;
  }
  return undefined;
}

/** The path of a page: a URL without its scheme and host, and any page without its query and fragment (`https://x.cn/pricing?a=1` is `/pricing`). */
export function pathOf(page: string): string {
  let start = 0;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(page);
  if (scheme !== null) {
    const slash = page.indexOf("/", scheme[0].length);
    if (slash < 0) return "/";
    start = slash;
  }
  let end = page.length;
  for (let i = start; i < page.length; i++) {
    const c = page.charCodeAt(i);
    if (c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  return page.slice(start, end) || "/";
}

export const prompts: Trigger = defineTrigger({
  name: "prompts",
  specs: ["P-WHEN", "P-AD", "P-CAPTURE", "P-PHASE", "P-LOCALE"],
  on: ["visitor.page"],
  offer(step, event) {
    if (event.type === "visitor.page") offerPrompts(step, event);
  },
});
