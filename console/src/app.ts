/// <reference lib="dom" />
/**
 * The operators' playground (issue 15): a page built from the engine itself that runs in the
 * browser with no server. Write a config (YAML) and see every problem with its path and line, and
 * the lint findings; play a conversation in a chat view and read each step's replies, drops, quota
 * and explain trace. Nothing leaves the browser. What can take long (check, lint, tables, a
 * scenario file, the batch) runs in a Web Worker (worker.ts) that Stop ends; the page keeps only
 * the engine of the conversation, whose steps take microseconds.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Patch } from "immer";
import { AutoreplyError, compile, parseConfig, type ConversationState, type Decision, type Engine, type EngineEvent, type Timer } from "../../src/index.js";
import seedConfig from "../../spec/seed-003.config.yaml";
import seedScenario from "../../spec/seed-003.scenario.yaml";
import seedBatch from "../../spec/batch/seed-003.messages.csv";
import { writeBack } from "../../src/edit/source.js";
import { MAX_TEXT, megabytes, plainMessage, type Ask, type BatchRow, type Problem, type Reply, type Request } from "./protocol.js";
import type { ConfigEditor } from "./editor.js";
import { startKeeping, type Keeper } from "./keep.js";
import { chatNote, renderProblems, renderWhy } from "./panels.js";

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

/** The instant of a new conversation's start, and the offset its times are shown in: Monday 2027-01-04 09:00 in Shanghai, unless a scenario file gives its `start`. */
const DEFAULT_START = { at: Date.UTC(2027, 0, 4, 1, 0, 0), offset: 480 };
/** The most steps a scenario file may have here; longer ones are for `autoreply simulate`. */
const MAX_STEPS = 5_000;
/** The most batch rows shown as a table; the counts cover every message. */
const MAX_ROWS = 2_000;

let engine: Engine | undefined;
let state: ConversationState | undefined;
let timers: readonly Timer[] = [];
let start = DEFAULT_START;
let now = start.at;
let online = true;
const steps: Step[] = [];

// --- The worker, and the jobs it runs -------------------------------------------------------

interface Job {
  /** What the busy line says while it runs. */
  readonly what: string;
  readonly onReply: (reply: Reply) => void;
  /** When Stop ends it before its last reply. */
  readonly onStop: () => void;
}

let worker: Worker | undefined;
let nextId = 1;
const jobs = new Map<number, Job>();

function busy(): void {
  const first = [...jobs.values()][0];
  $("work").hidden = first === undefined;
  $("work-what").textContent = first === undefined ? "" : `${first.what}…`;
}

function startWorker(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  w.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const job = jobs.get(reply.id);
    if (job === undefined) return;
    if (reply.kind !== "batch" || reply.last) jobs.delete(reply.id);
    job.onReply(reply);
    busy();
  };
  w.onerror = (event) => {
    // The worker could not run (its script missing, a syntax error): every job hears it, and the next one starts a new worker.
    event.preventDefault();
    const message = `the playground's worker failed: ${event.message || "it could not be loaded"}`;
    for (const [id, job] of jobs) job.onReply({ id, kind: "failed", message });
    jobs.clear();
    w.terminate();
    worker = undefined;
    busy();
  };
  return w;
}

/** Sends a job to the worker (started on first use); its replies go to `onReply`. */
function ask(request: Ask, what: string, onReply: (reply: Reply) => void, onStop: () => void): void {
  const id = nextId++;
  jobs.set(id, { what, onReply, onStop });
  worker ??= startWorker();
  worker.postMessage({ ...request, id } as Request);
  busy();
}

/** Stop: ends the worker, and with it every job under way; each says it was stopped. */
function stopJobs(): void {
  worker?.terminate();
  worker = undefined;
  const stopped = [...jobs.values()];
  jobs.clear();
  for (const job of stopped) job.onStop();
  busy();
}

// --- Write ----------------------------------------------------------------------------------

/** The text of the config the conversation runs on (the last one checked valid). */
let applied = "";

/** The editor with completion and inline problems, once loaded (the text area until then, and if it cannot load). */
let editor: ConfigEditor | undefined;
let editorAsked = false;
/** The last check's problems, for the editor to show when it arrives. */
let flagged: readonly Problem[] = [];
/** Every edit kept in the browser, files opened and saved, the recent list (keep.ts). */
let keeper: Keeper | undefined;
/** To a line of the config, in the editor. */
const goToLine = (line: number) => editor?.goTo(line);

