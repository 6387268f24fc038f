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
import { AutoreplyError, compile, parseConfig, type ConversationState, type Decision, type Engine, type EngineEvent, type Timer } from "../../src/core/index.js";
import seedConfig from "../../spec/seed-003.config.yaml";
import seedScenario from "../../spec/seed-003.scenario.yaml";
import seedBatch from "../../spec/batch/seed-003.messages.csv";
import { writePatches } from "./forms/write.js";
import type { Forms } from "./forms.js";
import { parseScenario } from "../../src/tools/scenario/scenario.js";
import { MAX_LOG, MAX_TEXT, megabytes, plainMessage, type Ask, type BatchRow, type Problem, type Reply, type Request } from "./protocol.js";
import type { ConfigEditor } from "./editor.js";
import { format, isKey, lang, plural, say, t, type Key, type Text } from "./i18n/index.js";
import { kindLabel, named, onLanguage, plain, show as showText, startLanguage, tr, words } from "./i18n/dom.js";
import { reasonText, renderTrace, type Judged } from "./why.js";
import { startKeeping, type Keeper } from "./keep.js";
import { chatNote, renderProblems } from "./panels.js";
import type { RuleCount } from "./counts.js";
import type { Outcome } from "../../src/tools/diff/diff.js";
import { el, holding } from "./dom.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Step {
  readonly at: number;
  /** The event applied, or `null` when time only passed. */
  readonly event: Readonly<Record<string, unknown>> | null;
  /** What happened, as words of the tables: the timeline names it in the page's language. */
  readonly label: Text;
  /** Why the engine refused the event (the state kept): its error code and message. */
  readonly refused?: { readonly code: string; readonly message: string };
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
  readonly what: Key;
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
  if (first === undefined) $("work-what").replaceChildren();
  else tr($("work-what"), "work.what", { what: { t: first.what } });
}

function startWorker(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  w.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const job = jobs.get(reply.id);
    if (job === undefined) return;
    // A batch answers slice by slice, a valid config's check twice (quick, then final): the job ends with the last.
    if (!((reply.kind === "batch" && !reply.last) || (reply.kind === "checked" && !reply.final))) jobs.delete(reply.id);
    job.onReply(reply);
    busy();
  };
  w.onerror = (event) => {
    // The worker could not run (its script missing, a syntax error): every job hears it, and the next one starts a new worker.
    event.preventDefault();
    const text: Text = { t: "work.failed", params: { message: event.message || { t: "work.notLoaded" } } };
    const message = format("en", text.t, text.params);
    for (const [id, job] of jobs) job.onReply({ id, kind: "failed", message, text });
    jobs.clear();
    w.terminate();
    worker = undefined;
    busy();
  };
  return w;
}

