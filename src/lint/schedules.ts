import type { CompiledConfig, CompiledReply } from "../config/compiled.js";
import { layerReplies } from "../config/layers.js";
// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal } from "../index.js";
import type { Layer } from "../model/types.js";
import type { CompiledSchedule, Period } from "../time/schedule.js";
import type { Finding } from "./lint.js";

const { scheduleFor, civilOf, dayFromCivil, resolveReply } = __internal;

/** Every reply with `periods`, with the layer and owner it is set on. */
function withPeriods(config: CompiledConfig): { reply: CompiledReply; layer: Layer; owner: string }[] {
  const out: { reply: CompiledReply; layer: Layer; owner: string }[] = [];
  const add = (replies: Iterable<CompiledReply | undefined>, layer: Layer, owner: string) => {
    for (const reply of replies) if (reply?.periods != null) out.push({ reply, layer, owner });
  };
  add(Object.values(config.app), "app", "");
  for (const [name, replies] of config.channelReplies) add(Object.values(replies), "channel", name);
  for (const g of config.groups.values()) add(Object.values(g.replies), "group", g.id);
  for (const a of config.agents.values()) add(Object.values(a.replies), "agent", a.id);
  for (const rule of config.keywords.rules) add([rule.payload.reply], rule.payload.layer, rule.payload.owner);
  return out;
}

/** The schedules that can choose a variant of a reply set on `layer` by `owner`: one per conversation it can apply in. */
function reachable(config: CompiledConfig, layer: Layer, owner: string): Set<CompiledSchedule> {
  const out = new Set<CompiledSchedule>();
  // Only the reply's layer and those above it are asked (H-LAYER): an agent's reply meets every group
  // and channel, a group's every channel, a channel's and the app's only their own.
  const agents: (string | null)[] = layer === "agent" ? [owner] : [null];
  const groups: (string | null)[] = layer === "group" ? [owner] : layer === "agent" ? [null, ...config.groups.keys()] : [null];
  const channels = layer === "channel" ? [owner] : layer === "app" ? [...config.channels.keys()].slice(0, 1) : [...config.channels.keys()];
  for (const agent of agents) {
    for (const group of groups) {
      const g = group ?? (agent === null ? null : (config.agents.get(agent)?.group ?? null));
      for (const channel of channels) {
        const s = scheduleFor(config, layer, { agent, group: g, channel });
        if (s !== null) out.add(s);
      }
    }
  }
  return out;
}

/** Whether a schedule can ever put an instant in `period`. */
function produces(s: CompiledSchedule, period: Period): boolean {
  const opens = s.hours.some((day) => day.length > 0);
  switch (period) {
    case "open":
      return opens;
    case "lunch":
      return s.lunch !== null && opens;
    case "night":
      return s.night !== null;
    case "holiday":
      return s.holidays.length > 0;
    case "closed":
      return true;
  }
}

/**
 * The schedule checks of issue 11: a schedule that never opens (schedule-closed), intervals of a day
 * that overlap (schedule-overlap), holidays that end before next year (holidays-end, with `now`), a
 * reply whose periods no schedule reaches, or a variant for a period its schedules never give
 * (variant-unreachable).
 */
export function scheduleFindings(config: CompiledConfig, now: number | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const s of config.schedules.values()) {
    const path = `schedules.${s.name}`;
    if (s.hours.every((day) => day.length === 0)) {
      findings.push({ id: "schedule-closed", severity: "warning", path: `${path}.hours`, message: `the schedule ${s.name} has no open hours on any weekday: every time is outside the hours`, hint: "give the weekdays their hours, e.g. hours: { mon: 09:00-18:00 }" });
    }
    for (const at of s.overlaps) findings.push({ id: "schedule-overlap", severity: "info", path: at, message: "intervals of this day overlap; they count as one", hint: "write each stretch of open time once" });
    if (now !== undefined && s.holidays.length > 0) {
      const { year } = civilOf(Math.floor(now / 86_400_000));
      const last = s.holidays[s.holidays.length - 1]?.[1] ?? 0;
      if (last < dayFromCivil(year + 1, 1, 1)) {
        findings.push({ id: "holidays-end", severity: "warning", path: `${path}.holidays`, message: `the last holiday of ${s.name} is before ${year + 1}: next year's holidays are not listed`, hint: "add next year's public holidays and make-up working days (China's change every year: National Day, Spring Festival)" });
      }
    }
  }
  for (const { reply, layer, owner } of withPeriods(config)) {
    const schedules = reachable(config, layer, owner);
    if (schedules.size === 0) {
      findings.push({ id: "variant-unreachable", severity: "warning", path: `${reply.path}.periods`, message: "no layer at or above this reply names a schedule: its periods are never used", hint: `give the ${layer === "app" ? "app" : `${layer} or a layer above it`} a schedule: schedule: <name>` });
      continue;
    }
    for (const period of Object.keys(reply.periods ?? {}) as Period[]) {
      if (![...schedules].some((s) => produces(s, period))) {
        findings.push({ id: "variant-unreachable", severity: "info", path: `${reply.path}.periods.${period}`, message: `no schedule this reply can use has a ${period} period (${[...schedules].map((s) => s.name).join(", ")})`, hint: period === "open" ? "give the schedule open hours" : `add ${period === "holiday" ? "holidays" : period} to the schedule, or remove this variant` });
      }
    }
  }
  return findings;
}

