import { keywordApplies } from "../../config/layers.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { readOf } from "./offer.js";

/**
 * K-MATCH, K-ORDER: the first keyword rule of the conversation's layers that the message matches
 * (LIMIT-TEXT: matching reads the first `limits.text` characters of it).
 */
export const keyword: Trigger = defineTrigger({
  name: "keyword",
  specs: ["K-MATCH", "K-ORDER", "LIMIT-TEXT"],
  on: ["visitor.message"],
  offer(step, event) {
    if (event.type !== "visitor.message") return;
    const text = event.text;
    const context = step.lookups.context();
    const read = readOf(step, text);
    const match = step.config.keywords.match(read, (owner) => keywordApplies(owner, context));
    if (read !== text) step.output.note("keyword", "cut", `matching read the first ${read.length} of ${text.length} characters of the message (limits.text is ${step.config.limits.text})`, "LIMIT-TEXT");
    if (match !== undefined) step.offer("keyword", match.payload.reply, match.payload.reply, match.payload.reply.id);
    else if (step.config.keywords.words === 0) step.output.note("keyword", "notConfigured", "no layer has keyword rules");
    else step.output.note("keyword", "noMatch", "no keyword rule of this conversation's layers matches the message", "K-MATCH");
  },
});