/** Sends a job to the worker (started on first use); its replies go to `onReply`. */
function ask(request: Ask, what: Key, onReply: (reply: Reply) => void, onStop: () => void): void {
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
/** The forms beside the YAML (forms.ts), once opened: drawn from the text after each change of it. */
let forms: Forms | undefined;
/** To a line of the config, in the editor. */
const goToLine = (line: number) => editor?.goTo(line);

/** Why the editor could not load, said after every check's status (the text area stays and works). */
let editorFailure: string | undefined;

/** Loads the editor after the page is usable: its code (CodeMirror, the schema) is not on the way to the first check. */
async function loadEditor(): Promise<void> {
  editorAsked = true;
  try {
    const { mountEditor } = await import("./editor.js");
    editor = mountEditor($<HTMLTextAreaElement>("config"));
    editor.flag(shownFlags());
  } catch (e) {
    editorFailure = e instanceof Error ? e.message : String(e);
    tr($("status"), "config.editorFailed", { message: editorFailure });
  }
}

/**
 * The problems as the editor marks them at their lines: a lint finding named by its title in the
 * page's language, its English message after it; the playground's own messages in its language.
 */
function shownFlags(): Problem[] {
  return flagged.map((p) => ({ ...p, message: p.text !== undefined ? say(p.text) : p.id !== undefined && isKey(`lint.${p.id}`) ? `${t(`lint.${p.id}` as Key)} (${p.id}): ${p.message.replace(`${p.id}: `, "")}` : p.message }));
}

/** Writes the config's text: the text area, and the editor when there is one. */
function setConfigText(text: string): void {
  $<HTMLTextAreaElement>("config").value = text;
  editor?.set(text);
  keeper?.edited();
  forms?.refresh();
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

/** The text the page compiled itself at load, before the worker's first check: that check does not start the conversation again. */
let early: string | undefined;

/**
 * Checks the editor's text in the worker; lists every problem with its path and line, and the lint
 * findings; a valid config becomes the conversation's. A valid config's check answers twice: at
 * once, the quota search one step deep (the conversation starts on it), then deeper (the findings
 * only). A check asked while another is under way replaces it: the older one's answers are dropped.
 */
function compileEditor(): void {
  const text = $<HTMLTextAreaElement>("config").value;
  tr($("status"), "config.checking");
  for (const [id, job] of jobs) if (job.what === "work.check") jobs.delete(id);
  let started = false;
  ask(
    { kind: "check", text },
    "work.check",
    (reply) => {
      if (reply.kind === "failed") {
        showProblems([{ severity: "error", where: "(playground)", message: reply.message, ...(reply.text === undefined ? {} : { text: reply.text }) }], 0);
        tr($("status"), "config.notChecked");
        keepPlaying(reply.message);
        return;
      }
      if (reply.kind !== "checked") return;
      showProblems(reply.problems, reply.more);
      flagged = reply.problems;
      editor?.flag(shownFlags());
      if (!editorAsked) void loadEditor();
      $("fix").hidden = reply.fixes === 0;
      tr($("fix"), plural("config.fix", reply.fixes, lang()), { n: reply.fixes });
      showText($("status"), reply.summary);
      if (editorFailure !== undefined) $("status").append(" · ", tr(el("span"), "config.editorFailed", { message: editorFailure }));
      if (reply.config === null) {
        keepPlaying(reply.problems);
        return;
      }
      if (started) return;
      started = true;
      if (early !== text || engine === undefined) {
        engine = compile(parseConfig(reply.config));
        applied = text;
        restart();
      }
      early = undefined;
      keeper?.good(text);
      chatNote($("chat-note"), null, "last", goToLine);
    },
    () => {
      tr($("status"), "config.stopped");
    },
  );
}

/**
 * An edit written into the text by "Apply" (the risk words' rewrites) or by a form: the edit
 * entry's patches and their inverse, and the texts before and after it. Undo writes the text
 * before back when the text is still the one after, else the inverse patches; Redo likewise.
 */
interface Rewrite {
  readonly patches: readonly Patch[];
  readonly inverse: readonly Patch[];
  readonly before: string;
  readonly after: string;
}
const undone: Rewrite[] = [];
const done: Rewrite[] = [];

/** Shows a text written by an edit, Undo or Redo, then checks the config again. */
function showEdit(text: string): void {
  setConfigText(text);
  compileEditor();
  $<HTMLButtonElement>("undo").disabled = done.length === 0;
  $<HTMLButtonElement>("redo").disabled = undone.length === 0;
}

/**
 * Writes an edit's patches into the editor's text in place (comments and layout kept, forms/write.ts)
 * as one step of Undo, and of the editor's own undo; throws, writing nothing, when the text cannot
 * take them as it is laid out.
 */
function writeEdit(patches: readonly Patch[], inverse: readonly Patch[]): void {
  const before = $<HTMLTextAreaElement>("config").value;
  const after = writePatches(before, patches);
  done.push({ patches, inverse, before, after });
  undone.length = 0;
  showEdit(after);
}

/** Undo (`back`) or Redo: the edit moves from one list to the other, its text written back. */
function undoRedo(back: boolean): void {
  const [from, to] = back ? [done, undone] : [undone, done];
  const edit = from.pop();
  if (edit === undefined) return;
  const now = $<HTMLTextAreaElement>("config").value;
  let text: string;
  try {
    if (back) text = now === edit.after ? edit.before : writePatches(now, edit.inverse);
    else text = now === edit.before ? edit.after : writePatches(now, edit.patches);
  } catch (e) {
    from.push(edit);
    tr($("status"), "config.undoFailed", { message: e instanceof Error ? e.message : String(e) });
    return;
  }
  to.push(edit);
  showEdit(text);
}

/**
 * Opens or closes the forms beside the YAML, loaded on first use (their code is not on the way to
 * the first check): an edit there is written into the text as the rewrites are, one step of Undo.
 */
async function toggleForms(): Promise<void> {
  if (forms === undefined) {
    const { mountForms } = await import("./forms.js");
    forms ??= mountForms($("forms"), $<HTMLButtonElement>("forms-toggle"), {
      text: () => $<HTMLTextAreaElement>("config").value,
      write: (edit) => writeEdit(edit.patches, edit.inverse),
      toProblems: () => {
        $("problems").scrollIntoView({ block: "nearest" });
        $("problems").querySelector<HTMLElement>("button, summary")?.focus();
      },
    });
  }
  forms.toggle();
}

/** The risk words' suggested rewrites (what `autoreply check --fix` writes), as one edit, found by the worker. */
function applyFixes(): void {
  ask(
    { kind: "fix", text: $<HTMLTextAreaElement>("config").value },
    "work.fix",
    (reply) => {
      if (reply.kind === "failed") tr($("status"), "config.noRewrite", { message: reply.text ?? reply.message });
      if (reply.kind !== "fixed" || reply.patches === null || reply.inverse === null) return;
      try {
        writeEdit(reply.patches as Patch[], reply.inverse as Patch[]);
      } catch (e) {
        tr($("status"), "config.noRewrite", { message: e instanceof Error ? e.message : String(e) });
      }
    },
    () => {
      tr($("status"), "config.rewriteStopped");
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
function apply(at: number, event: Readonly<Record<string, unknown>> | null, label: Text = event === null ? { t: "event.time" } : describe(event), show = true): void {
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
      step = { ...step, refused: { code: e.code, message: plainMessage(e.message) } };
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

/** A reply kind and its rule, as a bubble's tag and a batch row name them: 收到消息回复 `received` · app.replies.received. */
function kindAndRule(kind: string, rule: string, className: string): HTMLElement {
  const tag = el("span", { class: className });
  tag.append(kindLabel(kind), " · ", el("span", { class: "rule" }, rule));
  return tag;
}

/** Labels joined by a comma, each followed by its extra words (` ×2`, a reason). */
function joined(parts: readonly (readonly (Node | string)[])[], separator = ", "): (Node | string)[] {
  return parts.flatMap((part, i) => (i === 0 ? [...part] : [separator, ...part]));
}

function render(): void {
  const bubbles = $("bubbles");
  const list = $("steps");
  bubbles.replaceChildren();
  list.replaceChildren();
  steps.forEach((step, i) => {
    if (step.event?.["type"] === "visitor.message" && step.refused === undefined) bubbles.append(el("li", { class: "visitor" }, String(step.event["text"])));
    for (const d of step.decisions) {
      for (const r of d.replies) {
        for (const m of r.messages) {
          const li = el("li", { class: "auto", "data-kind": r.kind });
          li.append(kindAndRule(r.kind, r.rule, "tag"), el("span", { class: "text" }, m.text));
          bubbles.append(li);
        }
        if (r.buttons !== undefined) {
          const row = el("li", { class: "buttons" });
          for (const b of r.buttons) {
            // A survey's buttons answer it (visitor.rated); a prompt's are shown only.
            const button = el("button", b.answer === undefined ? { type: "button", disabled: "" } : { type: "button", "data-answer": String(b.answer) }, b.text);
            if (b.answer !== undefined) button.addEventListener("click", () => apply(now + 1000, { type: "visitor.rated", score: b.answer }));
            row.append(button);
          }
          bubbles.append(row);
        }
      }
    }
    const item = el("li", { tabindex: "0", "data-step": String(i) });
    const replies = step.decisions.flatMap((d) => d.replies.map((r) => [kindLabel(r.kind), ` ×${r.messages.length}`]));
    const dropped = step.decisions.flatMap((d) => d.dropped.map((x) => [x.kind === "event" ? named("kind.event", "event", "kind") : kindLabel(x.kind), showText(el("span", { class: "reason" }), { t: "timeline.reason", params: { why: reasonText({ kind: x.kind, verdict: x.reason, by: x.by, until: x.until }, wall) } })]));
    const quota = step.decisions.at(-1)?.quota;
    const type = step.event === null ? undefined : String(step.event["type"]);
    item.append(el("span", { class: "at", title: wall(step.at) }, clock(step.at - start.at)), " ", tr(el("span", { class: "event" }), step.label.t, step.label.params));
    if (type !== undefined && type !== "visitor.message") item.append(" ", el("small", { class: "id" }, type));
    item.append(" → ", phaseName(step.phase));
    if (step.refused !== undefined) item.append(holding(el("div", { class: "refused" }), tr(el("span"), "event.refused", { code: step.refused.code }), ": ", el("span", { lang: "en" }, step.refused.message)));
    if (replies.length > 0) item.append(holding(el("div", { class: "sent" }), words("span", "timeline.sent"), " ", ...joined(replies)));
    if (dropped.length > 0) item.append(holding(el("div", { class: "dropped" }), words("span", "timeline.notSent"), " ", ...joined(dropped, "; ")));
    if (quota !== undefined && quota.limit !== null) item.append(words("div", "timeline.quota", { used: quota.used, limit: quota.limit, reserve: quota.reserve }, { class: "quota" }));
    const show = () => renderTrace($("trace"), step.decisions, wall);
    item.addEventListener("click", show);
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter") show();
    });
    list.append(item);
  });
  const next = timers[0];
  tr($("clock"), "chat.clock", {
    clock: clock(now - start.at),
    wall: wall(now),
    offset: offsetText(),
    phase: state === undefined ? "—" : { t: `phase.${state.phase}` },
    next: next === undefined ? { t: "chat.nextNone" } : { t: "chat.next", params: { timer: { t: `timer.${next.timer}` }, id: next.timer, at: clock(next.due - start.at), wall: wall(next.due) } },
  });
  bubbles.lastElementChild?.scrollIntoView({ block: "end" });
}

/** Time passes to the date and time written (in the start's offset). */
function goTo(): void {
  const written = $<HTMLInputElement>("until").value;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(written);
  if (m === null) {
    tr($("scenario-status"), "scenario.goWhat");
    return;
  }
  const [y, mo, d, h, mi, sec] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi, sec) - start.offset * 60_000;
  if (at <= now) {
    tr($("scenario-status"), "scenario.passed", { at: wall(at), now: wall(now) });
    return;
  }
  plain($("scenario-status"), "");
  apply(at, null, { t: "event.timeTo", params: { wall: wall(at) } });
}

type Played = Extract<Reply, { kind: "scenario" }>["scenario"];

/** Plays a scenario read by the worker, from a fresh conversation at its `start` (or the page's). */
function playScenario(scenario: Played): void {
  const status = $("scenario-status");
  if (engine === undefined) {
    tr(status, "scenario.fixFirst");
    return;
  }
  if (scenario.steps.length > MAX_STEPS) {
    tr(status, "scenario.tooLong", { n: scenario.steps.length, max: MAX_STEPS.toLocaleString("en-US") });
    return;
  }
  const select = $<HTMLSelectElement>("channel");
  if (!Array.from(select.options).some((o) => o.value === scenario.channel)) {
    tr(status, "scenario.channel", { channel: scenario.channel, channels: Array.from(select.options).map((o) => o.value).join(", ") });
    return;
  }
  select.value = scenario.channel;
  start = scenario.start ?? DEFAULT_START;
  online = scenario.online.length > 0;
  restart();
  // A step's `at` is an instant from `start`, or a time from 0 without one: the page's start then.
  const base = scenario.start === null ? start.at : 0;
  for (const s of scenario.steps) apply(base + s.at, s.event, undefined, false);
  render();
  tr(status, "scenario.played", { n: scenario.steps.length });
}

/** Reads a scenario file's text in the worker, then plays it; says why when it is not one. */
function loadScenario(text: string): void {
  const status = $("scenario-status");
  tr(status, "scenario.reading");
  ask(
    { kind: "scenario", text },
    "work.scenario",
    (reply) => {
      if (reply.kind === "failed") {
        // The playground's words in the page's language; the engine's list of what is wrong, as it wrote it.
        const problems = reply.problems === undefined ? "" : `: ${reply.problems.map((p) => `${p.where}: ${p.message}`).join("; ")}`;
        if (reply.text === undefined) plain(status, reply.message + problems);
        else status.replaceChildren(showText(el("span"), reply.text), el("span", { lang: "en" }, problems));
      }
      if (reply.kind === "scenario") playScenario(reply.scenario);
    },
    () => {
      tr(status, "scenario.stopped");
    },
  );
}

/** An event as the timeline names it, in the page's language (its type is shown small beside). */
function describe(e: Readonly<Record<string, unknown>>): Text {
  const type = String(e["type"]);
  if (type === "visitor.message") return { t: "event.visitor.message", params: { text: String(e["text"]) } };
  if (type === "visitor.rated") return { t: "event.visitor.rated", params: { score: String(e["score"]) } };
  if (type === "presence") return { t: Array.isArray(e["online"]) && e["online"].length > 0 ? "event.presence.online" : "event.presence.offline" };
  const key = `event.${type}`;
  return isKey(key) ? { t: key } : { t: "event.other" };
}

/** A phase in the page's language: 接待中, serving. */
const phaseName = (phase: string): HTMLElement => (isKey(`phase.${phase}`) ? tr(el("span", { class: "phase", "data-phase": phase }), `phase.${phase}` as Key) : el("span", { class: "phase" }, phase));

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
    steps: steps.filter((x) => x.refused === undefined).map((x) => ({ at: `${x.at - start.at}ms`, ...(x.event === null ? {} : { event: x.event }), expect: x.decisions.flatMap((d) => d.replies.flatMap((r) => r.messages.map((m) => ({ kind: r.kind, text: m.text })))) })),
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
  $("batch-counts").replaceChildren();
  if (engine === undefined) {
    out.append(words("p", "batch.fixFirst"));
    return;
  }
  const summary = words("p", "batch.starting");
  const table = el("table");
  const head = el("tr");
  for (const h of ["batch.line", "batch.message", "batch.replies", "batch.problems"] as const) head.append(words("th", h));
  table.append(head);
  // The counts per rule above the messages' table (their own element: the table's rows stay the messages').
  const counts = $("batch-counts");
  out.append(summary, table);
  let count = 0;
  let total = 0;
  let failed = 0;
  let noKeyword = 0;
  const finish = (stopped: boolean) => {
    tr(summary, "batch.done", {
      summary: { t: "batch.summary", params: { count, failed, noKeyword } },
      stopped: stopped ? { t: "batch.stoppedRest", params: { n: total - count } } : "",
      shown: count > MAX_ROWS ? { t: "batch.shown", params: { n: MAX_ROWS.toLocaleString("en-US") } } : "",
    });
  };
  const addRow = (r: BatchRow) => {
    const row = el("tr", r.problems.length > 0 ? { class: "failed" } : {});
    // A reply as `kind:rule`: the kind by its name, the rule after it.
    const replies = r.replies.map((x) => {
      const at = x.indexOf(":");
      return [at < 0 ? kindLabel(x) : kindAndRule(x.slice(0, at), x.slice(at + 1), "reply")];
    });
    row.append(el("td", {}, String(r.line)), el("td", {}, r.text), holding(el("td"), ...(replies.length === 0 ? ["—"] : joined(replies))), el("td", { lang: "en" }, r.problems.join("; ")));
    table.append(row);
  };
  const a = agent();
  ask(
    { kind: "batch", text: applied, messages: $<HTMLTextAreaElement>("batch").value, csv: $<HTMLInputElement>("csv").checked, channel: $<HTMLSelectElement>("channel").value, online: a === undefined ? [] : [a] },
    "work.batch",
    (reply) => {
      if (reply.kind === "failed") summary.replaceWith(reply.text === undefined ? el("p", { class: "error" }, reply.message) : showText(el("p", { class: "error" }), reply.text));
      if (reply.kind !== "batch") return;
      for (const r of reply.rows.slice(0, Math.max(0, MAX_ROWS - count))) addRow(r);
      count += reply.rows.length;
      ({ total, failed, noKeyword } = reply);
      renderCounts(counts, reply.counts);
      if (reply.last) finish(false);
      else tr(summary, "batch.progress", { count, total });
    },
    () => finish(true),
  );
}

/**
 * Compare with the live config (compare.ts): the batch's messages through the live config (a file
 * chosen) and the edited one, in the worker; the messages whose replies would change, side by side.
 */
function compareOnPage(liveText: string): void {
  const out = $("compare-results");
  const title = words("h3", "compare.title");
  out.replaceChildren(title);
  if (engine === undefined) {
    out.append(words("p", "compare.fixFirst"));
    return;
  }
  const a = agent();
  ask(
    { kind: "compare", live: liveText, text: applied, messages: $<HTMLTextAreaElement>("batch").value, csv: $<HTMLInputElement>("csv").checked, channel: $<HTMLSelectElement>("channel").value, online: a === undefined ? [] : [a] },
    "work.compare",
    (reply) => {
      if (reply.kind === "failed") compareFailed(out, reply);
      if (reply.kind !== "compared") return;
      const summary = words("p", "compare.summary", { changed: reply.changed, total: reply.total });
      out.append(summary);
      if (reply.changed > reply.rows.length) summary.append(words("span", "compare.shown", { n: reply.rows.length }));
      if (reply.rows.length === 0) return void out.append(words("p", "compare.none"));
      const table = el("table", { class: "compare" });
      const head = el("tr");
      for (const h of ["batch.line", "batch.message", "compare.live", "compare.edited"] as const) head.append(words("th", h));
      table.append(head);
      for (const r of reply.rows) {
        const row = el("tr", { "data-line": String(r.line) });
        row.append(el("td", {}, String(r.line)), el("td", { class: "message" }, r.text), sendsCell(r.live.replies, r.live.texts), sendsCell(r.edited.replies, r.edited.texts));
        table.append(row);
      }
      out.append(table);
    },
    () => out.append(words("p", "compare.stopped")),
  );
}

/** The live config chosen for the comparisons (its file's name and text), kept for the event log. */
let live: { readonly name: string; readonly text: string } | undefined;

/** A side of a comparison, as a cell: the replies (each kind by its name, the rule beside) and their texts; "no reply" when none. */
function sendsCell(replies: readonly string[], texts: readonly string[]): HTMLElement {
  const cell = el("td");
  if (replies.length === 0) return holding(cell, words("span", "compare.nothing"));
  const kinds = replies.map((x) => {
    const at = x.indexOf(":");
    return [at < 0 ? kindLabel(x) : kindAndRule(x.slice(0, at), x.slice(at + 1), "reply")];
  });
  const list = el("ul", { class: "texts" });
  for (const text of texts) list.append(el("li", {}, text));
  return holding(cell, holding(el("div"), ...joined(kinds)), list);
}

/** What one side decided for a logged event, as a cell: its replies, or the code it refused the event with. */
function outcomeCell(outcome: Outcome): HTMLElement {
  if ("refused" in outcome) return holding(el("td", { class: "refused" }), words("span", "compare.refused", { code: outcome.refused }));
  const replies = [...new Set(outcome.replies.map((r) => `${r.kind}:${r.rule}`))];
  return sendsCell(replies, outcome.replies.map((r) => r.text));
}

/** A failed comparison: what went wrong, and the live config's problems when it does not compile. */
function compareFailed(out: HTMLElement, reply: Extract<Reply, { kind: "failed" }>): void {
  out.append(reply.text === undefined ? el("p", { class: "error" }, reply.message) : showText(el("p", { class: "error" }), reply.text));
  if (reply.problems !== undefined) {
    const list = el("ul", { class: "problems" });
    renderProblems(list, reply.problems, 0, () => undefined);
    out.append(list);
  }
}

/**
 * Compare with the live config on a recorded event log (compare.ts): every logged event through the
 * live config and the edited one, each conversation keeping its own state per side; the
 * conversations whose replies would change, each at its first changed event, side by side, and the
 * changes counted by rule.
 */
function compareLogOnPage(log: string): void {
  const out = $("compare-results");
  out.replaceChildren(words("h3", "compare.logTitle"));
  if (live === undefined) return void out.append(words("p", "compare.logFirst"));
  if (engine === undefined) return void out.append(words("p", "compare.fixFirst"));
  ask(
    { kind: "compareLog", live: live.text, text: applied, log },
    "work.compare",
    (reply) => {
      if (reply.kind === "failed") compareFailed(out, reply);
      if (reply.kind !== "comparedLog") return;
      const { summary: s, changes } = reply;
      const summary = words("p", "compare.logSummary", { events: s.events, conversations: s.conversations, affected: s.affected, decisions: s.changedDecisions });
      out.append(summary);
      // The edited config's counts per rule over the log, as the batch's are drawn.
      const counts = el("div", { class: "log-counts" });
      renderCounts(counts, reply.counts, "compare.logCounts");
      out.append(counts);
      if (s.affected > changes.length) summary.append(words("span", "compare.shown", { n: changes.length }));
      if (changes.length === 0) return void out.append(words("p", "compare.logNone"));
      const rules = el("table", { class: "compare-rules" });
      const ruleHead = el("tr");
      for (const h of ["compare.rules", "compare.added", "compare.removed", "compare.changed"] as const) ruleHead.append(words("th", h));
      rules.append(ruleHead);
      for (const r of s.rules) rules.append(holding(el("tr"), holding(el("td"), kindAndRule(r.kind, r.rule, "reply")), el("td", { class: "n" }, String(r.added)), el("td", { class: "n" }, String(r.removed)), el("td", { class: "n" }, String(r.changed))));
      const table = el("table", { class: "compare compare-log" });
      const head = el("tr");
      for (const h of ["compare.conversation", "compare.step", "compare.event", "compare.live", "compare.edited"] as const) head.append(words("th", h));
      table.append(head);
      for (const c of changes) {
        const row = el("tr", { "data-conversation": c.conversation });
        const label = describe(c.event as unknown as Readonly<Record<string, unknown>>);
        const event = tr(el("span"), label.t, label.params);
        row.append(el("td", {}, c.conversation), el("td", { class: "n" }, String(c.step)), holding(el("td", { class: "message" }, ""), event, " ", el("small", { class: "id" }, c.event.type)), outcomeCell(c.old), outcomeCell(c.new));
        table.append(row);
      }
      out.append(rules, table);
    },
    () => out.append(words("p", "compare.logStopped")),
  );
}

/**
 * The batch's counts per rule (counts.ts), redrawn as each slice arrives: the rule (its kind by
 * name, the id beside), how many messages it was sent to, how often a suppression rule beat it
 * (the why panel's sentence, the rule id small, ×n), and how often the quota, the channel's window,
 * a frequency rule or another reason held it back.
 */
function renderCounts(out: HTMLElement, rows: readonly RuleCount[], heading: Key = "batch.counts.title"): void {
  const title = words("h3", heading);
  if (rows.length === 0) {
    out.replaceChildren(title, words("p", "batch.counts.none"));
    return;
  }
  const table = el("table", { class: "counts" });
  const head = el("tr");
  for (const h of ["batch.counts.rule", "batch.counts.sent", "batch.counts.suppressed", "batch.counts.quota", "batch.counts.window", "batch.counts.frequency", "batch.counts.other"] as const) head.append(words("th", h));
  table.append(head);
  const number = (n: number) => el("td", { class: "n" }, String(n));
  for (const r of rows) {
    const row = el("tr", { "data-kind": r.kind, "data-rule": r.rule });
    const suppressed = r.suppressed.map(([by, n]) => {
      const part: (Node | string)[] = [];
      if (by !== "") part.push(showText(el("span", { class: "sentence" }), reasonText({ kind: r.kind as Judged["kind"], verdict: "suppressed", by }, wall)), " ");
      part.push(el("small", { class: "by" }, by === "" ? "?" : by), ` ×${n}`);
      return part;
    });
    row.append(
      holding(el("td"), r.rule === "" ? kindLabel(r.kind) : kindAndRule(r.kind, r.rule, "reply")),
      number(r.sent),
      holding(el("td", { class: "suppressed" }), ...(suppressed.length === 0 ? ["0"] : joined(suppressed, "; "))),
      number(r.quota),
      number(r.window),
      number(r.frequency),
      number(r.other),
    );
    table.append(row);
  }
  out.replaceChildren(title, table);
}

/**
 * A line of the tables' text: the engine's English, with each reply kind it names in backquotes
 * (`received`) by its name in the page's language, the identifier small beside it.
 */
function inline(text: string): (Node | string)[] {
  return text
    .replaceAll("**", "")
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 && isKey(`kind.${part}`) ? kindLabel(part) : part));
}