/** The words of `from` that no word of `to` is part of: a message with one of them holds none of `to`'s words (matching finds a word inside the message). */
function uncovered(from: readonly string[], to: readonly string[]): string[] {
  return [...new Set(from.map((w) => w.trim()))].filter((w) => w !== "" && !to.some((t) => t.trim() !== "" && w.includes(t.trim())));
}

/**
 * urgent-words (issue 28): the urgent reply's `words` send the template and its alert (E-URGENT); the
 * schedule's `urgent` words transfer to its duty (D-URGENT, D-OFF-HOURS). In a conversation where both
 * apply, a word in one list only does half of it: 加急 in the reply's list only gets the template and an
 * alert, and no transfer. Checked per conversation the layers can make (each agent with its group, each
 * group and none, on each channel), each pair of lists once.
 */
export function urgentWordFindings(config: CompiledConfig): Finding[] {
  if (config.schedules.size === 0) return [];
  const findings = new Map<string, Finding>();
  const contexts = [
    ...[null, ...config.groups.keys()].map((group) => ({ agent: null, group })),
    ...[...config.agents.values()].map((a) => ({ agent: a.id, group: a.group ?? null })),
  ];
  for (const channel of config.channels.keys()) {
    for (const c of contexts) {
      const context = { ...c, channel };
      const reply = resolveReply(config, "urgent", context);
      const schedule = scheduleFor(config, "agent", context);
      if (reply === undefined || schedule === null || schedule.duty === null) continue;
      const key = `${reply.path}|${schedule.name}`;
      if (findings.has(key)) continue;
      const replyOnly = uncovered(reply.words, schedule.urgent);
      const scheduleOnly = uncovered(schedule.urgent, reply.words);
      if (replyOnly.length === 0 && scheduleOnly.length === 0) continue;
      const words = `${reply.path}.words`;
      const urgent = `schedules.${schedule.name}.urgent`;
      const duty = "agent" in schedule.duty ? `agent ${schedule.duty.agent}` : `group ${schedule.duty.group}`;
      const template = `the urgent reply${reply.alert ? " and its alert" : ""}`;
      const list = (ws: readonly string[]) => ws.join(", ");
      const parts = [
        ...(replyOnly.length === 0 ? [] : [`a message with ${list(replyOnly)} gets ${template} but is not transferred to the duty ${duty} (in do-not-disturb or outside the hours): ${replyOnly.length === 1 ? "it is" : "they are"} in ${words}, not in ${urgent}`]),
        ...(scheduleOnly.length === 0 ? [] : [`a message with ${list(scheduleOnly)} is transferred to the duty ${duty} without ${template}: ${scheduleOnly.length === 1 ? "it is" : "they are"} in ${urgent}, not in ${words}`]),
      ];
      const hints = [...(replyOnly.length === 0 ? [] : [`${list(replyOnly)} to ${urgent}`]), ...(scheduleOnly.length === 0 ? [] : [`${list(scheduleOnly)} to ${words}`])];
      findings.set(key, {
        id: "urgent-words",
        severity: "warning",
        // Where the first hint adds words: the schedule's list, else the reply's.
        path: replyOnly.length > 0 ? urgent : words,
        message: `the two lists of urgent words differ: ${parts.join("; ")}`,
        hint: `add ${hints.join(" and ")}, so that both lists hold the same words (or remove a word from the list it is not meant for)`,
      });
    }
  }
  return [...findings.values()];
}

/**
 * ab-weight: a variant of an A/B test that weighs 0 is never sent (AB-ASSIGN); weights written as
 * percentages that do not add up to 100 (50 and 40) are shares, and the split is not what they say.
 */
export function abFindings(config: CompiledConfig): Finding[] {
  const findings: Finding[] = [];
  const replies = [...layerReplies(config), ...config.keywords.rules.map((r) => r.payload.reply), ...config.prompts.all];
  for (const reply of replies) {
    reply?.ab?.variants.forEach((v, i) => {
      if (v.weight === 0) findings.push({ id: "ab-weight", severity: "info", path: `${reply.path}.ab.variants[${i}].weight`, message: `variant ${v.id} of experiment ${reply.ab?.experiment ?? ""} weighs 0: no conversation gets it`, hint: "give it a weight, or remove it once the test is over" });
    });
    const ab = reply?.ab;
    const looksLikePercent = ab != null && ab.variants.length >= 2 && ab.variants.every((v) => v.weight <= 100) && ab.total >= 50 && ab.total <= 150 && ab.total !== 100;
    if (reply !== undefined && ab != null && looksLikePercent) {
      const split = ab.variants.map((v) => `${v.id} ${((100 * v.weight) / ab.total).toFixed(1)}%`).join(", ");
      findings.push({ id: "ab-weight", severity: "warning", path: `${reply.path}.ab.variants`, message: `the weights of experiment ${ab.experiment} add up to ${ab.total}, not 100: they are shares, so the split is ${split}`, hint: "make them add up to 100 if they are percentages" });
    }
  }
  return findings;
}