/** Loads the editor after the page is usable: its code (CodeMirror, the schema) is not on the way to the first check. */
async function loadEditor(): Promise<void> {
  editorAsked = true;
  try {
    const { mountEditor } = await import("./editor.js");
    editor = mountEditor($<HTMLTextAreaElement>("config"));
    editor.flag(flagged);
  } catch (e) {
    $("status").textContent = `the editor with completion could not be loaded (${e instanceof Error ? e.message : String(e)}); the plain text area stays`;
  }
}

/** Writes the config's text: the text area, and the editor when there is one. */
function setConfigText(text: string): void {
  $<HTMLTextAreaElement>("config").value = text;
  editor?.set(text);
  keeper?.edited();
}

function showProblems(problems: readonly Problem[], more: number): void {
  renderProblems($("problems"), problems, more, goToLine);
}

/**
 * A config that does not check leaves the conversation playing (issue 29, item 7): on the last
 * valid config, or, at the page's first check (a kept edit that no longer compiles after an
 * upgrade), on the last valid one this browser kept, else the seed's; the chat says so, with the
 * error's line.
 */
function keepPlaying(problems: readonly Problem[] | string): void {
  let keeps: "last" | "kept" | "seed" = "last";
  if (engine === undefined) {
    for (const [text, from] of [[keeper?.goodText(), "kept"], [seedConfig, "seed"]] as const) {
      if (text === undefined) continue;
      try {
        engine = compile(parseConfig(parseYaml(text)));
      } catch {
        continue;
      }
      applied = text;
      keeps = from;
      restart();
      break;
    }
  }
  chatNote($("chat-note"), problems, keeps, goToLine);
}

/** Checks the editor's text in the worker; lists every problem with its path and line, and the lint findings; a valid config becomes the conversation's. */
function compileEditor(): void {
  const text = $<HTMLTextAreaElement>("config").value;
  $("status").textContent = "checking…";
  ask(
    { kind: "check", text },
    "checking the config",
    (reply) => {
      if (reply.kind === "failed") {
        showProblems([{ severity: "error", where: "(playground)", message: reply.message }], 0);
        $("status").textContent = "not checked";
        keepPlaying(reply.message);
        return;
      }
      if (reply.kind !== "checked") return;
      showProblems(reply.problems, reply.more);
      flagged = reply.problems;
      editor?.flag(flagged);
      if (!editorAsked) void loadEditor();
      $("fix").hidden = reply.fixes === 0;
      $("fix").textContent = `Apply the ${reply.fixes} suggested rewrite${reply.fixes === 1 ? "" : "s"}`;
      $("status").textContent = reply.status;
      if (reply.config === null) {
        keepPlaying(reply.problems);
        return;
      }
      engine = compile(parseConfig(reply.config));
      applied = text;
      keeper?.good(text);
      chatNote($("chat-note"), null, "last", goToLine);
      restart();
    },
    () => {
      $("status").textContent = "stopped: the config was not checked, and the conversation keeps the one before";
    },
  );
}

/** The rewrites applied by "Apply", as the edit entry's patches: Undo writes their inverse back into the text, Redo them again. */
interface Rewrite {
  readonly patches: readonly Patch[];
  readonly inverse: readonly Patch[];
}
const undone: Rewrite[] = [];
const done: Rewrite[] = [];

/** Writes patches into the editor's text in place (comments and layout kept), then checks the config again. */
function writeEditor(patches: readonly Patch[]): void {
  setConfigText(writeBack($<HTMLTextAreaElement>("config").value, patches));
  compileEditor();
  $<HTMLButtonElement>("undo").disabled = done.length === 0;
  $<HTMLButtonElement>("redo").disabled = undone.length === 0;
}

/** The risk words' suggested rewrites (what `autoreply check --fix` writes), as one edit, found by the worker. */
function applyFixes(): void {
  ask(
    { kind: "fix", text: $<HTMLTextAreaElement>("config").value },
    "finding the rewrites",
    (reply) => {
      if (reply.kind === "failed") $("status").textContent = `no rewrite: ${reply.message}`;
      if (reply.kind !== "fixed" || reply.patches === null || reply.inverse === null) return;
      done.push({ patches: reply.patches as Patch[], inverse: reply.inverse as Patch[] });
      undone.length = 0;
      writeEditor(reply.patches as Patch[]);
    },
    () => {
      $("status").textContent = "stopped: no rewrite applied";
    },
  );
}

// --- Play -----------------------------------------------------------------------------------

