import type { CompiledConfig } from "./config/compiled.js";
import { compileConfig } from "./config/compile.js";
import type { ConfigInput } from "./config/input.js";
import { decideEvent, type DecideOptions, type Decision } from "./pipeline/decide.js";
import type { Kernel } from "./pipeline/kernel.js";
import { wiredKernel } from "./rules/wiring.js";
import { checkFacts, checkLocale, knownFacts, validateEvent } from "./pipeline/validate.js";
import { localeCase } from "./model/locale.js";
import { isMemory, soundSettings, validateState } from "./pipeline/validate-state.js";
import { hash64 } from "./model/hash.js";
import { maskPersonal } from "./render/mask.js";
import { MAX_ID_LENGTH, MAX_NICKNAME_LENGTH, MAX_ONLINE, ONLINE_HINT, clipText } from "./model/limits.js";
import { describe, fail } from "./model/errors.js";
import { carriedMemory, hasSeen, newState, NO_AGENTS, NO_MEMORY, NO_TIMERS, type ConversationState, type Memory, type StartInput } from "./model/state.js";
import type { EngineEvent } from "./model/types.js";

/** The fields `start` takes. */
const START_FIELDS: readonly string[] = ["conversation", "channel", "visitor", "online", "dnd", "memory"];

/** A compiled config with the two operations of the engine. Immutable; share it freely. */
export interface Engine {
  /** The validated, deep-frozen config. */
  readonly config: CompiledConfig;
  /** A short name for the config's content; every state this engine makes carries it as `state.config`. */
  readonly fingerprint: string;
  /** The state of a new conversation: phase `ended` (no session open yet), a fresh quota, no timers. */
  readonly start: (input: StartInput) => ConversationState;
  /**
   * Applies one event. A pure function: same inputs, same output; neither input is changed. The event
   * is checked at run time too (for JavaScript callers and data from the wire): bad input throws a
   * typed `AutoreplyError` and decides nothing.
   */
  readonly decide: (state: ConversationState, event: EngineEvent, options?: DecideOptions) => Decision;
}

/**
 * Checks a config that came in as data (parsed YAML or JSON, typed `unknown`) and returns it typed as
 * a `ConfigInput`, for `compile`: `compile(parseConfig(YAML.parse(text)))`. Throws the same
 * `CONFIG_INVALID` as `compile`, listing every problem; the keyword matcher is not built here.
 */
export function parseConfig(value: unknown): ConfigInput {
  compileConfig(value, true);
  return value as ConfigInput;
}

/**
 * Validates `config` and prepares it, once. Throws one `AutoreplyError` (`CONFIG_INVALID`) listing
 * every problem with its path, what was expected, what was found, and a hint. TypeScript checks a
 * config written in code against `ConfigInput`; data of unknown shape goes through `parseConfig`.
 */
export function compile(config: ConfigInput): Engine {
  return engineOf(compileConfig(config));
}

