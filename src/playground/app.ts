/// <reference lib="dom" />
/**
 * The operators' playground (issue 15), a first step: a page built from the engine itself that runs
 * in the browser with no server. Write a config (YAML) and see every problem with its path and line,
 * and the lint findings; play a conversation in a chat view and read each step's replies, drops,
 * quota and explain trace. Nothing leaves the browser.
 */
import { LineCounter, parseDocument } from "yaml";
import { lineOf } from "./lines.js";
import { AutoreplyError, compile, parseConfig, type ConversationState, type Decision, type Engine, type EngineEvent, type Timer } from "../index.js";
import { lintConfig } from "../lint/lint.js";
import seedConfig from "../../spec/seed-003.config.yaml";
import seedScenario from "../../spec/seed-003.scenario.yaml";
import seedBatch from "../../spec/batch/seed-003.messages.csv";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { parseBatch, runBatch } from "../scenario/batch.js";
import { decisionTables } from "../docs/tables.js";
import { fixEdit, writeBack } from "../edit/source.js";
import type { ConfigEdit } from "../edit/edit.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = (tag: string, attrs: Record<string, string> = {}, text = ""): HTMLElement => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== "") e.textContent = text;
  return e;
};

interface Step {
  readonly at: number;
  /** The event applied, or `null` when time only passed. */
  readonly event: Readonly<Record<string, unknown>> | null;
  readonly label: string;
  readonly phase: string;
  readonly decisions: readonly Decision[];
}

let engine: Engine | undefined;
let state: ConversationState | undefined;
let timers: readonly Timer[] = [];
let now = 0;
let online = true;
const steps: Step[] = [];

/** Compiles the editor's text; lists every problem with its path and line, and the lint findings. */
function compileEditor(): boolean {
  const text = $<HTMLTextAreaElement>("config").value;
  const problems = $("problems");
  problems.replaceChildren();
  const say = (cls: string, where: string, message: string, line?: number) => {
    const li = el("li", { class: cls });
    if (line !== undefined) li.append(el("span", { class: "line" }, `line ${line}`));
    li.append(el("code", {}, where), document.createTextNode(` ${message}`));
    problems.append(li);
  };
  if (text.length > 2_000_000) {
    say("error", "(config)", `is ${Math.round(text.length / 1e6)} MB: the playground reads configs up to 2 MB`);
    engine = undefined;
    return false;
  }
  const doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) say("error", "(YAML)", e.message.split("\n")[0] ?? e.message, e.linePos?.[0].line);
    engine = undefined;
    return false;
  }
  try {
    engine = compile(parseConfig(doc.toJS()));
  } catch (e) {
    engine = undefined;
    if (!(e instanceof AutoreplyError)) throw e;
    for (const i of e.issues) say("error", i.path, `expected ${i.expected}, received ${i.received}; ${i.hint}`, lineOf(text, i.path));
    if (e.issues.length === 0) say("error", "(config)", e.message);
    $("status").textContent = `${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`;
    return false;
  }
  // The quota budget's search 3 steps deep (the CLI's 4 took about 0.5 s for seed 003 on the page's thread).
  const findings = lintConfig(engine.config, { depth: 3 });
  for (const f of findings) say(f.severity, f.path, `${f.id}: ${f.message}${f.fix === undefined ? "" : ` (suggested: ${f.fix.suggest})`}`, lineOf(text, f.path));
  const fixes = findings.filter((f) => f.fix !== undefined).length;
  $("fix").hidden = fixes === 0;
  $("fix").textContent = `Apply the ${fixes} suggested rewrite${fixes === 1 ? "" : "s"}`;
  $("status").textContent = `valid: ${findings.filter((f) => f.severity === "error").length} errors, ${findings.filter((f) => f.severity === "warning").length} warnings`;
  restart();
  return true;
}

/** The rewrites applied by "Apply", as the edit entry's patches: Undo writes their inverse back into the text, Redo them again. */
const undone: ConfigEdit[] = [];
const done: ConfigEdit[] = [];

/** Writes patches into the editor's text in place (comments and layout kept), then checks the config again. */
function writeEditor(patches: ConfigEdit["patches"]): void {
  const area = $<HTMLTextAreaElement>("config");
  area.value = writeBack(area.value, patches);
  compileEditor();
  $<HTMLButtonElement>("undo").disabled = done.length === 0;
  $<HTMLButtonElement>("redo").disabled = undone.length === 0;
}

