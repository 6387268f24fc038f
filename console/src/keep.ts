/// <reference lib="dom" />
/**
 * Work is never lost (issue 29, item 5). Every edit of the config is kept in this browser
 * (localStorage, written 300 ms after the last keystroke and when the page is left) and opened
 * again on the next visit; leaving with changes not saved to a file asks first; the config opens
 * from and saves to a file; the last five configs opened or saved are listed, by name and time, to
 * open again. When the browser keeps nothing (storage blocked, as in some private modes, or full) a
 * line says so and the page works as before, without keeping.
 *
 * The page (app.ts) calls `startKeeping` once, before the first check, and `edited` when a script
 * writes the text; keystrokes are followed here (the text area's `input`, and the `change` the
 * editor sends on each of its changes).
 */
import { MAX_TEXT, megabytes } from "./protocol.js";
import { format, lang, type Text } from "./i18n/index.js";
import { onLanguage, plain, show, tr } from "./i18n/dom.js";

// Every sentence this module shows is in the console's tables (i18n/zh.ts and en.ts, `keep.*`).

/** What the page gives: how to put a text in the editor (and check it), and what the editor holds. */
export interface KeepHooks {
  readonly load: (text: string) => void;
  readonly text: () => string;
}

export interface Keeper {
  /** The text to open with: the edit kept from the last visit, or the seed. */
  readonly text: string;
  /** The text changed (a rewrite, undo, a script): kept after the debounce, as a keystroke is. */
  edited(): void;
  /** The text of a config that checked valid: the conversation's fallback on a later visit. */
  good(text: string): void;
  /** The last config that checked valid, kept from an earlier visit, if any. */
  goodText(): string | undefined;
  /** Whether the text differs from what was last opened or saved to a file (leaving asks first). */
  dirty(): boolean;
}

/** One config of the recent list. `saved`: as it was opened or saved to a file (not an edit that was replaced). */
interface Recent {
  readonly name: string;
  readonly at: number;
  readonly text: string;
  readonly saved: boolean;
}

const KEY = { draft: "autoreply-console.draft", saved: "autoreply-console.saved", recent: "autoreply-console.recent", good: "autoreply-console.good" } as const;
const MAX_RECENT = 5;
const DEBOUNCE = 300;