/** A cell of the tables that lists replies (`keyword ×2, accepted`, `received (R-SERVING)`): each kind by its name; any other cell as `inline` writes it. */
function cell(text: string): (Node | string)[] {
  const items = text.split(", ").map((item) => /^(\w+)((?: ×\d+)?(?: \([A-Z0-9-]+\))?)$/.exec(item.replaceAll("`", "")));
  if (text === "" || items.some((m) => m === null || !isKey(`kind.${m[1]}`))) return inline(text);
  return joined(items.map((m) => [kindLabel((m as RegExpExecArray)[1] as string), (m as RegExpExecArray)[2] as string]));
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
        for (const c of cells(lines[i] as string)) row.append(holding(el(first ? "th" : "td"), ...(first ? [c.replaceAll("`", "")] : cell(c))));
        table.append(row);
      }
      i--;
      out.push(table);
    } else if (line.trim() !== "") out.push(holding(el("p"), ...inline(line)));
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
  const caption = words("figcaption", "diagram.drawing");
  figure.append(caption);
  source.before(figure);
  try {
    const { default: mermaid } = await import("mermaid");
    // strict: the labels are text (the diagram is sanitized, no script or link runs).
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    const { svg } = await mermaid.render(`phases-${++diagrams}`, source.textContent ?? "");
    const drawing = el("div", { class: "drawing" });
    drawing.innerHTML = svg;
    tr(caption, "diagram.drawn");
    figure.append(drawing);
  } catch (e) {
    tr(caption, "diagram.failed", { message: e instanceof Error ? e.message : String(e) });
  }
}