function restart(): void {
  if (engine === undefined) return;
  const a = agent();
  state = engine.start({ conversation: "playground", channel: $<HTMLSelectElement>("channel").value, visitor: { nickname: "小明" }, online: online && a !== undefined ? [a] : [] });
  timers = [];
  now = start.at;
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

/** Applies one event at `at` (after the timers due by then); a refused event is shown, the state kept. `show: false` leaves the drawing to the caller (a scenario draws once, at its end). */
function apply(at: number, event: Readonly<Record<string, unknown>> | null, label: string, show = true): void {
  if (engine === undefined || state === undefined) return;
  const decisions = advance(at);
  let step: Step = { at, event, label, phase: state.phase, decisions };
  if (event !== null) {
    try {
      const d = engine.decide(state, { ...event, at } as unknown as EngineEvent, { explain: true });
      decisions.push(d);
      state = d.state;
      timers = d.timers;
      step = { ...step, phase: state.phase };
    } catch (e) {
      if (!(e instanceof AutoreplyError)) throw e;
      step = { ...step, label: `${label}: refused, ${e.code}: ${plainMessage(e.message)}` };
    }
  }
  steps.push(step);
  if (show) render();
}

/** Elapsed time since the start, h:mm:ss. */
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** An instant as the date and time of the start's offset, `2027-01-04 09:02`. */
const wall = (at: number) => new Date(at + start.offset * 60_000).toISOString().slice(0, 16).replace("T", " ");

/** The offset as `+08:00`. */
const offsetText = () => `${start.offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(start.offset) / 60)).padStart(2, "0")}:${String(Math.abs(start.offset) % 60).padStart(2, "0")}`;

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
    item.append(el("span", { class: "at", title: wall(step.at) }, clock(step.at - start.at)), el("span", {}, ` ${event} → ${step.phase}`));
    if (replies.length > 0) item.append(el("div", { class: "sent" }, `sent: ${replies.join(", ")}`));
    if (dropped.length > 0) item.append(el("div", { class: "dropped" }, `not sent: ${dropped.join("; ")}`));
    if (quota !== undefined && quota.limit !== null) item.append(el("div", { class: "quota" }, `quota ${quota.used}/${quota.limit}, ${quota.reserve} kept for agents`));
    const show = () => renderWhy($("trace"), step.decisions);
    item.addEventListener("click", show);
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter") show();
    });
    list.append(item);
  });
  const next = timers[0];
  $("clock").textContent = `${clock(now - start.at)} · ${wall(now)} ${offsetText()} · ${state?.phase ?? "—"} · next timer ${next === undefined ? "none" : `${next.timer} at ${clock(next.due - start.at)} (${wall(next.due)})`}`;
  bubbles.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Time passes to the date and time written (in the start's offset). */
function goTo(): void {
  const written = $<HTMLInputElement>("until").value;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(written);
  if (m === null) {
    $("scenario-status").textContent = "write a date and time to go to";
    return;
  }
  const [y, mo, d, h, mi, sec] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi, sec) - start.offset * 60_000;
  if (at <= now) {
    $("scenario-status").textContent = `${wall(at)} has passed: the conversation is at ${wall(now)}`;
    return;
  }
  $("scenario-status").textContent = "";
  apply(at, null, `time passes to ${wall(at)}`);
}

type Played = Extract<Reply, { kind: "scenario" }>["scenario"];

/** Plays a scenario read by the worker, from a fresh conversation at its `start` (or the page's). */
function playScenario(scenario: Played): void {
  const status = $("scenario-status");
  if (engine === undefined) {
    status.textContent = "fix the config first: a scenario plays on the config being edited";
    return;
  }
  if (scenario.steps.length > MAX_STEPS) {
    status.textContent = `the scenario has ${scenario.steps.length} steps: the playground plays up to ${MAX_STEPS.toLocaleString("en-US")}; run it with autoreply simulate`;
    return;
  }
  const select = $<HTMLSelectElement>("channel");
  if (!Array.from(select.options).some((o) => o.value === scenario.channel)) {
    status.textContent = `the scenario is on channel ${scenario.channel}, which this page does not have: it plays ${Array.from(select.options).map((o) => o.value).join(", ")}`;
    return;
  }
  select.value = scenario.channel;
  start = scenario.start ?? DEFAULT_START;
  online = scenario.online.length > 0;
  restart();
  // A step's `at` is an instant from `start`, or a time from 0 without one: the page's start then.
  const base = scenario.start === null ? start.at : 0;
  for (const s of scenario.steps) apply(base + s.at, s.event, s.event === null ? "time passes" : describe(s.event), false);
  render();
  status.textContent = `${scenario.steps.length} steps played`;
}

