import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { offerResolved } from "./offer.js";

/** OPENED (seed 003 lines 75-78): the visitor opens the chat window, in every phase. */
export const opened: Trigger = defineTrigger({
  name: "opened",
  specs: ["OPENED"],
  on: ["visitor.opened"],
  offer: (step) => offerResolved(step, "opened"),
});
