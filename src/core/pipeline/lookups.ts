import type { CompiledConfig } from "../config/compiled.js";
import { contextOf, layerPath, resolveReply, scheduleFor, type LayerContext } from "../config/layers.js";
import type { TraceEntry } from "../explain/trace.js";
import type { CompiledReply } from "../config/compiled.js";
import type { ReplyKind } from "../model/types.js";
import { formatQueueNum, type TemplateValues } from "../render/template.js";
import { maskPersonal } from "../render/mask.js";
import { nextOpenText } from "../time/variant.js";
import { periodAt, type CompiledSchedule, type PeriodAt } from "../time/schedule.js";
import type { StateDraft } from "./draft.js";
import { listOf } from "./placement.js";

/** A reply kind that the layers resolve (keyword rules are matched instead). */
export type Kind = Exclude<ReplyKind, "keyword" | "prompt">;

/**
 * What a decision looks up in the config for the conversation as the draft has it now, and caches
 * for its next lookups: the layer context of who the visitor is with (rebuilt only when the agent
 * or group changes), the period of the event's time (one `Intl` reading per schedule and decision).
 */
export class Lookups {
  /** The layer context last built, and the designated group it was built for (see `context`). */
  private cached: { readonly context: LayerContext; readonly group: string | null } | null = null;
  /** The last period looked up. */
  private periodMemo: PeriodAt | undefined = undefined;

  constructor(
    private readonly config: CompiledConfig,
    private readonly s: StateDraft,
    /** The event's time. */
    private readonly at: number,
    /** Whether the decision explains: `path` is looked up only then. */
    private readonly explain: boolean,
  ) {}

  /** Who the conversation is with now, for layer lookups. */
  context(): LayerContext {
    const c = this.cached;
    if (c !== null && c.context.agent === this.s.agent && c.group === this.s.group) return c.context;
    const context = contextOf(this.config, this.s.agent, this.s.group, this.s.channel);
    this.cached = { context, group: this.s.group };
    return context;
  }

  /** The setting of `kind` that applies to this conversation now (L-ORDER). */
  resolve(kind: Kind): CompiledReply | undefined {
    return resolveReply(this.config, kind, this.context());
  }

  /** The layer path for `kind` in this conversation, when explaining. */
  path(kind: Kind): Pick<TraceEntry, "layers"> {
    return this.explain ? { layers: layerPath(this.config, kind, this.context()) } : {};
  }

  /** The schedule that applies to a reply of `layer` in this conversation (H-LAYER), or `null`. */
  schedule(layer: CompiledReply["layer"]): CompiledSchedule | null {
    return scheduleFor(this.config, layer, this.context());
  }

  /** The period of the event's time in `schedule` (spec H-PERIOD). */
  period(schedule: CompiledSchedule): PeriodAt {
    const memo = this.periodMemo;
    if (memo !== undefined && memo.schedule === schedule.name) return memo;
    this.periodMemo = periodAt(schedule, this.at);
    return this.periodMemo;
  }

  /** `<<next_open>>` for a reply: the next opening of its schedule, or `""` (the fallback) without one. */
  nextOpen(reply: CompiledReply): string {
    return nextOpenText(this.schedule(reply.layer), this.at);
  }

  /** The values placeholders are filled with. */
  values(): TemplateValues {
    const s = this.s;
    const agent = s.agent === null ? undefined : this.config.agents.get(s.agent);
    const inQueue = listOf(s.phase, s.waitingIn) === "queued";
    return {
      // Empty when no agent is assigned or designated; an offline agent keeps a name (seed 003 lines 9, 39).
      staff_name: agent?.name ?? "",
      // What the host gave, masked (spec C-MASK-VALUES): nothing downstream sees the number itself.
      nick_name: this.config.compliance.maskValues ? maskPersonal(s.nickname) : s.nickname,
      queue_num: inQueue ? formatQueueNum(s.position) : "",
      next_open: "",
    };
  }
}
