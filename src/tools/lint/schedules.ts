// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal } from "../../core/index.js";
import type { Finding } from "./finding.js";
import { list, phrase, worded, type LintText } from "./words.js";
import type { CompiledConfig, CompiledReply, CompiledSchedule, Layer, Period } from "../../core/internal.js";

const { civilOf, dayFromCivil, layerReplies, resolveReply, scheduleFor } = __internal;


/** Every reply with `periods`, with the layer and owner it is set on. */
function withPeriods(config: CompiledConfig): { reply: CompiledReply; layer: Layer; owner: string }[] {
  const out: { reply: CompiledReply; layer: Layer; owner: string }[] = [];
  const add = (replies: Iterable<CompiledReply | undefined>, layer: Layer, owner: string) => {
    // A survey's thanks is set where its survey is.
    for (const reply of replies) for (const r of [reply, reply?.survey?.thanks]) if (r?.periods != null) out.push({ reply: r, layer, owner });
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
      findings.push({ id: "schedule-closed", severity: "warning", path: `${path}.hours`, ...worded(phrase("schedule-closed", { schedule: s.name }), phrase("schedule-closed.hint", {})) });
    }
    for (const at of s.overlaps) findings.push({ id: "schedule-overlap", severity: "info", path: at, ...worded(phrase("schedule-overlap", {}), phrase("schedule-overlap.hint", {})) });
    if (now !== undefined && s.holidays.length > 0) {
      const { year } = civilOf(Math.floor(now / 86_400_000));
      const last = s.holidays[s.holidays.length - 1]?.[1] ?? 0;
      if (last < dayFromCivil(year + 1, 1, 1)) {
        findings.push({ id: "holidays-end", severity: "warning", path: `${path}.holidays`, ...worded(phrase("holidays-end", { schedule: s.name, year: year + 1 }), phrase("holidays-end.hint", {})) });
      }
    }
  }
  for (const { reply, layer, owner } of withPeriods(config)) {
    const schedules = reachable(config, layer, owner);
    if (schedules.size === 0) {
      findings.push({ id: "variant-unreachable", severity: "warning", path: `${reply.path}.periods`, ...worded(phrase("variant-unreachable.none", {}), phrase(`variant-unreachable.hint.${layer}`, {})) });
      continue;
    }
    for (const period of Object.keys(reply.periods ?? {}) as Period[]) {
      if (![...schedules].some((s) => produces(s, period))) {
        const hint: LintText = period === "open" ? phrase("variant-unreachable.hint.open", {}) : phrase("variant-unreachable.hint.add", { field: period === "holiday" ? "holidays" : period });
        findings.push({ id: "variant-unreachable", severity: "info", path: `${reply.path}.periods.${period}`, ...worded(phrase("variant-unreachable.period", { period: phrase(`period.${period}`, {}), schedules: list("join.comma", [...schedules].map((s) => s.name)) }), hint) });
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
      const duty = "agent" in schedule.duty ? phrase("urgent-words.duty.agent", { agent: schedule.duty.agent }) : phrase("urgent-words.duty.group", { group: schedule.duty.group });
      const template = phrase(reply.alert ? "urgent-words.template.alert" : "urgent-words.template", {});
      const lists = { replyList: words, scheduleList: urgent };
      const parts = [
        ...(replyOnly.length === 0 ? [] : [phrase(replyOnly.length === 1 ? "urgent-words.reply-only.one" : "urgent-words.reply-only.other", { words: list("join.comma", replyOnly), template, duty, ...lists })]),
        ...(scheduleOnly.length === 0 ? [] : [phrase(scheduleOnly.length === 1 ? "urgent-words.schedule-only.one" : "urgent-words.schedule-only.other", { words: list("join.comma", scheduleOnly), template, duty, ...lists })]),
      ];
      const additions = [
        ...(replyOnly.length === 0 ? [] : [phrase("urgent-words.add", { words: list("join.comma", replyOnly), list: urgent })]),
        ...(scheduleOnly.length === 0 ? [] : [phrase("urgent-words.add", { words: list("join.comma", scheduleOnly), list: words })]),
      ];
      findings.set(key, {
        id: "urgent-words",
        severity: "warning",
        // Where the first hint adds words: the schedule's list, else the reply's.
        path: replyOnly.length > 0 ? urgent : words,
        ...worded(phrase("urgent-words", { parts: list("join.semicolon", parts) }), phrase("urgent-words.hint", { additions: list("join.and", additions) })),
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
      if (v.weight === 0) findings.push({ id: "ab-weight", severity: "info", path: `${reply.path}.ab.variants[${i}].weight`, ...worded(phrase("ab-weight.zero", { variant: v.id, experiment: reply.ab?.experiment ?? "" }), phrase("ab-weight.zero.hint", {})) });
    });
    const ab = reply?.ab;
    const looksLikePercent = ab != null && ab.variants.length >= 2 && ab.variants.every((v) => v.weight <= 100) && ab.total >= 50 && ab.total <= 150 && ab.total !== 100;
    if (reply !== undefined && ab != null && looksLikePercent) {
      const split = list("join.comma", ab.variants.map((v) => phrase("ab-weight.share", { variant: v.id, percent: ((100 * v.weight) / ab.total).toFixed(1) })));
      findings.push({ id: "ab-weight", severity: "warning", path: `${reply.path}.ab.variants`, ...worded(phrase("ab-weight.shares", { experiment: ab.experiment, total: ab.total, split }), phrase("ab-weight.shares.hint", {})) });
    }
  }
  return findings;
}