function agent(): string | undefined {
  return engine === undefined ? undefined : [...engine.config.agents.keys()][0];
}

function wire(): void {
  // The language first: the remembered choice, or the browser's (Chinese or English); the switch in the header.
  startLanguage();
  keeper = startKeeping({ name: "seed-003.config.yaml", text: seedConfig }, {
    load: (text) => {
      setConfigText(text);
      compileEditor();
    },
    text: () => $<HTMLTextAreaElement>("config").value,
  });
  $<HTMLTextAreaElement>("config").value = keeper.text;
  const on = (id: string, f: () => void) => $(id).addEventListener("click", f);
  onLanguage(() => {
    editor?.flag(shownFlags());
    editor?.label(t("config.area"));
  });
  $("trace").replaceChildren(words("p", "timeline.choose"));
  on("compile", compileEditor);
  on("fix", applyFixes);
  on("undo", () => undoRedo(true));
  on("redo", () => undoRedo(false));
  on("forms-toggle", () => void toggleForms());
  for (const type of ["input", "change"]) $("config").addEventListener(type, () => forms?.later());
  on("stop", stopJobs);
  $("channel").addEventListener("change", restart);
  $("send").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>("text");
    const route = $<HTMLSelectElement>("route").value;
    const a = agent();
    const routes: Record<string, unknown> = { agent: { agent: a }, queue: { queue: 1 }, robot: { robot: true } };
    apply(now + 1000, { type: "visitor.message", text: input.value, ...(route === "none" ? {} : { route: routes[route] }) });
    input.value = "";
  });
  on("wait", () => apply(now + 120_000, null, { t: "event.wait" }));
  on("next-timer", () => timers[0] !== undefined && apply(timers[0].due, null, { t: "event.timeToTimer", params: { timer: { t: `timer.${timers[0].timer}` } } }));
  $("go").addEventListener("submit", (e) => {
    e.preventDefault();
    goTo();
  });
  on("open", () => apply(now + 1000, { type: "visitor.opened" }));
  on("answer", () => apply(now + 1000, { type: "agent.message", agent: agent() }));
  // visitor.transfer (the visitor leaves the robot): to the agent when the route says so, else to the queue.
  on("transfer", () => apply(now + 1000, { type: "visitor.transfer", route: $<HTMLSelectElement>("route").value === "agent" ? { agent: agent() } : { queue: 1 } }));
  on("accept", () => apply(now + 1000, { type: "agent.accepted", agent: agent() }));
  on("end", () => apply(now + 1000, { type: "agent.ended" }));
  on("presence", () => {
    online = !online;
    const a = agent();
    apply(now + 1000, { type: "presence", online: online && a !== undefined ? [a] : [] });
  });
  on("reset", () => {
    start = DEFAULT_START;
    restart();
  });
  // The built-in example is read on the page (it is known to be a scenario): it plays at once, even while the worker still checks.
  on("seed", () => {
    const { config: _ignored, ...read } = parseScenario(parseYaml(seedScenario), () => ({}));
    playScenario(read);
  });
  $<HTMLTextAreaElement>("batch").value = seedBatch;
  on("run-batch", runBatchOnPage);
  on("stop-batch", stopJobs);
  on("compare-open", () => $("compare-file").click());
  $<HTMLInputElement>("compare-file").addEventListener("change", async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) return;
    input.value = "";
    if (file.size > MAX_TEXT * 4) return void $("compare-results").replaceChildren(words("p", "size.config", { size: megabytes(file.size), limit: megabytes(MAX_TEXT) }));
    live = { name: file.name, text: await file.text() };
    tr($("compare-live-name"), "compare.liveName", { name: live.name });
    compareOnPage(live.text);
  });
  on("compare-log-open", () => (live === undefined ? $("compare-results").replaceChildren(words("h3", "compare.logTitle"), words("p", "compare.logFirst")) : $("compare-log-file").click()));
  $<HTMLInputElement>("compare-log-file").addEventListener("change", async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file === undefined) return;
    input.value = "";
    // Not even read past the limit (a log's characters are at most its bytes).
    if (file.size > MAX_LOG * 4) $("compare-results").replaceChildren(words("p", "size.log", { size: megabytes(file.size), limit: megabytes(MAX_LOG) }));
    else compareLogOnPage(await file.text());
  });
  on("tables", () => {
    const out = $("tables-out");
    ask(
      { kind: "tables", text: $<HTMLTextAreaElement>("config").value },
      "work.tables",
      (reply) => {
        if (reply.kind === "tables") {
          out.replaceChildren(...markdown(reply.markdown));
          void renderDiagram(out);
        }
        if (reply.kind === "failed") out.replaceChildren(reply.text === undefined ? el("p", { class: "error" }, reply.message) : showText(el("p", { class: "error" }), reply.text));
      },
      () => out.replaceChildren(words("p", "tables.stopped")),
    );
  });
  // The file input is hidden behind a button that speaks the page's language (the browser's own "Choose File" does not).
  on("load-button", () => $("load").click());
  $<HTMLInputElement>("load").addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file === undefined) return;
    // Not even read past the limit: a 50 MB file is refused by its size.
    if (file.size > MAX_TEXT * 4) tr($("scenario-status"), "size.scenario", { size: megabytes(file.size), limit: megabytes(MAX_TEXT) });
    else loadScenario(await file.text());
  });
  on("save", () => {
    const link = el("a", { href: URL.createObjectURL(new Blob([scenarioText()], { type: "application/yaml" })), download: "playground.scenario.yaml" });
    link.click();
  });
  compileEditor();
  // While the worker loads and checks, the page compiles the text itself, so the conversation plays
  // at once (issue 29: usable within 500 ms); a text that does not compile waits for the check, which
  // says why and plays the last good config.
  try {
    engine = compile(parseConfig(parseYaml(keeper.text)));
    applied = early = keeper.text;
    restart();
  } catch {
    // Not valid: the check lists its problems.
  }
}

if (typeof document !== "undefined") wire();