/** Reads a scenario file's text in the worker, then plays it; says why when it is not one. */
function loadScenario(text: string): void {
  const status = $("scenario-status");
  status.textContent = "reading the scenario…";
  ask(
    { kind: "scenario", text },
    "reading the scenario",
    (reply) => {
      if (reply.kind === "failed") status.textContent = reply.message + (reply.problems === undefined ? "" : `: ${reply.problems.map((p) => `${p.where}: ${p.message}`).join("; ")}`);
      if (reply.kind === "scenario") playScenario(reply.scenario);
    },
    () => {
      status.textContent = "stopped: the scenario was not played";
    },
  );
}

function describe(e: Readonly<Record<string, unknown>>): string {
  if (e["type"] === "visitor.message") return `visitor writes ${String(e["text"])}`;
  return String(e["type"]);
}

/** The conversation so far as a scenario file that `autoreply simulate` replays: its `start` is the page's. */
function scenarioText(): string {
  const channel = $<HTMLSelectElement>("channel").value;
  const a = agent();
  const doc = {
    name: "played in the playground",
    channel,
    config: "./config.yaml",
    start: `${wall(start.at).replace(" ", "T")}:00${offsetText()}`,
    visitor: { nickname: "小明" },
    online: a === undefined ? [] : [a],
    steps: steps.filter((x) => !x.label.includes(": refused,")).map((x) => ({ at: `${x.at - start.at}ms`, ...(x.event === null ? {} : { event: x.event }), expect: x.decisions.flatMap((d) => d.replies.flatMap((r) => r.messages.map((m) => ({ kind: r.kind, text: m.text })))) })),
  };
  return stringifyYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * The batch of seed 002 line 31: each message as the first of a conversation of its own, run by the
 * worker in slices whose rows arrive as they are done; Stop ends it. The table shows the first
 * MAX_ROWS rows, the counts every message.
 */
function runBatchOnPage(): void {
  const out = $("batch-results");
  out.replaceChildren();
  if (engine === undefined) {
    out.append(el("p", {}, "fix the config first"));
    return;
  }
  const summary = el("p", {}, "starting…");
  const table = el("table");
  const head = el("tr");
  for (const h of ["line", "message", "replies", "not as expected"]) head.append(el("th", {}, h));
  table.append(head);
  out.append(summary, table);
  let count = 0;
  let total = 0;
  let failed = 0;
  let noKeyword = 0;
  const finish = (stopped: boolean) => {
    const hidden = count > MAX_ROWS ? `; the table shows the first ${MAX_ROWS.toLocaleString("en-US")}` : "";
    summary.textContent = `${count} messages, ${failed} not as expected, ${noKeyword} answered by no keyword rule${stopped ? ` (stopped: ${total - count} not run)` : ""}${hidden}`;
  };
  const addRow = (r: BatchRow) => {
    const row = el("tr", r.problems.length > 0 ? { class: "failed" } : {});
    for (const cell of [String(r.line), r.text, r.replies.join(", ") || "—", r.problems.join("; ")]) row.append(el("td", {}, cell));
    table.append(row);
  };
  const a = agent();
  ask(
    { kind: "batch", text: applied, messages: $<HTMLTextAreaElement>("batch").value, csv: $<HTMLInputElement>("csv").checked, channel: $<HTMLSelectElement>("channel").value, online: a === undefined ? [] : [a] },
    "running the batch",
    (reply) => {
      if (reply.kind === "failed") summary.replaceWith(el("p", { class: "error" }, reply.message));
      if (reply.kind !== "batch") return;
      for (const r of reply.rows.slice(0, Math.max(0, MAX_ROWS - count))) addRow(r);
      count += reply.rows.length;
      ({ total, failed, noKeyword } = reply);
      if (reply.last) finish(false);
      else summary.textContent = `${count} of ${total} messages…`;
    },
    () => finish(true),
  );
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

let diagrams = 0;

/**
 * Draws the state diagram (the Mermaid source the tables end with) above its source, with Mermaid
 * loaded on first use: the page does not carry it until the tables are asked for.
 */
async function renderDiagram(out: HTMLElement): Promise<void> {
  const source = Array.from(out.querySelectorAll("pre")).find((p) => p.textContent?.startsWith("stateDiagram"));
  if (source === undefined) return;
  const figure = el("figure", { id: "diagram" });
  const caption = el("figcaption", {}, "The phases: drawing the state diagram…");
  figure.append(caption);
  source.before(figure);
  try {
    const { default: mermaid } = await import("mermaid");
    // strict: the labels are text (the diagram is sanitized, no script or link runs).
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    const { svg } = await mermaid.render(`phases-${++diagrams}`, source.textContent ?? "");
    const drawing = el("div", { class: "drawing" });
    drawing.innerHTML = svg;
    caption.textContent = "The phases and the events that move between them, as observed while building the tables (its Mermaid source below).";
    figure.append(drawing);
  } catch (e) {
    caption.textContent = `The state diagram could not be drawn (${e instanceof Error ? e.message : String(e)}); its Mermaid source is below.`;
  }
}

function agent(): string | undefined {
  return engine === undefined ? undefined : [...engine.config.agents.keys()][0];
}

function wire(): void {
  keeper = startKeeping({ name: "seed-003.config.yaml", text: seedConfig }, {
    load: (text) => {
      setConfigText(text);
      compileEditor();
    },
    text: () => $<HTMLTextAreaElement>("config").value,
  });
  $<HTMLTextAreaElement>("config").value = keeper.text;
  const on = (id: string, f: () => void) => $(id).addEventListener("click", f);
  on("compile", compileEditor);
  on("fix", applyFixes);
  on("undo", () => {
    const edit = done.pop();
    if (edit === undefined) return;
    undone.push(edit);
    writeEditor(edit.inverse);
  });
  on("redo", () => {
    const edit = undone.pop();
    if (edit === undefined) return;
    done.push(edit);
    writeEditor(edit.patches);
  });
  on("stop", stopJobs);
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
  on("wait", () => apply(now + 120_000, null, "2 minutes pass"));
  on("next-timer", () => timers[0] !== undefined && apply(timers[0].due, null, `time passes to ${timers[0].timer}`));
  $("go").addEventListener("submit", (e) => {
    e.preventDefault();
    goTo();
  });
  on("open", () => apply(now + 1000, { type: "visitor.opened" }, "visitor.opened"));
  on("answer", () => apply(now + 1000, { type: "agent.message", agent: agent() }, "agent.message"));
  // visitor.transfer (the visitor leaves the robot): to the agent when the route says so, else to the queue.
  on("transfer", () => apply(now + 1000, { type: "visitor.transfer", route: $<HTMLSelectElement>("route").value === "agent" ? { agent: agent() } : { queue: 1 } }, "visitor.transfer"));
  on("accept", () => apply(now + 1000, { type: "agent.accepted", agent: agent() }, "agent.accepted"));
  on("end", () => apply(now + 1000, { type: "agent.ended" }, "agent.ended"));
  on("presence", () => {
    online = !online;
    const a = agent();
    apply(now + 1000, { type: "presence", online: online && a !== undefined ? [a] : [] }, online ? "agent online" : "agent offline");
  });
  on("reset", () => {
    start = DEFAULT_START;
    restart();
  });
  on("seed", () => loadScenario(seedScenario));
  $<HTMLTextAreaElement>("batch").value = seedBatch;
  on("run-batch", runBatchOnPage);
  on("stop-batch", stopJobs);
  on("tables", () => {
    const out = $("tables-out");
    ask(
      { kind: "tables", text: $<HTMLTextAreaElement>("config").value },
      "generating the tables",
      (reply) => {
        if (reply.kind === "tables") {
          out.replaceChildren(...markdown(reply.markdown));
          void renderDiagram(out);
        }
        if (reply.kind === "failed") out.replaceChildren(el("p", { class: "error" }, reply.message));
      },
      () => out.replaceChildren(el("p", {}, "stopped: no tables")),
    );
  });
  $<HTMLInputElement>("load").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file === undefined) return;
    // Not even read past the limit: a 50 MB file is refused by its size.
    if (file.size > MAX_TEXT * 4) $("scenario-status").textContent = `the scenario file is ${megabytes(file.size)}: the playground reads up to ${megabytes(MAX_TEXT)}; run it with autoreply simulate`;
    else loadScenario(await file.text());
  });
  on("save", () => {
    const link = el("a", { href: URL.createObjectURL(new Blob([scenarioText()], { type: "application/yaml" })), download: "playground.scenario.yaml" });
    link.click();
  });
  compileEditor();
}

if (typeof document !== "undefined") wire();