/** The engine of a config `compile` already prepared (tooling that holds a `CompiledConfig`, such as the lint), running the kernel `kernelFor` makes for it (tests hand it others). Internal. */
export function engineOf(compiled: CompiledConfig, kernelFor: (config: CompiledConfig) => Kernel = wiredKernel): Engine {
  // What the pipeline runs: the wiring generated from the table (each hook called directly, ~10%
  // of a decision faster than loops over the same hooks), or a kernel the tests hand it.
  const kernel = kernelFor(compiled);

  const start = (input: StartInput): ConversationState => {
    const startFail = (what: string, received: unknown): never => fail("EVENT_INVALID", `start(): ${what}, received ${describe(received)}`);
    if (input === null || typeof input !== "object" || Array.isArray(input)) startFail("start() takes { conversation, channel, visitor?, online? }", input);
    const given = input as unknown as Readonly<Record<string, unknown>>;
    for (const key in given) if (!START_FIELDS.includes(key)) startFail(`"${key}" is not a field of start() (it takes ${START_FIELDS.join(", ")})`, given[key]);
    const conversation = given["conversation"];
    if (typeof conversation !== "string" || conversation.length === 0 || conversation.length > MAX_ID_LENGTH) {
      return startFail(`"conversation" should be the conversation id (text of 1 to ${MAX_ID_LENGTH} characters)`, conversation);
    }
    const settings = compiled.channels.get(input.channel);
    if (settings === undefined) {
      fail("UNKNOWN_CHANNEL", `start(): channel ${describe(input.channel)} is not known; use one of: ${[...compiled.channels.keys()].join(", ")}, or add it under channels`);
    }
    const visitor = (given["visitor"] ?? {}) as Readonly<Record<string, unknown>>;
    if (visitor === null || typeof visitor !== "object" || Array.isArray(visitor)) startFail('"visitor" should be { nickname?, locale?, facts? }', visitor);
    for (const key in visitor) if (key !== "nickname" && key !== "locale" && key !== "facts") startFail(`visitor."${key}" is not a field of visitor (it takes nickname, locale, facts)`, visitor[key]);
    const nickname = visitor["nickname"] ?? "";
    if (typeof nickname !== "string") return startFail("visitor.nickname should be text", nickname);
    const locale = visitor["locale"];
    if (locale !== undefined) checkLocale("start() visitor", locale);
    if (visitor["facts"] !== undefined) checkFacts("start() visitor", visitor["facts"]);
    const agentList = (field: "online" | "dnd"): string[] => {
      const list: unknown = input[field] ?? [];
      if (!Array.isArray(list)) startFail(`${field} should be a list of agent ids`, list);
      if ((list as unknown[]).length > MAX_ONLINE) fail("EVENT_INVALID", `start(): "${field}" names ${(list as unknown[]).length} agents; ${ONLINE_HINT}`);
      for (const id of list as unknown[]) {
        if (typeof id !== "string" || !compiled.agents.has(id)) fail("UNKNOWN_AGENT", `start(): agent ${describe(id)} is not in the config; add it under agents`);
      }
      return [...new Set(list as string[])].sort();
    };
    const online = agentList("online");
    const dnd = agentList("dnd");
    // A visitor's memory carried from an earlier conversation: what it sent and saw, not its count.
    const carried = given["memory"];
    if (carried !== undefined && !isMemory(carried)) startFail('"memory" should be the memory of a state decide() returned (state.memory)', carried);
    const memory = carried === undefined ? NO_MEMORY : carriedMemory(carried as Memory);
    return newState(
      {
        config: compiled.fingerprint,
        conversation,
        channel: input.channel,
        // C-MASK-VALUES: with masking on, the state keeps the masked nickname only (it is at rest in the host's store).
        nickname: compiled.compliance.maskValues ? maskPersonal(clipText(nickname, MAX_NICKNAME_LENGTH)) : clipText(nickname, MAX_NICKNAME_LENGTH),
        phase: "ended",
        waitingIn: null,
        agent: null,
        group: null,
        position: null,
        at: null,
        quotaUsed: 0,
        // A channel whose window opens with a visitor message (wechat2023) starts closed; seed 003's counts start open.
        quotaLimit: settings.window === null ? settings.quota : 0,
        quotaUntil: null,
        lastQueuedAt: null,
        lastOfflineAt: null,
      },
      Object.freeze(online),
      NO_TIMERS,
      memory,
      dnd.length === 0 ? NO_AGENTS : Object.freeze(dnd),
      locale === undefined ? null : localeCase(locale as string),
      knownFacts(compiled, visitor["facts"] as readonly string[] | undefined),
    );
  };

  const decide = (state: ConversationState, event: EngineEvent, options?: DecideOptions): Decision => {
    // Most states are this engine's own and sound: checked in one pass that allocates nothing.
    let current = state;
    let settings = soundSettings(compiled, state);
    if (settings === undefined) ({ state: current, settings } = validateState(compiled, state));
    // An event with an id: its hash, and whether the conversation has seen it (a redelivery).
    const id = typeof event === "object" && event !== null ? (event as { readonly id?: unknown }).id : undefined;
    const idHash = typeof id === "string" ? hash64(id) : null;
    const redelivered = idHash !== null && hasSeen(current.memory.seen, idHash);
    return decideEvent(kernel, compiled, settings, current, validateEvent(compiled, current, event, redelivered), options, idHash, redelivered);
  };

  return Object.freeze({ config: compiled, fingerprint: compiled.fingerprint, start, decide });
}
