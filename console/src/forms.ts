/// <reference lib="dom" />
/**
 * Forms beside the YAML (issue 29, item 3): the settings operators change most, as fields. The
 * forms read the editor's text (parsed with `yaml`, compiled for which layer each reply resolves
 * from) and are drawn again after each change of it; a form edit is a recipe of the edit entry
 * (`editConfig`: validated, an invalid result refused with the engine's message beside the field)
 * whose patches the page writes into the text (forms/write.ts: comments and layout kept), as one
 * step of the editor's undo and of the page's Undo. A layer chooser (the app, a channel, a group,
 * an agent, by the config's own names) says where an edit writes. What the forms do not cover
 * stays in the YAML, and the forms say so. forms/model.ts holds the pure parts.
 */
import { parse as parseYaml } from "yaml";
import { AutoreplyError, compile, PRESET_NAMES } from "../../src/core/index.js";
import { editConfig, type ConfigEdit, type ConfigRecipe } from "../../src/tools/edit/edit.js";
import type { CompiledConfig } from "../../src/core/config/compiled.js";
import type { ConfigInput } from "../../src/core/config/input.js";
import { MAX_TEXT, megabytes, plainMessage } from "./protocol.js";
import { isKey, t, type Key, type Params } from "./i18n/index.js";
import { kindLabel, onLanguage, show, words } from "./i18n/dom.js";
import * as M from "./forms/model.js";
import { el, holding } from "./dom.js";

/** What the forms need of the page. */
export interface FormsHost {
  /** The config's text now. */
  text(): string;
  /** Writes an edit into the text (its patches, comments and layout kept), as one step of Undo; throws when it cannot. */
  write(edit: ConfigEdit): void;
  /** Brings the problem list into view. */
  toProblems(): void;
}

export interface Forms {
  /** Draws the forms again from the text, now (after the page wrote it). */
  refresh(): void;
  /** Draws them again once typing in the editor pauses. */
  later(): void;
  /** Opens or closes them. */
  toggle(): void;
}

/** The most items of one list drawn (keyword rules of a layer, schedules, channels): the rest are counted, for the YAML. */
export const MAX_LISTED = 50;
/** The most groups and agents the layer chooser offers. */
export const MAX_LAYERS = 200;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The text as the forms read it. */
type Read =
  | { readonly kind: "tooLarge"; readonly size: number }
  | { readonly kind: "unparsed" }
  | { readonly kind: "notObject" }
  | { readonly kind: "invalid"; readonly n: number }
  | { readonly kind: "ok"; readonly config: ConfigInput; readonly compiled: CompiledConfig };
type Ok = Extract<Read, { kind: "ok" }>;

function read(text: string): Read {
  if (text.length > MAX_TEXT) return { kind: "tooLarge", size: text.length };
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    return { kind: "unparsed" };
  }
  if (!isObj(value)) return { kind: "notObject" };
  try {
    return { kind: "ok", config: value as ConfigInput, compiled: compile(value as ConfigInput).config };
  } catch (e) {
    if (!(e instanceof AutoreplyError)) throw e;
    return { kind: "invalid", n: Math.max(1, e.issues.length) };
  }
}

