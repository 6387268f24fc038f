import type { CompiledReply } from "../config/compiled.js";
// The engine comes from the main entry (one copy when an app imports both entries).
import { formatDuration, type Engine } from "../index.js";

/** A scenario file as `autoreply edges` writes it: the fields of docs/scenarios.md, steps without expectations. */
export interface EdgeScenario {
  /** The file name, without folder: `agentSilent-before.scenario.yaml`. */
  readonly file: string;
  readonly name: string;
  readonly channel: string;
  readonly online: readonly string[];
  readonly steps: readonly { readonly at: string; readonly event?: Readonly<Record<string, unknown>>; readonly note: string }[];
}

const at = (ms: number): string => formatDuration(ms);
const message = (text: string, route?: Readonly<Record<string, unknown>>) => ({ type: "visitor.message", text, ...(route === undefined ? {} : { route }) });

/**
 * The boundaries a config creates, as scenario files to replay with `autoreply simulate` (issue
 * 16, item 4): for each one, a message one millisecond before it and one after. Operators review
 * the two timelines instead of guessing what happens at the edge. Covered: the serving timers
 * (agentSilent, visitorSilent, autoEnd, idleAfter), the intervals of the queued and offline
 * replies, the quota's last slot and the window's end less its margin, for the channel given; the
 * replies the app layer sets (an agent's or a group's own settings are not walked).
 * Not covered yet: schedule boundaries and DST changes.
 */
export function edgeScenarios(engine: Engine, channel: string): EdgeScenario[] {
  const config = engine.config;
  const agent = [...config.agents.keys()][0] ?? "agent";
  const online = [agent];
  const app = config.app;
  const out: EdgeScenario[] = [];
  const pair = (id: string, what: string, make: (t: number) => EdgeScenario["steps"], edge: number, who: readonly string[] = online) => {
    for (const side of ["before", "after"] as const) {
      const t = side === "before" ? edge - 1 : edge + 1;
      out.push({ file: `${id}-${side}.scenario.yaml`, name: `${what}: 1 ms ${side} the edge at ${at(edge)} (${at(t)})`, channel, online: who, steps: make(t) });
    }
  };
  const serve = { at: at(0), event: message("你好", { agent }), note: `the visitor writes and is served by ${agent}` };
  const silence = (reply: CompiledReply | undefined) => reply?.after ?? null;
  const agentSilent = silence(app.agentSilent);
  if (agentSilent !== null) {
    pair("agentSilent", `agentSilent after ${at(agentSilent)} of the agent's silence`, (t) => [serve, { at: at(t), event: message("还在吗"), note: "the visitor writes again; the agent has not answered" }], agentSilent);
  }
  const visitorSilent = silence(app.visitorSilent);
  if (visitorSilent !== null) {
    pair("visitorSilent", `visitorSilent after ${at(visitorSilent)} of the visitor's silence`, (t) => [serve, { at: at(1), event: { type: "agent.message" }, note: "the agent answers: the visitor's silence is timed from here" }, { at: at(t + 1), event: message("在的"), note: "the visitor answers" }], visitorSilent);
  }
  const autoEnd = app.autoEnd;
  if (autoEnd?.after != null) {
    const after = autoEnd.after;
    pair("autoEnd", `autoEnd after ${at(after)} of the visitor's silence`, (t) => [serve, { at: at(1), event: { type: "agent.message" }, note: "the agent answers" }, { at: at(t + 1), event: message("在的"), note: "the visitor answers" }], after);
  }
  if (autoEnd?.idleAfter != null && config.switches.idleEnd) {
    const idle = autoEnd.idleAfter;
    pair("idleEnd", `the idle end after ${at(idle)} without any message`, (t) => [serve, { at: at(t), event: message("在的"), note: "the visitor writes" }], idle);
  }
  for (const kind of ["queued", "offline"] as const) {
    const reply = app[kind];
    if (reply === undefined || reply.interval <= 0) continue;
    const first = { at: at(0), event: message("你好", { queue: 3 }), note: kind === "queued" ? "the visitor is queued: the queued reply goes out" : "nobody is online: the offline reply goes out" };
    pair(`${kind}-interval`, `the ${kind} reply's interval of ${at(reply.interval)}`, (t) => [first, { at: at(t), event: message("还要多久"), note: `the visitor writes again, ${at(t)} after the first` }], reply.interval, kind === "offline" ? [] : online);
  }
  const policy = config.channels.get(channel);
  if (policy?.quota != null && app.manualEnd !== undefined) {
    const room = policy.quota - policy.reserve;
    // What the first message sends already counts: the engine says how much.
    const used = engine.decide(engine.start({ conversation: "edges", channel, online }), { type: "visitor.message", at: 0, text: "你好", route: { agent } }).quota.used;
    const last = Math.max(room - used - app.manualEnd.messages.length, 0);
    for (const side of ["last-slot", "over"] as const) {
      // The agent's own messages count too (Q-HUMAN): the end reply meets the quota's last slot, or none.
      const humans = side === "last-slot" ? last : last + 1;
      out.push({
        file: `quota-${side}.scenario.yaml`,
        name: `the quota's ${side === "last-slot" ? "last slot" : "end"}: ${humans} agent messages, then the end reply (quota ${policy.quota}, ${policy.reserve} kept for agents)`,
        channel,
        online,
        steps: [serve, ...Array.from({ length: humans }, (_, i) => ({ at: at(1000 * (i + 1)), event: { type: "agent.message" }, note: `agent message ${i + 1} of ${humans}` })), { at: at(1000 * (humans + 1)), event: { type: "agent.ended" }, note: "the agent ends the session: the manualEnd reply" }],
      });
    }
  }
  if (policy?.window != null && app.manualEnd !== undefined) {
    const edge = policy.window - policy.margin;
    pair("window", `the window of ${at(policy.window)}${policy.margin > 0 ? ` less its margin of ${at(policy.margin)}` : ""}`, (t) => [serve, { at: at(t), event: { type: "agent.ended" }, note: "the agent ends the session: is the window still open for the manualEnd reply?" }], edge);
  }
  return out;
}
