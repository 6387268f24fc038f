import { formatDuration } from "../config/duration.js";
import { hash64 } from "../model/hash.js";
import type { Message, Reply } from "../model/types.js";
import { LIMITS } from "../rules/chain.js";
import { countReply, RecentTexts } from "../rules/frequency.js";
import { recordSent } from "../rules/fired.js";
import { promptShown } from "../rules/prompting.js";
import type { Limit } from "../rules/policy.js";
import { renderTemplate, type Template, type TemplateValues } from "../render/template.js";
import type { Candidate, Step } from "./step.js";


/** Step 6: the messages of each candidate that passed, rendered and frozen (the compiled ones when nothing needs filling in). */
export function render(step: Step): void {
  let values: TemplateValues | undefined;
  const candidates = step.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (!c.passed || c.arm) continue;
    if (c.source.fixed !== null) c.messages = c.source.fixed;
    else if (c.source.nextOpen) c.messages = fill(c.source.messages, { ...(values ??= step.values()), next_open: step.nextOpen(c) });
    else c.messages = fill(c.source.messages, (values ??= step.values()));
  }
}

function fill(templates: readonly Template[], values: TemplateValues): readonly Message[] {
  const messages: Message[] = [];
  for (let i = 0; i < templates.length; i++) messages.push(Object.freeze({ text: renderTemplate(templates[i] as Template, values) }));
  return Object.freeze(messages);
}

/** A prompt as sent: its buttons (P-BUTTONS), its capture form (P-CAPTURE), its A/B exposure. */
function promptReply(c: Candidate, messages: readonly Message[]): Reply {
  const reply: { -readonly [K in keyof Reply]: Reply[K] } = { kind: c.kind, layer: c.reply.layer, rule: c.rule, messages };
  if (c.exposure !== undefined) reply.experiment = Object.freeze({ id: c.exposure.experiment, variant: c.exposure.variant });
  if (c.buttons !== undefined && c.buttons.length > 0) reply.buttons = c.buttons;
  if (c.capture) reply.capture = true;
  return Object.freeze(reply);
}

/**
 * Step 7: the quota cut. In reply order, each reply sends what the limits let out (spec Q-CUT); what
 * goes out is counted at once (quota, the count since the visitor's message, the dedupe memory,
 * the interval clocks), so the next reply sees it.
 */
export function send(step: Step): Reply[] {
  const s = step.s;
  const at = step.at;
  const settings = step.settings;
  const replies: Reply[] = [];
  // F-DEDUPE and F-PER-MESSAGE, when the channel sets them: the memory changes only then.
  const recent = settings.dedupe === null || !step.candidates.some((c) => c.passed && !c.arm) ? null : new RecentTexts(s.memory, settings.dedupe, at);
  step.auto = s.memory.auto;
  const candidates = step.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (!c.passed || c.arm) continue;
    let room = Infinity;
    let gate = Infinity;
    let binding: Limit | undefined;
    for (let j = 0; j < LIMITS.length; j++) {
      const limit = LIMITS[j] as Limit;
      const r = limit.room(step);
      if (limit.gate && r < gate) gate = r;
      if (r < room) {
        room = r;
        binding = limit;
      }
    }
    let messages = c.messages;
    // The texts' hashes: built at compile time for fixed messages, else once here (F-DEDUPE).
    let hashes = recent === null ? null : messages === c.source.fixed ? c.source.hashes : messages.map((m) => hash64(m.text));
    if (recent !== null && hashes !== null && gate > 0) {
      let repeated = 0;
      for (let k = 0; k < hashes.length; k++) if (recent.has(hashes[k] as string)) repeated++;
      if (repeated > 0) {
        const known = hashes;
        const detail = `${repeated} of ${messages.length} message${messages.length === 1 ? "" : "s"} not sent: the same text went to this visitor within the last ${formatDuration(recent.span)} (seed 004 line 15)`;
        step.cut(c, "frequency", "F-DEDUPE", repeated, detail, repeated === messages.length ? 0 : null);
        if (repeated === messages.length) continue;
        messages = Object.freeze(messages.filter((_, k) => !recent.has(known[k] as string)));
        hashes = known.filter((h) => !recent.has(h));
      }
    }
    const total = messages.length;
    const sent = Math.min(room, total);
    if (sent > 0) {
      const out = sent === total ? messages : Object.freeze(messages.slice(0, sent));
      // Two literals rather than a spread of the optional field (one shape for most replies).
      if (c.kind === "prompt") replies.push(promptReply(c, out));
      else if (c.exposure === undefined) replies.push(Object.freeze({ kind: c.kind, layer: c.reply.layer, rule: c.rule, messages: out }));
      else replies.push(Object.freeze({ kind: c.kind, layer: c.reply.layer, rule: c.rule, messages: out, experiment: Object.freeze({ id: c.exposure.experiment, variant: c.exposure.variant }) }));
      s.quotaUsed += sent;
      step.auto += sent;
      if (recent !== null && hashes !== null) for (let j = 0; j < out.length; j++) recent.mark(hashes[j] as string);
      if (c.kind === "queued") s.lastQueuedAt = at;
      if (c.kind === "offline") s.lastOfflineAt = at;
      if (c.reply.frequency !== null) recordSent(step, c);
      if (c.kind === "prompt") promptShown(step, c);
      countReply(step);
    }
    if (sent < total && binding !== undefined) {
      const why = binding.why(step);
      const cut = total - sent;
      step.cut(c, binding.reason, why.by, cut, `${cut} of ${total} message${total === 1 ? "" : "s"} cut: ${why.detail}`, sent);
    } else if (c.why !== undefined) {
      c.why.sent = sent;
    }
  }
  // The count is kept only where a cap reads it, so the memory of other channels never changes.
  if (settings.perVisitorMessage !== null && step.auto !== s.memory.auto) step.mem().auto = step.auto;
  if (recent !== null) {
    const sent = recent.entries();
    if (sent !== s.memory.sent) step.mem().sent = sent;
  }
  return replies;
}