/** Mounts the forms in `panel`, closed; `toggle` is the button that opens them (its pressed state is theirs). */
export function mountForms(panel: HTMLElement, toggle: HTMLButtonElement, host: FormsHost): Forms {
  let open = false;
  /** The text the forms show, and what it read as. */
  let shown: string | null = null;
  let state: Read = { kind: "unparsed" };
  let layer = "app";
  let channel = "";
  /** Sections folded by the operator, kept across redraws. */
  const folded = new Set<string>();
  const note = el("div", { id: "forms-note", role: "status" });
  const body = el("fieldset", { id: "forms-body" }) as HTMLFieldSetElement;
  panel.replaceChildren(note, body);

  const current = (): Read => {
    const text = host.text();
    if (text !== shown) {
      shown = text;
      state = read(text);
    }
    return state;
  };

  // --- An edit, and its refusal -------------------------------------------------------------

  /** Shows why an edit was not written, beside the field that asked for it. */
  function refuse(anchor: HTMLElement, lead: Key, detail: readonly string[]): void {
    const box = anchor.closest<HTMLElement>(".field, fieldset, .add") ?? anchor;
    box.querySelector(":scope > p.error")?.remove();
    const p = holding(el("p", { class: "error", role: "alert" }), words("span", lead));
    for (const d of detail) p.append(" ", el("span", { lang: "en" }, d));
    box.append(p);
  }

  /** A form edit: validated by `editConfig` (refused with the engine's message), then written into the text by the page. */
  function commit(recipe: M.Recipe, anchor: HTMLElement): void {
    const s = current();
    if (s.kind !== "ok") return;
    let edit: ConfigEdit;
    try {
      edit = editConfig(s.config, recipe as ConfigRecipe);
    } catch (e) {
      if (!(e instanceof AutoreplyError)) throw e;
      const issues = e.issues.slice(0, 3).map((i) => `${i.path}: expected ${i.expected}, received ${i.received}; ${i.hint}`);
      return refuse(anchor, "forms.refused", issues.length > 0 ? issues : [plainMessage(e.message)]);
    }
    if (edit.patches.length === 0) return;
    try {
      host.write(edit);
    } catch (e) {
      refuse(anchor, "forms.notWritten", [e instanceof Error ? e.message : String(e)]);
    }
  }

  // --- Fields -------------------------------------------------------------------------------

  /** A labelled field; `id` names it across redraws (the focus stays on it). */
  function field(label: Key, control: HTMLElement, id: string, hint?: Key, params?: Params): HTMLElement {
    control.dataset["field"] = id;
    const wrap = el("label", { class: "field" });
    wrap.append(words("span", label, params, { class: "label" }), control);
    if (hint !== undefined) wrap.append(words("small", hint, undefined, { class: "hint" }));
    return wrap;
  }

  /** A one-line input that commits on change. */
  function input(value: string, id: string, recipe: (value: string) => M.Recipe, attrs: Record<string, string> = {}): HTMLInputElement {
    const i = el("input", { type: "text", ...attrs }) as HTMLInputElement;
    i.value = value;
    i.dataset["field"] = id;
    i.addEventListener("change", () => commit(recipe(i.value), i));
    return i;
  }

  /** A text area (one item a line) that commits on change. */
  function area(value: string, id: string, recipe: (value: string) => M.Recipe, rows = 3): HTMLTextAreaElement {
    const a = el("textarea", { rows: String(rows), spellcheck: "false" }) as HTMLTextAreaElement;
    a.value = value;
    a.dataset["field"] = id;
    a.addEventListener("change", () => commit(recipe(a.value), a));
    return a;
  }

  function button(label: Key, id: string, onClick: (b: HTMLButtonElement) => void, params?: Params, className = ""): HTMLButtonElement {
    const b = words("button", label, params, { type: "button", ...(className === "" ? {} : { class: className }) }) as HTMLButtonElement;
    b.dataset["field"] = id;
    b.addEventListener("click", () => onClick(b));
    return b;
  }

  /** "还有 12 项没有列出" under a list cut at MAX_LISTED. */
  const more = (n: number) => words("p", "forms.more", { n }, { class: "more" });

  /** A section that the operator can fold, kept folded across redraws. */
  function section(id: string, title: Key, ...content: (Node | string)[]): HTMLElement {
    const d = el("details", { class: "section", "data-section": id }) as HTMLDetailsElement;
    d.open = !folded.has(id);
    d.addEventListener("toggle", () => (d.open ? folded.delete(id) : folded.add(id)));
    d.append(holding(el("summary"), words("h3", title)), ...content);
    return d;
  }

  /**
   * The messages of a reply (or a rule): a text area each (emptied, it is removed), a button to
   * remove one, and an empty one at the end to add one.
   */
  function messages(texts: readonly string[], id: string, set: (i: number, text: string) => M.Recipe, remove: (i: number) => M.Recipe): HTMLElement {
    const box = holding(el("div", { class: "messages field" }), words("span", "forms.messages", undefined, { class: "label" }));
    const list = el("ol");
    texts.slice(0, MAX_LISTED).forEach((text, i) => {
      const a = area(text, `${id}.${i}`, (v) => set(i, v), 2);
      a.setAttribute("aria-label", t("forms.message.n", { n: i + 1 }));
      const del = button("forms.message.remove", `${id}.${i}.remove`, (b) => commit(remove(i), b), { n: i + 1 }, "remove");
      del.setAttribute("aria-label", t("forms.message.removeN", { n: i + 1 }));
      list.append(holding(el("li"), a, del));
    });
    box.append(list);
    if (texts.length > MAX_LISTED) box.append(more(texts.length - MAX_LISTED));
    const add = el("textarea", { rows: "1", placeholder: t("forms.message.add"), "aria-label": t("forms.message.add") }) as HTMLTextAreaElement;
    add.dataset["field"] = `${id}.new`;
    add.addEventListener("change", () => {
      if (add.value.trim() !== "") commit(set(texts.length, add.value), add);
    });
    box.append(add);
    return box;
  }

  // --- The sections -------------------------------------------------------------------------

  /** The channels the engine knows (the preset's and the config's), and those of `app.channels`. */
  function channelsOf(s: Ok): string[] {
    const names = new Set(s.compiled.channels.keys());
    const app = s.config.app?.channels;
    if (isObj(app)) for (const k of Object.keys(app)) names.add(k);
    return [...names];
  }

  const channelName = (c: string): string => (isKey(`channel.${c}`) ? t(`channel.${c}` as Key) : c);

  function chooser(s: Ok, channels: readonly string[]): HTMLElement {
    const select = el("select") as HTMLSelectElement;
    const option = (value: string, text: string) => {
      const o = el("option", { value }, text) as HTMLOptionElement;
      o.selected = value === layer;
      select.append(o);
    };
    option("app", t("forms.layer.app"));
    const group = (label: Key, items: readonly string[], kind: "channel" | "group" | "agent") => {
      if (items.length === 0) return;
      const g = el("optgroup", { label: t(label) });
      for (const owner of items.slice(0, MAX_LAYERS)) {
        const o = el("option", { value: M.layerKey({ layer: kind, owner }) }, t(`forms.layer.${kind}`, { owner: kind === "channel" ? channelName(owner) : owner })) as HTMLOptionElement;
        o.selected = o.value === layer;
        g.append(o);
      }
      select.append(g);
    };
    group("forms.layers.channel", channels, "channel");
    group("forms.layers.group", Object.keys(s.config.groups ?? {}), "group");
    group("forms.layers.agent", Object.keys(s.config.agents ?? {}), "agent");
    select.addEventListener("change", () => {
      layer = select.value;
      draw(true);
    });
    const on = el("select") as HTMLSelectElement;
    for (const c of channels) {
      const o = el("option", { value: c }, channelName(c)) as HTMLOptionElement;
      o.selected = c === channel;
      on.append(o);
    }
    on.disabled = M.layerOf(layer).layer === "channel";
    on.addEventListener("change", () => {
      channel = on.value;
      draw(true);
    });
    const row = holding(el("div", { class: "layer-row" }), field("forms.layer", select, "layer"), field("forms.channel", on, "channel"));
    const cut = Math.max(0, Object.keys(s.config.groups ?? {}).length - MAX_LAYERS) + Math.max(0, Object.keys(s.config.agents ?? {}).length - MAX_LAYERS);
    return holding(el("div", { class: "chooser" }), row, words("p", "forms.layer.hint", undefined, { class: "hint" }), ...(cut > 0 ? [more(cut)] : []));
  }

  /** The keys of a reply the forms edit; any other one written is left to the YAML (and said). */
  const FORM_KEYS = new Set(["id", "messages", "rules", "interval", "after", "idleAfter"]);

  function replyForm(s: Ok, ref: M.LayerRef, context: ReturnType<typeof M.contextFor>, kind: M.SystemKind): HTMLElement | null {
    const own = M.repliesAt(s.config, ref)?.[kind] as unknown;
    const from = M.resolvedFrom(s.compiled, kind, context);
    if ((M.OTHER_KINDS as readonly string[]).includes(kind) && own === undefined && from === null) return null;
    const inherited = own === undefined && from !== null ? M.valueAt(s.config, from.path) : undefined;
    const reply: Obj = isObj(own) ? own : isObj(inherited) ? inherited : {};
    const id = `reply.${kind}`;
    const change = (f: (r: Obj) => void) => M.atReply(ref, kind, inherited, f);
    const box = el("fieldset", { class: "reply", "data-kind": kind, "data-from": from?.layer ?? "none" });
    box.append(holding(el("legend"), kindLabel(kind), " ", show(el("span", { class: "from" }), M.fromText(from))));
    if (own === undefined) box.append(from === null ? words("p", "forms.unset", undefined, { class: "note" }) : words("p", "forms.inherited", { layer: M.layerText(from.layer, from.owner) }, { class: "note" }));
    if (kind === "queued" && Array.isArray(reply["rules"])) box.append(queueRules(reply["rules"] as unknown[], id, change));
    else box.append(messages(M.textsOf(reply["messages"]), `${id}.messages`, (i, text) => change((r) => M.setMessage(r, i, text)), (i) => change((r) => M.removeMessage(r, i))));
    if (kind === "queued") box.append(addThreshold(id, change));
    for (const f of M.TIMING[kind] ?? []) {
      const i = input(M.fieldText(reply[f]), `${id}.${f}`, (v) => change((r) => M.setField(r, f, M.durationValue(v))), { inputmode: "text", size: "8" });
      box.append(field(`forms.${f}` as Key, i, `${id}.${f}`, "forms.duration.hint"));
    }
    if (Object.keys(reply).some((k) => !FORM_KEYS.has(k))) box.append(words("p", "forms.otherSettings", undefined, { class: "note" }));
    if (own !== undefined) box.append(button(ref.layer === "app" ? "forms.reply.removeApp" : "forms.reply.remove", `${id}.remove`, (b) => commit(M.removeReply(ref, kind), b), undefined, "remove"));
    return box;
  }

  /** The queued reply's rules by queue position: each threshold (`over`) and its messages. */
  function queueRules(rules: readonly unknown[], id: string, change: (f: (r: Obj) => void) => M.Recipe): HTMLElement {
    const box = holding(el("div", { class: "queue-rules" }), words("span", "forms.queued.rules", undefined, { class: "label" }));
    rules.slice(0, MAX_LISTED).forEach((rule, i) => {
      const r: Obj = isObj(rule) ? rule : {};
      const at = (f: (q: Obj) => void) => change((reply) => f(((reply["rules"] as Obj[]) ?? [])[i] as Obj));
      const over = input(M.fieldText(r["over"]), `${id}.rules.${i}.over`, (v) => at((q) => M.setField(q, "over", M.numberValue(v))), { inputmode: "numeric", size: "5" });
      const one = holding(
        el("fieldset", { class: "queue-rule" }),
        field("forms.queued.over", over, `${id}.rules.${i}.over`),
        messages(M.textsOf(r["messages"]), `${id}.rules.${i}.messages`, (j, text) => at((q) => M.setMessage(q, j, text)), (j) => at((q) => M.removeMessage(q, j))),
        button("forms.queued.removeRule", `${id}.rules.${i}.remove`, (b) => commit(change((reply) => void (reply["rules"] as unknown[]).splice(i, 1)), b), undefined, "remove"),
      );
      box.append(one);
    });
    if (rules.length > MAX_LISTED) box.append(more(rules.length - MAX_LISTED));
    return box;
  }

  /** A new threshold of the queued reply (its one `messages` becomes the rule over 0). */
  function addThreshold(id: string, change: (f: (r: Obj) => void) => M.Recipe): HTMLElement {
    const over = el("input", { type: "text", inputmode: "numeric", size: "5" }) as HTMLInputElement;
    const text = el("textarea", { rows: "1" }) as HTMLTextAreaElement;
    const add = button("forms.queued.addRule", `${id}.addRule`, (b) => {
      if (text.value.trim() === "") return refuse(b, "forms.message.needed", []);
      commit(
        change((r) => {
          if (!Array.isArray(r["rules"])) {
            r["rules"] = r["messages"] === undefined ? [] : [{ over: 0, messages: r["messages"] }];
            delete r["messages"];
          }
          (r["rules"] as unknown[]).push({ over: M.numberValue(over.value) ?? 0, messages: text.value });
        }),
        b,
      );
    });
    return holding(el("div", { class: "add" }), field("forms.queued.over", over, `${id}.new.over`), field("forms.queued.message", text, `${id}.new.message`), add);
  }

  function repliesSection(s: Ok, ref: M.LayerRef, context: ReturnType<typeof M.contextFor>): HTMLElement {
    const forms = [...M.SYSTEM_KINDS, ...M.OTHER_KINDS].map((k) => replyForm(s, ref, context, k)).filter((f): f is HTMLElement => f !== null);
    return section("replies", "forms.replies", ...forms);
  }

  function switchesSection(s: Ok): HTMLElement {
    const written = isObj(s.config.switches) ? (s.config.switches as Obj) : {};
    const boxes = M.SWITCHES.map((k) => {
      const c = el("input", { type: "checkbox" }) as HTMLInputElement;
      c.checked = s.compiled.switches[k];
      c.dataset["field"] = `switch.${k}`;
      // A switch written stays written (true or false); one not written is added only to turn it on.
      c.addEventListener("change", () => commit(M.setTop(["switches", k], c.checked || k in written ? c.checked : undefined), c));
      return holding(el("label", { class: "field check" }), c, " ", words("span", `forms.switch.${k}` as Key), " ", el("small", { class: "id" }, k));
    });
    return section("switches", "forms.switches", words("p", "forms.switches.note", undefined, { class: "hint" }), ...boxes);
  }

  function keywordsSection(s: Ok, ref: M.LayerRef): HTMLElement {
    const written = M.repliesAt(s.config, ref)?.keyword;
    const rules = (Array.isArray(written) ? written : []) as unknown[];
    const at = (i: number, f: (rule: Obj) => void) => M.atRules(ref, (rs) => f(rs[i] as Obj));
    const forms = rules.slice(0, MAX_LISTED).map((raw, i) => {
      const rule: Obj = isObj(raw) ? raw : {};
      const id = `rule.${i}`;
      const { mode, others } = M.modeOf(rule["match"]);
      const match: Obj = isObj(rule["match"]) ? (rule["match"] as Obj) : {};
      const matchMode = el("select") as HTMLSelectElement;
      for (const m of M.MATCH_MODES) {
        const o = el("option", { value: m }, t(`forms.mode.${m}`)) as HTMLOptionElement;
        o.selected = m === mode;
        matchMode.append(o);
      }
      matchMode.addEventListener("change", () => commit(at(i, (r) => M.setMode(r, matchMode.value as M.MatchMode)), matchMode));
      const box = el("fieldset", { class: "rule", "data-rule": String(i) });
      box.append(
        holding(el("legend"), words("span", "forms.rule", { n: i + 1 }), " ", el("small", { class: "id" }, typeof rule["id"] === "string" ? rule["id"] : "")),
        holding(
          el("div", { class: "pair" }),
          field("forms.rule.id", input(M.fieldText(rule["id"]), `${id}.id`, (v) => at(i, (r) => M.setField(r, "id", v.trim() === "" ? undefined : v.trim())), { size: "12" }), `${id}.id`),
          field("forms.rule.priority", input(M.fieldText(rule["priority"]), `${id}.priority`, (v) => at(i, (r) => M.setField(r, "priority", M.numberValue(v))), { inputmode: "numeric", size: "4" }), `${id}.priority`),
        ),
        field("forms.rule.mode", matchMode, `${id}.mode`),
        field(mode === "all" ? "forms.rule.wordsAll" : "forms.rule.words", area(M.wordsOf(match[mode]).join("\n"), `${id}.words`, (v) => at(i, (r) => M.setWords(r, mode, M.linesOf(v)))), `${id}.words`),
        field("forms.rule.none", area(M.wordsOf(match["none"]).join("\n"), `${id}.none`, (v) => at(i, (r) => M.setExclusions(r, M.linesOf(v))), 2), `${id}.none`),
        messages(M.textsOf(rule["messages"]), `${id}.messages`, (j, text) => at(i, (r) => M.setMessage(r, j, text)), (j) => at(i, (r) => M.removeMessage(r, j))),
      );
      if (others || Object.keys(rule).some((k) => !["id", "priority", "match", "messages"].includes(k)) || Object.keys(match).some((k) => !(M.MATCH_MODES as readonly string[]).includes(k) && k !== "none")) box.append(words("p", "forms.otherSettings", undefined, { class: "note" }));
      box.append(button("forms.rule.remove", `${id}.remove`, (b) => commit(M.atRules(ref, (rs) => void rs.splice(i, 1)), b), undefined, "remove"));
      return box;
    });
    const newWords = el("textarea", { rows: "2" }) as HTMLTextAreaElement;
    const newText = el("textarea", { rows: "2" }) as HTMLTextAreaElement;
    const add = button("forms.rule.add", "rule.add", (b) => {
      const w = M.linesOf(newWords.value);
      if (w.length === 0 || newText.value.trim() === "") return refuse(b, "forms.rule.needed", []);
      commit(
        M.atRules(ref, (rs) => void rs.push(M.newRule(rs, w, newText.value))),
        b,
      );
    });
    const adding = holding(el("fieldset", { class: "add" }), holding(el("legend"), words("span", "forms.rule.new")), field("forms.rule.words", newWords, "rule.new.words"), field("forms.queued.message", newText, "rule.new.message"), add);
    return section(
      "keywords",
      "forms.keywords",
      words("p", "forms.keywords.note", undefined, { class: "hint" }),
      ...(rules.length === 0 ? [words("p", "forms.rules.none", undefined, { class: "note" })] : forms),
      ...(rules.length > MAX_LISTED ? [more(rules.length - MAX_LISTED)] : []),
      adding,
    );
  }

  function hoursSection(s: Ok, ref: M.LayerRef): HTMLElement {
    const schedules = isObj(s.config.schedules) ? (s.config.schedules as Obj) : {};
    const names = Object.keys(schedules);
    const use = el("select") as HTMLSelectElement;
    const now = M.scheduleOf(s.config, ref);
    for (const name of ["", ...names]) {
      const o = el("option", { value: name }, name === "" ? t("forms.schedule.none") : name) as HTMLOptionElement;
      o.selected = name === now;
      use.append(o);
    }
    use.addEventListener("change", () => commit(M.useSchedule(ref, use.value), use));
    const forms = names.slice(0, MAX_LISTED).map((name) => {
      const sc: Obj = isObj(schedules[name]) ? (schedules[name] as Obj) : {};
      const hours: Obj = isObj(sc["hours"]) ? (sc["hours"] as Obj) : {};
      const id = `schedule.${name}`;
      const at = (f: (x: Obj) => void) => M.atSchedule(name, f);
      const days = holding(
        el("div", { class: "days" }),
        ...M.DAYS.map((d) =>
          field(
            `forms.day.${d}` as Key,
            input(M.hoursText(hours[d]), `${id}.${d}`, (v) =>
              at((x) => {
                const h = isObj(x["hours"]) ? (x["hours"] as Obj) : (x["hours"] = {});
                M.setField(h, d, M.hoursValue(v));
                if (Object.keys(h).length === 0) delete x["hours"];
              }),
              { size: "11", placeholder: t("forms.closed") },
            ),
            `${id}.${d}`,
          ),
        ),
      );
      const text = (key: "zone" | "lunch" | "night", size: string) => field(`forms.schedule.${key}` as Key, input(M.fieldText(sc[key]), `${id}.${key}`, (v) => at((x) => M.setField(x, key, v.trim() === "" ? undefined : v.trim())), { size }), `${id}.${key}`);
      const list = (key: "holidays" | "workdays") => field(`forms.schedule.${key}` as Key, area(M.wordsOf(sc[key]).join("\n"), `${id}.${key}`, (v) => at((x) => M.setField(x, key, M.linesOf(v).length === 0 ? undefined : M.linesOf(v)))), `${id}.${key}`);
      const box = holding(el("fieldset", { class: "schedule", "data-schedule": name }), holding(el("legend"), name), text("zone", "16"), words("span", "forms.schedule.hours", undefined, { class: "label" }), days, words("small", "forms.schedule.hours.hint", undefined, { class: "hint" }), holding(el("div", { class: "pair" }), text("lunch", "11"), text("night", "11")), list("holidays"), list("workdays"));
      if (Object.keys(sc).some((k) => !["zone", "hours", "lunch", "night", "holidays", "workdays"].includes(k))) box.append(words("p", "forms.otherSettings", undefined, { class: "note" }));
      box.append(button("forms.schedule.remove", `${id}.remove`, (b) => commit(M.removeSchedule(name), b), undefined, "remove"));
      return box;
    });
    const newName = el("input", { type: "text", size: "12" }) as HTMLInputElement;
    const add = button("forms.schedule.add", "schedule.add", (b) => {
      const name = newName.value.trim();
      if (name === "") return refuse(b, "forms.schedule.needed", []);
      if (name in schedules) return refuse(b, "forms.schedule.taken", []);
      commit(
        M.atSchedule(name, (x) => {
          x["hours"] = { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" };
        }),
        b,
      );
    });
    return section(
      "hours",
      "forms.hours",
      field("forms.schedule.use", use, "schedule.use"),
      ...(names.length === 0 ? [words("p", "forms.schedules.none", undefined, { class: "note" })] : forms),
      ...(names.length > MAX_LISTED ? [more(names.length - MAX_LISTED)] : []),
      holding(el("div", { class: "add" }), field("forms.schedule.name", newName, "schedule.new.name"), add),
    );
  }

  function channelsSection(s: Ok, channels: readonly string[]): HTMLElement {
    const preset = el("select") as HTMLSelectElement;
    const written = typeof s.config.preset === "string" ? s.config.preset : "";
    for (const name of ["", ...PRESET_NAMES]) {
      const o = el("option", { value: name }, t(name === "" ? "forms.preset.default" : (`forms.preset.${name}` as Key))) as HTMLOptionElement;
      o.selected = name === written;
      preset.append(o);
    }
    preset.addEventListener("change", () => commit(M.setTop(["preset"], preset.value === "" ? undefined : preset.value), preset));
    const everywhere = input(M.fieldText(s.config.reserveForAgents), "reserveForAgents", (v) => M.setTop(["reserveForAgents"], M.numberValue(v)), { inputmode: "numeric", size: "4", placeholder: "0" });
    const own = isObj(s.config.channels) ? (s.config.channels as Obj) : {};
    const rows = channels.slice(0, MAX_LISTED).map((c) => {
      const mine = isObj(own[c]) ? (own[c] as Obj)["reserve"] : undefined;
      const effective = s.compiled.channels.get(c)?.reserve;
      const i = input(M.fieldText(mine), `reserve.${c}`, (v) => M.setReserve(c, M.numberValue(v)), { inputmode: "numeric", size: "4", placeholder: effective === undefined ? "" : String(effective) });
      return field("forms.reserve", i, `reserve.${c}`, undefined, { channel: channelName(c) });
    });
    return section(
      "channels",
      "forms.channels",
      field("forms.preset", preset, "preset"),
      field("forms.reserveForAgents", everywhere, "reserveForAgents"),
      words("p", "forms.reserve.hint", undefined, { class: "hint" }),
      ...rows,
      ...(channels.length > MAX_LISTED ? [more(channels.length - MAX_LISTED)] : []),
    );
  }

  // --- Drawing ----------------------------------------------------------------------------------

  /** The note above the forms when they are off: why, and a way to the problem list. */
  function say(key: Key | null, params?: Params): void {
    if (key === null) {
      note.replaceChildren();
      note.hidden = true;
      return;
    }
    note.hidden = false;
    note.replaceChildren(words("p", key, params), button("forms.toProblems", "toProblems", () => host.toProblems()));
  }

  /** Draws the forms from the text, when open (`again`: even if the text is the same, e.g. another layer chosen). */
  function draw(again = false): void {
    if (!open) return;
    const text = host.text();
    if (!again && text === shown && body.childElementCount > 0) return;
    const s = current();
    if (s.kind !== "ok") {
      body.disabled = true;
      if (s.kind === "tooLarge") say("size.config", { size: megabytes(s.size), limit: megabytes(MAX_TEXT) });
      else if (s.kind === "unparsed") say("forms.unparsed");
      else if (s.kind === "notObject") say("forms.notObject");
      else say("forms.invalid", { n: s.n });
      return;
    }
    say(null);
    body.disabled = false;
    // The focus, and where the panel was scrolled, kept across the redraw.
    const focused = document.activeElement instanceof HTMLElement && panel.contains(document.activeElement) ? document.activeElement.dataset["field"] : undefined;
    const scroll = panel.scrollTop;
    const channels = channelsOf(s);
    if (!channels.includes(channel)) channel = channels.includes("miniprogram") ? "miniprogram" : (channels[0] ?? "");
    let ref = M.layerOf(layer);
    const exists = ref.layer === "app" || (ref.layer === "channel" ? channels.includes(ref.owner) : isObj((ref.layer === "group" ? s.config.groups : s.config.agents)?.[ref.owner]));
    if (!exists) {
      ref = { layer: "app" };
      layer = "app";
    }
    const context = M.contextFor(s.compiled, ref, channel);
    body.replaceChildren(holding(el("legend", { class: "visually-hidden" }), words("span", "forms.title")), chooser(s, channels), repliesSection(s, ref, context), switchesSection(s), keywordsSection(s, ref), hoursSection(s, ref), channelsSection(s, channels));
    panel.scrollTop = scroll;
    if (focused !== undefined) body.querySelector<HTMLElement>(`[data-field="${CSS.escape(focused)}"]`)?.focus();
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Typing in the editor: the forms follow once it pauses. */
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => draw(), 300);
  };

  function setOpen(on: boolean): void {
    open = on;
    panel.hidden = !on;
    toggle.setAttribute("aria-pressed", String(on));
    panel.parentElement?.classList.toggle("forms-open", on);
    if (on) draw();
  }
  onLanguage(() => draw(true));
  return {
    refresh() {
      clearTimeout(timer);
      draw();
    },
    later,
    toggle: () => setOpen(!open),
  };
}
