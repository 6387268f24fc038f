import { hash64 } from "../model/hash.js";
import type { Message, Reply } from "../model/types.js";
import type { Kernel } from "./kernel.js";
import type { Filter, Limit, Sieve } from "./rule.js";
import { renderTemplate, type Template, type TemplateValues } from "../render/template.js";
import type { Candidate, Step } from "./step.js";


/** Step 6: the messages of each candidate that passed, rendered and frozen (the compiled ones when nothing needs filling in). */
export function render(step: Step): void {
  let values: TemplateValues | undefined;
  const candidates = step.output.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (!c.passed || c.arm) continue;
    if (c.source.fixed !== null) c.messages = c.source.fixed;
    else if (c.source.nextOpen) c.messages = fill(c.source.messages, { ...(values ??= step.lookups.values()), next_open: step.lookups.nextOpen(c.reply) });
    else c.messages = fill(c.source.messages, (values ??= step.lookups.values()));
  }
}

function fill(templates: readonly Template[], values: TemplateValues): readonly Message[] {
  const messages: Message[] = [];
  for (let i = 0; i < templates.length; i++) messages.push(Object.freeze({ text: renderTemplate(templates[i] as Template, values) }));
  return Object.freeze(messages);
}

/** A reply with more than its A/B exposure: a prompt's or a survey's buttons (P-BUTTONS, S-SURVEY) and a prompt's capture form (P-CAPTURE), the event code that carries it (W-WECOM-CODE). */
function fullReply(c: Candidate, messages: readonly Message[]): Reply {
  const reply: { -readonly [K in keyof Reply]: Reply[K] } = { kind: c.kind, layer: c.reply.layer, rule: c.rule, messages };
  if (c.exposure !== undefined) reply.experiment = Object.freeze({ id: c.exposure.experiment, variant: c.exposure.variant });
  if (c.buttons !== undefined && c.buttons.length > 0) reply.buttons = c.buttons;
  if (c.capture) reply.capture = true;
  if (c.code !== null) reply.code = c.code;
  return Object.freeze(reply);
}

/**
 * Step 7: the quota cut. In reply order, each reply sends what the limits let out (spec Q-CUT); what
 * goes out is counted at once by the rules that remember it (quota, the count since the visitor's
 * message, the dedupe memory, the interval clocks), so the next reply sees it. A filter (F-DEDUPE)
 * holds back the messages it knows, once the platform limits (`gate`) left the reply room.
 */
export function send(kernel: Kernel, step: Step): Reply[] {
  const replies: Reply[] = [];
  const limits = kernel.limits;
  const sieves = openSieves(kernel, step);
  const candidates = step.output.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    if (!c.passed || c.arm) continue;
    let room = Infinity;
    let gate = Infinity;
    let binding: Limit | undefined;
    for (let j = 0; j < limits.length; j++) {
      const limit = limits[j] as Limit;
      const r = limit.room(step, c);
      if (limit.gate && r < gate) gate = r;
      if (r < room) {
        room = r;
        binding = limit;
      }
    }
    let messages = c.messages;
    // The texts' hashes: built at compile time for fixed messages, else once here (F-DEDUPE).
    let hashes = sieves === null ? null : messages === c.source.fixed ? c.source.hashes : messages.map((m) => hash64(m.text));
    if (sieves !== null && hashes !== null && gate > 0) {
      for (let j = 0; j < sieves.length; j++) {
        const sieve = sieves[j] as Sieve;
        const known: readonly string[] = hashes;
        let repeated = 0;
        for (let k = 0; k < known.length; k++) if (sieve.has(known[k] as string)) repeated++;
        if (repeated === 0) continue;
        const why = sieve.why(repeated, messages.length);
        step.output.cut(c, why.reason, why.by, repeated, why.detail, repeated === messages.length ? 0 : null);
        messages = Object.freeze(messages.filter((_, k) => !sieve.has(known[k] as string)));
        hashes = known.filter((h) => !sieve.has(h));
        if (messages.length === 0) break;
      }
      if (messages.length === 0) continue;
    }
    const total = messages.length;
    const count = Math.min(room, total);
    if (count > 0) {
      const out = count === total ? messages : Object.freeze(messages.slice(0, count));
      // Two literals rather than a spread of the optional field (one shape for most replies).
      if (c.buttons !== undefined || c.code !== null) replies.push(fullReply(c, out));
      else if (c.exposure === undefined) replies.push(Object.freeze({ kind: c.kind, layer: c.reply.layer, rule: c.rule, messages: out }));
      else replies.push(Object.freeze({ kind: c.kind, layer: c.reply.layer, rule: c.rule, messages: out, experiment: Object.freeze({ id: c.exposure.experiment, variant: c.exposure.variant }) }));
      if (sieves !== null && hashes !== null) for (let j = 0; j < sieves.length; j++) for (let k = 0; k < out.length; k++) (sieves[j] as Sieve).mark(hashes[k] as string);
      kernel.sent(step, c, count);
    }
    if (count < total && binding !== undefined) {
      const why = binding.why(step, c);
      const cut = total - count;
      step.output.cut(c, binding.reason, why.by, cut, `${cut} of ${total} message${total === 1 ? "" : "s"} cut: ${why.detail}`, count);
    } else step.output.counted(c, count);
  }
  if (sieves !== null) for (let j = 0; j < sieves.length; j++) (sieves[j] as Sieve).save(step);
  return replies;
}

/** The filters' sieves for this decision: `null` when none holds anything back here, or nothing is to be sent. */
function openSieves(kernel: Kernel, step: Step): Sieve[] | null {
  const filters = kernel.filters;
  let sieves: Sieve[] | null = null;
  for (let i = 0; i < filters.length; i++) {
    if (sieves === null && !toSend(step.output.candidates)) return null;
    const sieve = (filters[i] as Filter).sieve(step);
    if (sieve !== null) (sieves ??= []).push(sieve);
  }
  return sieves;
}

/** Whether a candidate passed the chain with messages to send. */
function toSend(candidates: readonly Candidate[]): boolean {
  for (let i = 0; i < candidates.length; i++) if ((candidates[i] as Candidate).passed && !(candidates[i] as Candidate).arm) return true;
  return false;
}