/** A text's fingerprint (FNV-1a and the length): what was saved is compared without keeping a second copy. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(16)}:${text.length}`;
}

/** The page's storage, or `undefined` where the browser refuses it (reading `localStorage` throws, or writing does at once). */
function openStorage(): Storage | undefined {
  try {
    const storage = window.localStorage;
    const probe = "autoreply-console.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

function read<T>(storage: Storage | undefined, key: string, valid: (value: unknown) => value is T): T | undefined {
  if (storage === undefined) return undefined;
  try {
    const raw = storage.getItem(key);
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isDraft = (v: unknown): v is { name: string; at: number; text: string } => isRecord(v) && typeof v["name"] === "string" && typeof v["at"] === "number" && typeof v["text"] === "string";
const isRecent = (v: unknown): v is Recent => isDraft(v) && typeof (v as Record<string, unknown>)["saved"] === "boolean";
const isRecents = (v: unknown): v is Recent[] => Array.isArray(v) && v.every(isRecent);
const isSaved = (v: unknown): v is { print: string } => isRecord(v) && typeof v["print"] === "string";
const isGood = (v: unknown): v is { text: string } => isRecord(v) && typeof v["text"] === "string";

/** A time as the recent list and the status line give it: `Jan 4, 09:02`, `1月4日 09:02`, in the page's language. */
const when = (at: number) => new Date(at).toLocaleString(lang() === "zh" ? "zh-CN" : "en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** A file name for Save: the config's, ending in .yaml or .yml. */
const fileName = (name: string) => (/\.ya?ml$/i.test(name) ? name : `${name.replace(/\.[^.]*$/, "") || "config"}.yaml`);

export function startKeeping(seed: { readonly name: string; readonly text: string }, hooks: KeepHooks): Keeper {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
  const area = $<HTMLTextAreaElement>("config");
  const status = $("keep-status");
  const nameLine = $("config-name");
  const storage = openStorage();
  let problem: "blocked" | "full" | "unreadable" | undefined = storage === undefined ? "blocked" : undefined;

  /** The status line: words of the tables, in the page's language (and again after a change of language), or nothing. */
  const say = (text: Text | null, warn = false) => {
    if (status === null) return;
    if (text === null) plain(status, "");
    else show(status, text);
    status.classList.toggle("warn", warn);
  };
  const sayProblem = () => {
    if (problem !== undefined) say({ t: `keep.${problem}` }, true);
  };

  /**
   * Writes one key; when the storage is full, the oldest recent configs and the fallback make room,
   * then it says so (not for the fallback itself, which is only a convenience: it is let go).
   */
  const write = (key: string, value: unknown): boolean => {
    if (storage === undefined) return false;
    const json = JSON.stringify(value);
    for (;;) {
      try {
        storage.setItem(key, json);
        if (problem === "full") {
          problem = undefined;
          say(null);
        }
        return true;
      } catch {
        // Full (QuotaExceededError), or refused since the page opened: make room from what matters least.
        if (key !== KEY.recent && recents.length > 0) {
          recents = recents.slice(0, -1);
          try {
            storage.setItem(KEY.recent, JSON.stringify(recents));
          } catch {
            // Cannot even shrink it: go on removing.
          }
          continue;
        }
        if (key === KEY.good) return false;
        if (storage.getItem(KEY.good) !== null) {
          storage.removeItem(KEY.good);
          continue;
        }
        problem = "full";
        sayProblem();
        return false;
      }
    }
  };

  // What the last visit kept.
  const draft = read(storage, KEY.draft, isDraft);
  let recents: Recent[] = read(storage, KEY.recent, isRecents)?.slice(0, MAX_RECENT) ?? [];
  // What was last opened or saved to a file; on a first visit, the seed (a kept edit of it is not saved).
  let savedPrint = read(storage, KEY.saved, isSaved)?.print ?? fingerprint(seed.text);
  let name = draft?.name ?? seed.name;
  if (storage !== undefined && draft === undefined && storage.getItem(KEY.draft) !== null) problem = "unreadable";
  const text = draft?.text ?? seed.text;

  let pending: ReturnType<typeof setTimeout> | undefined;
  const dirty = () => fingerprint(hooks.text()) !== savedPrint;
  const showName = () => {
    if (nameLine === null) return;
    nameLine.textContent = name;
    nameLine.dataset["dirty"] = dirty() ? "yes" : "no";
    if (dirty()) {
      nameLine.setAttribute("data-i18n-title", "keep.edited");
      nameLine.title = format(lang(), "keep.edited");
    } else {
      nameLine.removeAttribute("data-i18n-title");
      nameLine.title = "";
    }
  };
  /**
   * Leaving asks first while the text is not saved. The listener is there only then: a page with
   * one is not kept in the browser's back-forward cache, and each navigation away waits for it.
   */
  const ask = (e: BeforeUnloadEvent) => {
    if (pending !== undefined) flush();
    if (!dirty()) return;
    e.preventDefault();
    // Older browsers ask only when returnValue is set.
    e.returnValue = "";
  };
  const arm = (on: boolean) => (on ? window.addEventListener("beforeunload", ask) : window.removeEventListener("beforeunload", ask));
  /** Keeps the text now (the debounce's end, or the page being left). */
  const flush = () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    write(KEY.draft, { name, at: Date.now(), text: hooks.text() });
    showName();
    arm(dirty());
  };
  const edited = () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = setTimeout(flush, DEBOUNCE);
    // Armed at once (the debounce's end disarms it if the text is back to what was saved).
    arm(true);
  };
  const markSaved = (saved: string) => {
    savedPrint = fingerprint(saved);
    write(KEY.saved, { print: savedPrint });
  };

  const list = $("recent-list");
  const summary = document.querySelector<HTMLElement>("#recent > summary");
  const showRecents = () => {
    if (summary !== null) tr(summary, "keep.recent", { n: recents.length });
    if (list === null) return;
    list.replaceChildren();
    if (recents.length === 0) {
      const li = document.createElement("li");
      li.className = "none";
      tr(li, "keep.noRecent");
      list.append(li);
    }
    recents.forEach((r, i) => {
      const li = document.createElement("li");
      const open = document.createElement("button");
      open.type = "button";
      open.dataset["recent"] = String(i);
      const label = document.createElement("span");
      label.className = "name";
      label.textContent = r.name;
      const time = document.createElement("time");
      time.dateTime = new Date(r.at).toISOString();
      time.textContent = when(r.at);
      open.append(label, " ", time);
      open.addEventListener("click", () => {
        const details = $("recent") as HTMLDetailsElement | null;
        if (details !== null) details.open = false;
        replace(r.text, r.name, r.saved);
      });
      li.append(open);
      list.append(li);
    });
  };
  const remember = (entry: Omit<Recent, "at">) => {
    recents = [{ ...entry, at: Date.now() }, ...recents.filter((r) => r.name !== entry.name || r.text !== entry.text)].slice(0, MAX_RECENT);
    write(KEY.recent, recents);
    showRecents();
  };

  /** Opens a text in place of the editor's: an edit not saved to a file goes to the recent list first, so that nothing is lost. */
  const replace = (next: string, nextName: string, saved: boolean) => {
    const current = hooks.text();
    // The name is kept as data, in the language of the moment.
    if (dirty() && current !== next) remember({ name: format(lang(), "keep.unsavedName", { name }), text: current, saved: false });
    name = nextName;
    if (saved) markSaved(next);
    hooks.load(next);
    if (saved) remember({ name: nextName, text: next, saved: true });
    flush();
  };

  const save = () => {
    const current = hooks.text();
    name = fileName(name);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([current], { type: "application/yaml" }));
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    markSaved(current);
    remember({ name, text: current, saved: true });
    flush();
    if (problem === undefined) say({ t: "keep.saved", params: { name } });
  };

  const input = $<HTMLInputElement>("config-file");
  $("config-open")?.addEventListener("click", () => input?.click());
  input?.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (file === undefined) return;
    input.value = "";
    // Not even read past the limit, as a scenario file.
    if (file.size > MAX_TEXT * 4) {
      say({ t: "keep.tooLarge", params: { size: megabytes(file.size), limit: megabytes(MAX_TEXT) } }, true);
      return;
    }
    replace(await file.text(), file.name, true);
    if (problem === undefined) say({ t: "keep.opened", params: { name: file.name } });
    else sayProblem();
  });
  $("config-save")?.addEventListener("click", save);
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "s") {
      e.preventDefault();
      save();
    }
  });
  area?.addEventListener("input", edited);
  area?.addEventListener("change", edited);
  // Leaving: the last keystrokes are kept, and a text not saved to a file asks first.
  window.addEventListener("pagehide", () => pending !== undefined && flush());

  showRecents();
  // The recent list's times are written in the page's language.
  onLanguage(showRecents);
  if (problem !== undefined) sayProblem();
  else if (draft !== undefined && draft.text !== seed.text) say({ t: "keep.restored", params: { name: draft.name, at: when(draft.at) } });
  // The name line is drawn, and leaving armed for a kept edit not saved, once the text is in the editor (the page writes it after this returns).
  queueMicrotask(() => {
    showName();
    arm(dirty());
  });

  return {
    text,
    edited,
    good(valid) {
      if (storage === undefined) return;
      const kept = read(storage, KEY.good, isGood);
      if (kept?.text !== valid) write(KEY.good, { text: valid });
    },
    goodText: () => read(storage, KEY.good, isGood)?.text,
    dirty,
  };
}
