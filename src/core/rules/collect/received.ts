import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { offerResolved } from "./offer.js";

/** R-SERVING: every visitor message is acknowledged by the received reply, where a layer sets one. */
export const received: Trigger = defineTrigger({
  name: "received",
  specs: ["R-SERVING"],
  summary: "a visitor message: the received reply",
  on: ["visitor.message"],
  offer: (step) => offerResolved(step, "received"),
});