/** The risk words' suggested rewrites (what `autoreply check --fix` writes), as one edit. */
function applyFixes(): void {
  const text = $<HTMLTextAreaElement>("config").value;
  const input = parseConfig(parseYaml(text));
  const edit = fixEdit(input, lintConfig(compile(input).config, { depth: 0 }));
  if (edit === undefined) return;
  done.push(edit);
  undone.length = 0;
  writeEditor(edit.patches);
}

function restart(): void {
  if (engine === undefined) return;
  const agent = [...engine.config.agents.keys()][0];
  const channel = $<HTMLSelectElement>("channel").value;
  state = engine.start({ conversation: "playground", channel, visitor: { nickname: "小明" }, online: online && agent !== undefined ? [agent] : [] });
  timers = [];
  now = 0;
  steps.length = 0;
  render();
}

/** Time passes to `at`: the timers due by then fire, in order, as `autoreply simulate` fires them. */
function advance(at: number): Decision[] {
  const out: Decision[] = [];
  if (engine === undefined || state === undefined) return out;
  for (let due = timers[0]; due !== undefined && due.due <= at; due = timers[0]) {
    const d = engine.decide(state, { type: "timer", at: due.due, timer: due.timer, due: due.due }, { explain: true });
    out.push(d);
    state = d.state;
    timers = d.timers;
  }
  now = Math.max(now, at);
  return out;
}

/** Applies one event at `at` (after the timers due by then); a refused event is shown, the state kept. */
function apply(at: number, event: Readonly<Record<string, unknown>> | null, label: string): void {
  if (engine === undefined || state === undefined) return;
  const decisions = advance(at);
  if (event !== null) {
    try {
      const d = engine.decide(state, { ...event, at } as unknown as EngineEvent, { explain: true });
      decisions.push(d);
      state = d.state;
      timers = d.timers;
    } catch (e) {
      if (!(e instanceof AutoreplyError)) throw e;
      steps.push({ at, event, label: `${label}: refused, ${e.code}: ${e.message.replace(/^\[autoreply\] /, "")}`, phase: state.phase, decisions: [] });
      render();
      return;
    }
  }
  steps.push({ at, event, label, phase: state.phase, decisions });
  render();
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

function render(): void {
  const bubbles = $("bubbles");
  const list = $("steps");
  bubbles.replaceChildren();
  list.replaceChildren();
  steps.forEach((step, i) => {
    const event = step.label;
    if (event.startsWith("visitor writes")) bubbles.append(el("li", { class: "visitor" }, event.slice("visitor writes ".length)));
    for (const d of step.decisions) {
      for (const r of d.replies) {
        for (const m of r.messages) {
          const li = el("li", { class: "auto", "data-kind": r.kind });
          li.append(el("span", { class: "tag" }, `${r.kind} · ${r.rule}`), el("span", { class: "text" }, m.text));
          bubbles.append(li);
        }
        if (r.buttons !== undefined) {
          const row = el("li", { class: "buttons" });
          for (const b of r.buttons) row.append(el("button", { type: "button", disabled: "" }, b.text));
          bubbles.append(row);
        }
      }
    }
    const item = el("li", { tabindex: "0", "data-step": String(i) });
    const replies = step.decisions.flatMap((d) => d.replies.map((r) => `${r.kind}×${r.messages.length}`));
    const dropped = step.decisions.flatMap((d) => d.dropped.map((x) => `${x.kind} ${x.reason}${x.by === undefined ? "" : ` (${x.by})`}`));
    const quota = step.decisions.at(-1)?.quota;
    item.append(el("span", { class: "at" }, clock(step.at)), el("span", {}, ` ${event} → ${step.phase}`));
    if (replies.length > 0) item.append(el("div", { class: "sent" }, `sent: ${replies.join(", ")}`));
    if (dropped.length > 0) item.append(el("div", { class: "dropped" }, `not sent: ${dropped.join("; ")}`));
    if (quota !== undefined && quota.limit !== null) item.append(el("div", { class: "quota" }, `quota ${quota.used}/${quota.limit}, ${quota.reserve} kept for agents`));
    const show = () => {
      $("trace").textContent = step.decisions.flatMap((d) => (d.trace ?? []).map((t) => `${t.kind.padEnd(13)} ${t.verdict.padEnd(13)} ${t.by ?? ""} ${t.detail}`)).join("\n") || "(no decision)";
    };
    item.addEventListener("click", show);
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter") show();
    });
    list.append(item);
  });
  $("clock").textContent = `${clock(now)} · ${state?.phase ?? "—"} · next timer ${timers[0] === undefined ? "none" : `${timers[0].timer} at ${clock(timers[0].due)}`}`;
  bubbles.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Plays a scenario's steps (the seed's 11 by default) from a fresh conversation; says so when the file is not a scenario. */
