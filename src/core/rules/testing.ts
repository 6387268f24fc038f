/**
 * Helpers for the policy tests beside each policy (src/core/rules/*.test.ts): an engine from a small
 * config, and a conversation driven event by event. Not part of the package (no entry imports it).
 */
import { compile, type ConfigInput, type ConversationState, type Decision, type Engine, type EngineEvent } from "../index.js";

/** A conversation on `channel` with agent `a` online, and what each event decided. */
export class Talk {
  readonly engine: Engine;
  state: ConversationState;
  last: Decision | undefined;

  constructor(config: ConfigInput, channel = "web", memory?: ConversationState["memory"]) {
    this.engine = compile({ agents: { a: {} }, ...config });
    this.state = this.engine.start({ conversation: "t", channel, online: ["a"], ...(memory === undefined ? {} : { memory }) });
  }

  /** Applies an event (`at` in seconds) and returns the texts sent. */
  send(event: EngineEvent): string[] {
    const d = this.engine.decide(this.state, { ...event, at: event.at * 1000 } as EngineEvent);
    this.state = d.state;
    this.last = d;
    return d.replies.flatMap((r) => r.messages.map((m) => m.text));
  }

  /** The spec ids of the last decision's drops. */
  droppedBy(): (string | undefined)[] {
    return this.last?.dropped.map((x) => x.by) ?? [];
  }
}

export const message = (at: number, text = "在吗", extra: Readonly<Record<string, unknown>> = {}) => ({ type: "visitor.message" as const, at, text, ...extra });

/** The paths of every problem `compile` finds in `config`, in order; none for a valid one. */
export function problemPaths(config: unknown): string[] {
  try {
    compile(config as ConfigInput);
    return [];
  } catch (e) {
    return (e as { issues: readonly { path: string }[] }).issues.map((i) => i.path);
  }
}
