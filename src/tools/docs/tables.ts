// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal, compile, formatDuration, type Engine } from "../../core/index.js";
import { pipelineTables } from "./pipeline.js";
import type { CompiledPrompt, ConversationState, Decision, EngineEvent, KeywordCondition, TimerName } from "../../core/internal.js";

const { keywordApplies } = __internal;
// Declared with its type, so that TypeScript narrows after a call (it returns never).
const fail: typeof __internal.fail = __internal.fail;

/** Where a row starts: how the conversation got into its phase, from a new conversation. */
interface Setup {
  readonly label: string;
  readonly online: "agent" | "nobody";
  /** Events from a new conversation; `A` stands for the reference agent. */
  readonly events: readonly Omit<EngineEvent, "at">[];
}

/** One situation of a table, decided by the engine. */
interface Row {
  readonly decision: Decision;
}

const PLAIN = "zzqx 0"; // a message that matches no keyword rule (checked)

export function keywordText(c: KeywordCondition): string {
  if (c.exact[0] !== undefined) return c.exact[0];
  return `${c.prefix[0] ?? ""}${c.any[0] ?? ""}${c.all.map((g) => g[0] ?? "").join("")}`;
}

class Situations {
  readonly engine: Engine;
  readonly agent: string;
  readonly channel: string;
  readonly keyword: string | null;
  /** Every phase change seen while building the tables: the state diagram. */
  readonly edges = new Set<string>();

  constructor(
    readonly input: Readonly<Record<string, unknown>>,
    switches: Readonly<Record<string, boolean>> = {},
  ) {
    const base = (input["switches"] ?? {}) as Record<string, boolean>;
    this.engine = compile({ ...input, switches: { ...base, ...switches } });
    const agent = [...this.engine.config.agents.keys()][0];
    if (agent === undefined) {
      fail("CONFIG_INVALID", "the decision tables need a config with at least one agent: add one under agents", [
        { path: "agents", expected: "at least one agent", received: "none", hint: "add an agent, e.g. agents: { zhangsan: { name: 张三 } }" },
      ]);
    }
    this.agent = agent;
    this.channel = this.engine.config.channels.has("web") ? "web" : ([...this.engine.config.channels.keys()][0] as string);
    // The first app rule gives the keyword message; it must match in every phase, as app rules do.
    const rule = this.engine.config.keywords.rules.find((r) => r.payload.layer === "app");
    const text = rule === undefined ? null : keywordText(rule.condition);
    const context = { agent: null, group: null, channel: this.channel };
    this.keyword = text !== null && this.engine.config.keywords.match(text, (o) => keywordApplies(o, context)) !== undefined ? text : null;
    if (this.engine.config.keywords.match(PLAIN, (o) => keywordApplies(o, context)) !== undefined) {
      fail("CONFIG_INVALID", `a keyword rule matches "${PLAIN}", the message the tables use for "no keyword"; narrow that rule`);
    }
  }

  /**
   * Runs the setup, then decides `event` with explain on. `{ timer }` stands for the first pending
   * timer of that name: the timers due before it fire first, as part of the setup.
   */
  decide(setup: Setup, event: Omit<EngineEvent, "at"> | { readonly timer: TimerName }, label: string, record = true): Row {
    const online = setup.online === "agent" ? [this.agent] : [];
    let state: ConversationState = this.engine.start({ conversation: "tables", channel: this.channel, visitor: { nickname: "小明" }, online });
    let at = 0;
    let last: Decision | undefined;
    for (const e of setup.events) {
      last = this.engine.decide(state, this.bind({ ...e, at: (at += 1000) } as EngineEvent));
      state = last.state;
    }
    let full: EngineEvent;
    if ("type" in event) full = this.bind({ ...event, at: at + 1000 } as EngineEvent);
    else {
      for (let t = last?.timers[0]; t !== undefined && t.timer !== event.timer; t = last.timers[0]) {
        last = this.engine.decide(state, { type: "timer", at: t.due, timer: t.timer, due: t.due });
        state = last.state;
      }
      const due = last?.timers.find((t) => t.timer === event.timer);
      if (due === undefined) throw new Error(`the tables' setup "${setup.label}" arms no ${event.timer} timer`);
      full = { type: "timer", at: due.due, timer: due.timer, due: due.due };
    }
    const decision = this.engine.decide(state, full, { explain: true });
    if (record && decision.state.phase !== state.phase) this.edges.add(`${state.phase} --> ${decision.state.phase}: ${label}`);
    return { decision };
  }

