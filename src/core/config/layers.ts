import type { LayerStep } from "../explain/trace.js";
import type { Layer, ReplyKind } from "../model/types.js";
import type { CompiledSchedule } from "../time/schedule.js";
import type { CompiledConfig, CompiledReply, KeywordOwner } from "./compiled.js";

/** Who the conversation is with, for choosing the layer whose setting applies. */
export interface LayerContext {
  /** The serving agent, or the agent designated for a queued visitor. */
  readonly agent: string | null;
  /** The designated group, or else the agent's group. */
  readonly group: string | null;
  readonly channel: string;
}

/** Every reply setting of every layer (not keyword or prompt rules): the app's, the channels', the groups', the agents', in that order. */
export function layerReplies(config: CompiledConfig): CompiledReply[] {
  const of = (replies: CompiledConfig["app"]) => Object.values(replies) as CompiledReply[];
  return [...of(config.app), ...[...config.channelReplies.values()].flatMap(of), ...[...config.groups.values()].flatMap((g) => of(g.replies)), ...[...config.agents.values()].flatMap((a) => of(a.replies))];
}

/** The group that applies: a designated group, or else the agent's own (seed 003 line 45). */
export function contextOf(config: CompiledConfig, agent: string | null, group: string | null, channel: string): LayerContext {
  return { agent, group: group ?? (agent === null ? null : (config.agents.get(agent)?.group ?? null)), channel };
}

/**
 * The setting of `kind` that applies: the agent's, else the group's, else the channel's, else the
 * app's (spec L-ORDER, seed 003 line 13). For `offline` this is exactly the chain of seed 003 5.2 and
 * 5.3 (spec O-CHAIN-AGENT, O-CHAIN-GROUP, O-CHAIN-APP), given the context `placement` builds.
 */
export function resolveReply(
  config: CompiledConfig,
  kind: Exclude<ReplyKind, "keyword" | "prompt">,
  context: LayerContext,
): CompiledReply | undefined {
  const agent = context.agent === null ? undefined : config.agents.get(context.agent);
  const group = context.group === null ? undefined : config.groups.get(context.group);
  return agent?.replies[kind] ?? group?.replies[kind] ?? config.channelReplies.get(context.channel)?.[kind] ?? config.app[kind];
}

/** Whether a keyword rule's owner is part of the context: the app's always, the others when they match. */
export function keywordApplies(owner: KeywordOwner, context: LayerContext): boolean {
  switch (owner.layer) {
    case "app":
      return true;
    case "channel":
      return owner.owner === context.channel;
    case "group":
      return owner.owner === context.group;
    case "agent":
      return owner.owner === context.agent;
  }
}

/** The layers asked for `kind`, in order, and which of them set it: the layer path of a trace. */
export function layerPath(config: CompiledConfig, kind: Exclude<ReplyKind, "keyword" | "prompt">, context: LayerContext): LayerStep[] {
  const path: LayerStep[] = [];
  if (context.agent !== null) path.push({ layer: "agent", owner: context.agent, has: config.agents.get(context.agent)?.replies[kind] !== undefined });
  if (context.group !== null) path.push({ layer: "group", owner: context.group, has: config.groups.get(context.group)?.replies[kind] !== undefined });
  path.push({ layer: "channel", owner: context.channel, has: config.channelReplies.get(context.channel)?.[kind] !== undefined });
  path.push({ layer: "app", owner: "", has: config.app[kind] !== undefined });
  return path;
}

/**
 * The schedule that chooses the period variants of a reply set at `layer`: that layer's own, else
 * the nearest layer above it in the context that names one (agent > group > channel > app; spec
 * H-LAYER), or `null` when none does.
 */
export function scheduleFor(config: CompiledConfig, layer: Layer, context: LayerContext): CompiledSchedule | null {
  const from = LAYER_ORDER.indexOf(layer);
  const agent = from <= 0 && context.agent !== null ? config.agents.get(context.agent)?.schedule : undefined;
  if (agent != null) return agent;
  const group = from <= 1 && context.group !== null ? config.groups.get(context.group)?.schedule : undefined;
  if (group != null) return group;
  return (from <= 2 ? config.channelSchedules.get(context.channel) : undefined) ?? config.appSchedule;
}

const LAYER_ORDER: readonly Layer[] = ["agent", "group", "channel", "app"];