function playScenario(text: string): void {
  let scenario: { steps?: { at?: string | number; event?: Record<string, unknown> }[]; online?: string[] };
  try {
    scenario = parseYaml(text) as typeof scenario;
  } catch (e) {
    $("scenario-status").textContent = `not a scenario file: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    return;
  }
  if (scenario === null || typeof scenario !== "object" || !Array.isArray(scenario.steps)) {
    $("scenario-status").textContent = "not a scenario file: it has no steps (docs/scenarios.md)";
    return;
  }
  $("scenario-status").textContent = `${scenario.steps.length} steps played`;
  online = (scenario.online ?? []).length > 0;
  restart();
  for (const s of scenario.steps ?? []) {
    const at = typeof s.at === "number" ? s.at : parseDuration(String(s.at ?? "0s"));
    apply(at, s.event ?? null, s.event === undefined ? "time passes" : describe(s.event));
  }
}

function parseDuration(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms"];
  return ms;
}

function describe(e: Readonly<Record<string, unknown>>): string {
  if (e["type"] === "visitor.message") return `visitor writes ${String(e["text"])}`;
  return String(e["type"]);
}

/** The conversation so far as a scenario file that `autoreply simulate` replays. */
function scenarioText(): string {
  const channel = $<HTMLSelectElement>("channel").value;
  const a = agent();
  const doc = {
    name: "played in the playground",
    channel,
    config: "./config.yaml",
    visitor: { nickname: "小明" },
    online: a === undefined ? [] : [a],
    steps: steps.filter((x) => !x.label.includes(": refused,")).map((x) => ({ at: `${x.at}ms`, ...(x.event === null ? {} : { event: x.event }), expect: x.decisions.flatMap((d) => d.replies.flatMap((r) => r.messages.map((m) => ({ kind: r.kind, text: m.text })))) })),
  };
  return stringifyYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Set by the Stop button: a batch under way stops at its next slice. */
let stopBatch = false;

/**
 * The batch of seed 002 line 31: each message as the first of a conversation of its own. Run in
 * slices of 100 with the page's event loop between them, so that a long batch never freezes the
 * tab and Stop ends it.
 */
async function runBatchOnPage(): Promise<void> {
  const out = $("batch-results");
  out.replaceChildren();
  if (engine === undefined) {
    out.append(el("p", {}, "fix the config first"));
    return;
  }
  let messages;
  try {
    messages = parseBatch($<HTMLTextAreaElement>("batch").value, $<HTMLInputElement>("csv").checked);
  } catch (e) {
    out.append(el("p", { class: "error" }, e instanceof Error ? e.message : String(e)));
    return;
  }
  const a = agent();
  const options = { channel: $<HTMLSelectElement>("channel").value, online: a === undefined ? [] : [a] };
  const summary = el("p", {}, `0 of ${messages.length} messages`);
  const table = el("table");
  const head = el("tr");
  for (const h of ["line", "message", "replies", "not as expected"]) head.append(el("th", {}, h));
  table.append(head);
  out.append(summary, table);
  stopBatch = false;
  let done = 0;
  let failed = 0;
  let noKeyword = 0;
  for (let i = 0; i < messages.length && !stopBatch; i += 100) {
    const report = runBatch(engine, messages.slice(i, i + 100), options);
    for (const r of report.results) {
      const row = el("tr", r.problems.length > 0 ? { class: "failed" } : {});
      for (const cell of [String(r.line), r.text, r.replies.join(", ") || "—", r.problems.join("; ")]) row.append(el("td", {}, cell));
      table.append(row);
    }
    done += report.results.length;
    failed += report.failed;
    noKeyword += report.noKeyword;
    summary.textContent = `${done} of ${messages.length} messages…`;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  summary.textContent = `${done} messages, ${failed} not as expected, ${noKeyword} answered by no keyword rule${done < messages.length ? ` (stopped: ${messages.length - done} not run)` : ""}`;
}

/** The Markdown `autoreply tables` writes, as HTML: headings, paragraphs, tables, and code blocks (the Mermaid source) as text. */
function markdown(text: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("```")) {
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++) code.push(lines[i] as string);
      out.push(el("pre", {}, code.join("\n")));
    } else if (line.startsWith("#")) {
      const level = Math.min(6, (/^#+/.exec(line)?.[0].length ?? 1) + 2);
      out.push(el(`h${level}`, {}, line.replace(/^#+\s*/, "")));
    } else if (line.startsWith("|")) {
      const table = el("table");
      const cells = (l: string) => l.slice(1, l.endsWith("|") ? -1 : undefined).split(" | ").map((c) => c.trim());
      for (let first = true; i < lines.length && (lines[i] as string).startsWith("|"); i++, first = false) {
        if (/^\|[\s|:-]+\|$/.test(lines[i] as string)) continue;
        const row = el("tr");
        for (const c of cells(lines[i] as string)) row.append(el(first ? "th" : "td", {}, c.replaceAll("`", "")));
        table.append(row);
      }
      i--;
      out.push(table);
    } else if (line.trim() !== "") out.push(el("p", {}, line.replaceAll("`", "").replaceAll("**", "")));
  }
  return out;
}

function agent(): string | undefined {
  return engine === undefined ? undefined : [...engine.config.agents.keys()][0];
}

function wire(): void {
  $<HTMLTextAreaElement>("config").value = seedConfig;
  $("compile").addEventListener("click", compileEditor);
  $("fix").addEventListener("click", applyFixes);
  $("undo").addEventListener("click", () => {
    const edit = done.pop();
    if (edit === undefined) return;
    undone.push(edit);
    writeEditor(edit.inverse);
  });
  $("redo").addEventListener("click", () => {
    const edit = undone.pop();
    if (edit === undefined) return;
    done.push(edit);
    writeEditor(edit.patches);
  });
  $("channel").addEventListener("change", restart);
  $("send").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>("text");
    const route = $<HTMLSelectElement>("route").value;
    const a = agent();
    const routes: Record<string, unknown> = { agent: { agent: a }, queue: { queue: 1 }, robot: { robot: true } };
    apply(now + 1000, { type: "visitor.message", text: input.value, ...(route === "none" ? {} : { route: routes[route] }) }, `visitor writes ${input.value}`);
    input.value = "";
  });
  const on = (id: string, f: () => void) => $(id).addEventListener("click", f);
  on("wait", () => apply(now + 120_000, null, "2 minutes pass"));
  on("next-timer", () => timers[0] !== undefined && apply(timers[0].due, null, `time passes to ${timers[0].timer}`));
  on("open", () => apply(now + 1000, { type: "visitor.opened" }, "visitor.opened"));
  on("answer", () => apply(now + 1000, { type: "agent.message", agent: agent() }, "agent.message"));
  on("accept", () => apply(now + 1000, { type: "agent.accepted", agent: agent() }, "agent.accepted"));
  on("end", () => apply(now + 1000, { type: "agent.ended" }, "agent.ended"));
  on("presence", () => {
    online = !online;
    const a = agent();
    apply(now + 1000, { type: "presence", online: online && a !== undefined ? [a] : [] }, online ? "agent online" : "agent offline");
  });
  on("reset", restart);
  on("seed", () => playScenario(seedScenario));
  $<HTMLTextAreaElement>("batch").value = seedBatch;
  on("run-batch", () => void runBatchOnPage());
  on("stop-batch", () => void (stopBatch = true));
  on("tables", () => {
    const out = $("tables-out");
    try {
      out.replaceChildren(...markdown(decisionTables(parseYaml($<HTMLTextAreaElement>("config").value), "the config being edited")));
    } catch (e) {
      out.replaceChildren(el("p", { class: "error" }, e instanceof Error ? e.message : String(e)));
    }
  });
  $<HTMLInputElement>("load").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file !== undefined) playScenario(await file.text());
  });
  on("save", () => {
    const link = el("a", { href: URL.createObjectURL(new Blob([scenarioText()], { type: "application/yaml" })), download: "playground.scenario.yaml" });
    link.click();
  });
  compileEditor();
}

if (typeof document !== "undefined") wire();