  /** Whether the setup (with the timers due before it) ever arms a timer of that name. */
  arms(setup: Setup, timer: TimerName): boolean {
    try {
      this.decide(setup, { timer }, "", false);
      return true;
    } catch {
      return false;
    }
  }

  /** Replaces the agent placeholder `A` in an event with the reference agent. */
  private bind(e: EngineEvent): EngineEvent {
    const json = JSON.stringify(e).replaceAll('"agent":"A"', `"agent":${JSON.stringify(this.agent)}`).replaceAll('"online":["A"]', `"online":[${JSON.stringify(this.agent)}]`);
    return JSON.parse(json) as EngineEvent;
  }
}

/** Transition labels of the state diagram: plain words, which every Mermaid version reads. */
const ROUTED = {
  agent: "visitor.message, route agent",
  queue: "visitor.message, route queue",
  robot: "visitor.message, route robot",
  none: "visitor.message, no route",
} as const;

const msg = (text: string, route?: unknown): Omit<EngineEvent, "at"> => ({ type: "visitor.message", text, ...(route === undefined ? {} : { route }) }) as Omit<EngineEvent, "at">;

/** The phases a conversation can be in, each reached the way a host would get there. */
function setups(): Setup[] {
  const list: Setup[] = [
    { label: "ended (no session)", online: "agent", events: [] },
    { label: "robot", online: "agent", events: [msg(PLAIN, { robot: true })] },
    { label: "queued", online: "agent", events: [msg(PLAIN, { queue: 3 })] },
    { label: "serving", online: "agent", events: [msg(PLAIN, { agent: "A" })] },
    { label: "offline, in the serving list", online: "agent", events: [msg(PLAIN, { agent: "A" }), { type: "presence", online: [] } as Omit<EngineEvent, "at">] },
    { label: "offline, in the queue", online: "nobody", events: [msg(PLAIN, { queue: 3 })] },
  ];
  return list;
}

/** What a decision sent, as a cell: kinds in order, with the message count when more than one. */
function sent(d: Decision): string {
  if (d.replies.length === 0) return "—";
  return d.replies.map((r) => (r.messages.length > 1 ? `${r.kind} ×${r.messages.length}` : r.kind)).join(", ");
}

/** What a decision did not send, and the rule why: suppressed, switched off, held, cut. */
function notSent(d: Decision): string {
  const shown = new Set(["suppressed", "switchOff", "interval", "quota", "window", "muted", "content"]);
  const items = (d.trace ?? []).filter((t) => shown.has(t.verdict) || (t.verdict === "sent" && (t.cut ?? 0) > 0));
  if (items.length === 0) return "—";
  return items.map((t) => `${t.kind} (${t.verdict === "sent" ? `${t.cut} cut, Q-CUT` : t.by ?? t.verdict})`).join(", ");
}

