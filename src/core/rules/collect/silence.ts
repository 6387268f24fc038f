import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { firing, offerResolved, replyOfTimer } from "./offer.js";

/** A-SILENT, V-SILENT: the agentSilent or visitorSilent timer fires: its reply. */
export const silence: Trigger = defineTrigger({
  name: "silence",
  specs: ["A-SILENT", "V-SILENT"],
  on: ["timer"],
  offer(step, event) {
    if (event.type === "timer" && event.timer !== "backup" && firing(step)) offerResolved(step, replyOfTimer(event.timer));
  },
});
