import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { offerResolved } from "./offer.js";

/** R-DEFAULT (seed 003 line 61): a visitor message gets the received reply, where a layer sets one; whether it goes out is for the chain (S-KW-RECEIVED, R-SERVING). */
export const received: Trigger = defineTrigger({
  name: "received",
  specs: ["R-DEFAULT"],
  on: ["visitor.message"],
  offer: (step) => offerResolved(step, "received"),
});