function timers(d: Decision): string {
  return d.timers.length === 0 ? "—" : d.timers.map((t) => t.timer).join(", ");
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function messageTable(s: Situations): string {
  const rows: string[][] = [];
  const cases: { from: Setup; route: string; label: string; event: (text: string) => Omit<EngineEvent, "at"> }[] = [];
  const [ended, robot, queued, serving, offServing, offQueue] = setups() as [Setup, Setup, Setup, Setup, Setup, Setup];
  cases.push(
    { from: ended, route: "{ agent }, agent online", label: ROUTED.agent, event: (t) => msg(t, { agent: "A" }) },
    { from: { ...ended, online: "nobody" }, route: "{ agent }, agent offline", label: ROUTED.agent, event: (t) => msg(t, { agent: "A" }) },
    { from: ended, route: "{ queue }, an agent online", label: ROUTED.queue, event: (t) => msg(t, { queue: 3 }) },
    { from: { ...ended, online: "nobody" }, route: "{ queue }, everyone offline", label: ROUTED.queue, event: (t) => msg(t, { queue: 3 }) },
    { from: ended, route: "none (PLACE-DEFAULT)", label: ROUTED.none, event: (t) => msg(t) },
    { from: ended, route: "{ robot: true }", label: ROUTED.robot, event: (t) => msg(t, { robot: true }) },
    { from: robot, route: "—", label: ROUTED.none, event: (t) => msg(t) },
    { from: queued, route: "—", label: ROUTED.none, event: (t) => msg(t) },
    { from: serving, route: "—", label: ROUTED.none, event: (t) => msg(t) },
    { from: offServing, route: "—", label: ROUTED.none, event: (t) => msg(t) },
    { from: offQueue, route: "—", label: ROUTED.none, event: (t) => msg(t) },
  );
  for (const c of cases) {
    for (const keyword of s.keyword === null ? [false] : [false, true]) {
      const row = s.decide(c.from, c.event(keyword ? (s.keyword as string) : PLAIN), c.label);
      rows.push([c.from.label, c.route, s.keyword === null ? "—" : keyword ? "yes" : "no", row.decision.state.phase, sent(row.decision), notSent(row.decision), timers(row.decision)]);
    }
  }
  return table(["before", "route", "keyword", "after", "sent, in order", "not sent (rule)", "timers after"], rows);
}

function switchTable(input: Readonly<Record<string, unknown>>, parent: Situations): string {
  const rows: string[][] = [];
  const variants: { name: string; setup: Setup; event: Omit<EngineEvent, "at">; label: string; what: string }[] = [
    { name: "receivedWhileServing", setup: setups()[3] as Setup, event: msg(PLAIN), label: ROUTED.none, what: "serving, a message with no keyword" },
    { name: "acceptedFromQueue", setup: setups()[2] as Setup, event: { type: "agent.accepted", agent: "A" } as Omit<EngineEvent, "at">, label: "agent.accepted", what: "queued, agent.accepted" },
    { name: "robot", setup: setups()[0] as Setup, event: msg(PLAIN), label: ROUTED.none, what: "no session, a message with no route" },
    { name: "idleEnd", setup: setups()[0] as Setup, event: msg(PLAIN, { agent: "A" }), label: ROUTED.agent, what: "a message that enters serving" },
  ];
  for (const v of variants) {
    const cells = [v.name, v.what];
    for (const on of [false, true]) {
      const s = new Situations(input, { [v.name]: on });
      const row = s.decide(v.setup, v.event, v.label);
      for (const edge of s.edges) parent.edges.add(edge);
      cells.push(`${row.decision.state.phase}: ${sent(row.decision)}; timers: ${timers(row.decision)}`);
    }
    rows.push(cells);
  }
  return table(["switch", "situation", "off", "on"], rows);
}

function timerTable(s: Situations): string {
  const serving = setups()[3] as Setup;
  const answered: Setup = { label: "serving", online: "agent", events: [...serving.events, { type: "agent.message" } as Omit<EngineEvent, "at">] };
  const cases: { what: string; setup: Setup; timer: TimerName }[] = [
    { what: "the visitor wrote, no agent answer", setup: serving, timer: "agentSilent" },
    { what: "the agent answered, the visitor is silent", setup: answered, timer: "visitorSilent" },
    { what: "the agent answered, the visitor stays silent", setup: answered, timer: "autoEnd" },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    if (!s.arms(c.setup, c.timer)) continue;
    const row = s.decide(c.setup, { timer: c.timer }, `timer ${c.timer}`);
    rows.push([c.what, c.timer, row.decision.state.phase, sent(row.decision), timers(row.decision)]);
  }
  return rows.length === 0 ? "No timer is configured." : table(["serving, and", "timer due", "after", "sent", "timers after"], rows);
}

function transferTable(s: Situations): string {
  const robot = setups()[1] as Setup;
  const rows: string[][] = [];
  for (const [route, label, online] of [
    [{ agent: "A" }, "{ agent }, agent online", "agent"],
    [{ queue: 3 }, "{ queue }, an agent online", "agent"],
    [{ queue: 3 }, "{ queue }, everyone offline", "nobody"],
  ] as const) {
    const row = s.decide({ ...robot, online }, { type: "visitor.transfer", route } as Omit<EngineEvent, "at">, "visitor.transfer");
    rows.push([label, row.decision.state.phase, sent(row.decision), notSent(row.decision), timers(row.decision)]);
  }
  return table(["route", "after", "sent", "not sent (rule)", "timers after"], rows);
}

function endTable(s: Situations): string {
  const rows: string[][] = [];
  for (const from of setups().slice(1)) {
    for (const batch of [false, true]) {
      const row = s.decide(from, { type: "agent.ended", batch } as Omit<EngineEvent, "at">, "agent.ended");
      rows.push([from.label, batch ? "yes" : "no", row.decision.state.phase, sent(row.decision), notSent(row.decision)]);
    }
  }
  return table(["before", "batch", "after", "sent", "not sent (rule)"], rows);
}

function openedTable(s: Situations): string {
  const rows = setups().map((from) => {
    const row = s.decide(from, { type: "visitor.opened" } as Omit<EngineEvent, "at">, "visitor.opened");
    return [from.label, sent(row.decision)];
  });
  return table(["phase", "sent"], rows);
}

function presenceTable(s: Situations): string {
  const rows: string[][] = [];
  for (const from of setups().slice(1)) {
    for (const online of [true, false]) {
      const row = s.decide(from, { type: "presence", online: online ? ["A"] : [] } as Omit<EngineEvent, "at">, online ? "presence, agent online" : "presence, all offline");
      rows.push([from.label, online ? "the agent online" : "everyone offline", row.decision.state.phase, notSent(row.decision), timers(row.decision)]);
    }
  }
  return table(["before", "presence", "after", "stopped (rule)", "timers after"], rows);
}

function acceptedTable(s: Situations): string {
  const [, , queued, , , offQueue] = setups() as Setup[];
  const rows = [queued as Setup, offQueue as Setup].map((from) => {
    const row = s.decide(from, { type: "agent.accepted", agent: "A" } as Omit<EngineEvent, "at">, "agent.accepted");
    return [from.label, row.decision.state.phase, sent(row.decision), notSent(row.decision), timers(row.decision)];
  });
  return table(["before", "after", "sent", "not sent (rule)", "timers after"], rows);
}

/** The effects of a decision, as a cell: `alert (E-URGENT)`, `transfer → group g (E-REPEATED)`, `tag 售后需求 (G-TAG)`. */
function effects(d: Decision): string {
  if (d.effects.length === 0) return "—";
  return d.effects
    .map((e) => {
      if (e.type === "transfer") return `transfer → ${e.to === undefined ? "any human" : "agent" in e.to ? `agent ${e.to.agent}` : `group ${e.to.group}`} (${e.by})`;
      if (e.type === "tag") return `tag ${e.tag} (${e.by})`;
      if (e.type === "route") return `route → ${e.group} (${e.by})`;
      return `${e.type} (${e.by})`;
    })
    .join(", ");
}

/** The escalation triggers, tags and routes the config sets (issue 12), each run on a served visitor. */
function escalationTable(s: Situations): string {
  const serving = setups()[3] as Setup;
  const app = s.engine.config.app;
  const rows: string[][] = [];
  // The agent answers first, so that each row counts its own messages (an unanswered count would add up otherwise).
  const answered = { type: "agent.message" } as Omit<EngineEvent, "at">;
  const row = (trigger: string, situation: string, before: readonly Omit<EngineEvent, "at">[], event: Omit<EngineEvent, "at">) => {
    const d = s.decide({ ...serving, events: [...serving.events, answered, ...before] }, event, trigger).decision;
    rows.push([trigger, situation, sent(d), notSent(d), effects(d)]);
  };
  const word = (words: readonly string[]) => words[0] ?? "";
  if (app.urgent !== undefined) row("urgent (E-URGENT)", `a message with "${word(app.urgent.words)}"`, [], msg(`我要${word(app.urgent.words)}`));
  if (app.upset !== undefined) row("upset (E-UPSET)", `a message with "${word(app.upset.words)}"`, [], msg(word(app.upset.words)));
  const repeated = app.repeated;
  if (repeated?.count != null) row("repeated (E-REPEATED)", `the same message ${repeated.count} times in a row`, Array.from({ length: repeated.count - 1 }, () => msg("还是不行")), msg("还是不行"));
  const unanswered = app.unanswered;
  // Different texts, so that a repeated reply does not answer them.
  if (unanswered?.count != null) row("unanswered (E-UNANSWERED)", `${unanswered.count} different messages without a human answer`, Array.from({ length: unanswered.count - 1 }, (_, i) => msg(`zzqx ${i + 1}`)), msg(`zzqx ${unanswered.count}`));
  for (const rule of s.engine.config.tags.index.rules) {
    const text = keywordText(rule.condition);
    if (text !== null) row(`tag ${rule.payload.tag} (${rule.payload.count > 1 ? "G-TAG-COUNT" : "G-TAG"})`, `${rule.payload.count > 1 ? `${rule.payload.count} messages` : "a message"} with "${text}"`, Array.from({ length: rule.payload.count - 1 }, () => msg(text)), msg(text));
  }
  for (const rule of s.engine.config.tags.routes.rules) {
    const text = keywordText(rule.condition);
    if (text !== null) row(`route → ${rule.payload.group} (G-ROUTE)`, `a message with "${text}"`, [], msg(text));
  }
  if (rows.length === 0) return "The app layer sets no urgent, upset, repeated or unanswered reply, and the config no tag or route rule.";
  return [`A served visitor (agent \`${s.agent}\`) whom the agent has just answered; each row is the decision of the row's last message, every rule of the config on. Facts from the host are not given.`, "", table(["trigger", "situation", "sent", "not sent", "effects"], rows)].join("\n");
}

/** A page view that meets a prompt's `when` at its thresholds (the host's facts given; tags only the tag rules give). */
function viewFor(p: CompiledPrompt, source: string | undefined): Readonly<Record<string, unknown>> {
  const w = p.when;
  const page = w.pages[0] ?? (w.prefixes[0] === undefined ? "/" : `${w.prefixes[0]}x`);
  return {
    type: "visitor.page",
    page,
    ...(w.pageTypes[0] === undefined ? {} : { pageType: w.pageTypes[0] }),
    ...(source === undefined ? {} : { source }),
    ...(w.dwell === null ? {} : { dwell: w.dwell }),
    ...(w.scroll === null ? {} : { scroll: w.scroll }),
    ...(w.visits === null ? {} : { visits: w.visits }),
    ...(w.form ? { form: "open" } : {}),
    ...(w.facts.length === 0 ? {} : { facts: w.facts }),
  };
}

/** A page view as a cell. */
function viewText(view: Readonly<Record<string, unknown>>): string {
  return Object.entries(view)
    .filter(([k]) => k !== "type")
    .map(([k, v]) => `${k} ${k === "dwell" ? formatDuration(v as number) : Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
}

/** The proactive prompts of the reference channel (seed 000), in the order they are tried, each on a page view at its thresholds. */
function promptTable(s: Situations): string {
  const prompts = s.engine.config.prompts;
  const list = prompts.byChannel.get(s.channel) ?? prompts.app;
  if (list.length === 0) return `No layer of channel \`${s.channel}\` sets a prompt rule.`;
  const rows: string[][] = [];
  const fresh = (online: "agent" | "nobody") => ({ label: "ended (no session)", online, events: [] }) as Setup;
  for (const reply of list) {
    const p = reply.prompt as CompiledPrompt;
    const source = p.when.sources.find((x) => !prompts.ads.includes(x));
    const views: [string, Readonly<Record<string, unknown>>][] = [["", viewFor(p, source ?? p.when.sources[0])]];
    const ad = prompts.ads[0];
    if (p.ad !== null && ad !== undefined && (p.when.sources.length === 0 || p.when.sources.includes(ad))) views.push([" (ad traffic)", viewFor(p, ad)]);
    for (const [what, view] of views) {
      for (const online of ["agent", "nobody"] as const) {
        const d = s.decide(fresh(online), view as Omit<EngineEvent, "at">, "visitor.page", false).decision;
        const tags = p.when.tagNames.length === 0 ? "" : ` (needs tags ${p.when.tagNames.join(", ")})`;
        const shown = d.replies.map((r) => `${r.kind} ${r.rule}${r.capture === true ? " (capture)" : ""}${r.buttons === undefined ? "" : ` [${r.buttons.map((b) => b.text).join(" / ")}]`}`).join(", ") || "—";
        const unmet = d.trace?.find((x) => x.rule === reply.id && x.verdict === "noMatch");
        const why = d.replies.length === 0 && d.dropped.length === 0 && unmet !== undefined ? `when not met: ${unmet.detail}` : notSent(d);
        rows.push([`${reply.id} (priority ${p.priority}, ${reply.layer})`, `${viewText(view)}${what}${tags}`, online === "agent" ? `\`${s.agent}\`` : "nobody", shown, why]);
      }
    }
  }
  return [
    `A visitor with no session on channel \`${s.channel}\`; each row is one page view that meets the prompt's when at its thresholds, on a fresh conversation. Prompts are tried from the top; one shows (P-ONE), in its capture form when nobody can take a chat (P-CAPTURE). After a dismissal, no prompt for ${formatDuration(prompts.gap)} (P-GAP).`,
    "",
    table(["prompt", "page view", "online", "shown", "not shown"], rows),
  ].join("\n");
}

function diagram(edges: ReadonlySet<string>): string {
  return ["```mermaid", "stateDiagram-v2", "  [*] --> ended", ...[...edges].sort().map((e) => `  ${e}`), "```"].join("\n");
}

/**
 * The first line of this repository's docs/decision-tables.md (not of what `autoreply tables`
 * prints to a user): how the file is made and kept. A comment, so it shows nowhere.
 */
export const GENERATED_NOTE = "<!-- Generated by `npm run gen` (autoreply tables on spec/seed-003.config.yaml); tests/tables.test.ts fails when this file differs from a fresh run, so it cannot drift from the behaviour. -->";

/**
 * The decision tables of a config, generated by running the engine on every situation below: what a
 * visitor gets, in which order, and what is suppressed by which rule. Markdown, deterministic.
 */
export function decisionTables(input: unknown, title = "the config"): string {
  const config = (input ?? {}) as Readonly<Record<string, unknown>>;
  const s = new Situations(config);
  const sections = [
    `# Decision tables`,
    "",
    `Made by \`autoreply tables\` from ${title}: each row is the engine's own decision on that`,
    `situation. Reference conversation: channel \`${s.channel}\`, agent \`${s.agent}\`, nickname 小明;`,
    `a keyword message is ${s.keyword === null ? "not shown (no keyword rule)" : `\`${s.keyword}\``}, a plain one \`${PLAIN}\`.`,
    "",
    "**Hit policy: collect, ordered** (DMN hit policy C with output order). Every reply whose",
    "conditions hold is collected, in the reply order below; the policy chain then holds back the",
    "replies it must (suppression rules remove the replies they beat), and the quota cuts from the end",
    "of the list. Each rule id in brackets (such as S-KW-RECEIVED) names a rule of the engine;",
    "`autoreply simulate --explain` shows each decision's rules with the sentence they come from.",
    "",
    "## The pipeline",
    "",
    pipelineTables(),
    "",
    "## visitor.message",
    "",
    messageTable(s),
    "",
    "## Switches",
    "",
    "The same situation with each switch off and on (the other switches as configured).",
    "",
    switchTable(config, s),
    "",
    "## visitor.transfer (from the robot)",
    "",
    transferTable(s),
    "",
    "## Timers",
    "",
    timerTable(s),
    "",
    "## agent.ended",
    "",
    endTable(s),
    "",
    "## visitor.opened",
    "",
    openedTable(s),
    "",
    "## presence",
    "",
    presenceTable(s),
    "",
    "## agent.accepted",
    "",
    acceptedTable(s),
    "",
    "## Escalation, tags and routes",
    "",
    escalationTable(s),
    "",
    "## Proactive prompts (visitor.page)",
    "",
    promptTable(s),
    "",
    "## Phases",
    "",
    "Every phase change observed while building the tables above:",
    "",
    diagram(s.edges),
    "",
  ];
  return sections.join("\n");
}
