import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from "immer";
// The engine comes from the main entry (one copy when an app imports both entries).
import { AutoreplyError, compile, type Engine } from "../../core/index.js";
import type { ConfigInput } from "../../core/internal.js";

// Patches are an immer plugin; turning it on is this entry's only effect, and the engine never loads immer.
enablePatches();

export type { Patch } from "immer";

/** One edit of a config: the new config, the patches that made it and those that undo it, and the engine it compiles to. */
export interface ConfigEdit {
  /** The new config, frozen. The old one is untouched. */
  readonly config: ConfigInput;
  /** What changed, as JSON-patch-like operations on the config's paths (immer's patches). */
  readonly patches: readonly Patch[];
  /** The patches that turn the new config back into the old one: undo. */
  readonly inverse: readonly Patch[];
  /** The new config, compiled: every edit is validated. */
  readonly engine: Engine;
}

/** A recipe changes the draft in place, or returns a whole new config. */
export type ConfigRecipe = (draft: Draft<ConfigInput>) => void | ConfigInput;

const plainObject = (v: unknown): boolean => v !== null && typeof v === "object" && !Array.isArray(v);

/** The edit as data, validated: a recipe that throws or makes the config invalid changes nothing. */
function finish(config: ConfigInput, patches: Patch[], inverse: Patch[]): ConfigEdit {
  // Throws CONFIG_INVALID with every problem of the new config.
  const engine = compile(config);
  return Object.freeze({ config, patches: Object.freeze(patches), inverse: Object.freeze(inverse), engine });
}

/**
 * Edits a config with an immer recipe and validates the result (spec C-RISK-FIX): returns the new
 * config, the patches and their inverse, for undo, redo and an audit log of who changed which rule.
 * Throws `AutoreplyError` `EDIT_FAILED` when the recipe throws or returns something that is not a
 * config, and `CONFIG_INVALID` (with every problem, as `compile` does) when the edit makes the
 * config invalid; either way `config` is as it was.
 *
 * ```ts
 * const edit = editConfig(config, (c) => { c.app!.replies!.received = { messages: "收到" }; });
 * const back = applyConfigPatches(edit.config, edit.inverse); // undo
 * ```
 */
export function editConfig(config: ConfigInput, recipe: ConfigRecipe): ConfigEdit {
  if (!plainObject(config)) throw new AutoreplyError("EDIT_FAILED", `editConfig takes a config object, received ${config === null ? "null" : Array.isArray(config) ? "a list" : typeof config}`);
  if (typeof recipe !== "function") throw new AutoreplyError("EDIT_FAILED", `editConfig takes a recipe function, received ${typeof recipe}`);
  // The draft type of a config with readonly lists is more than TypeScript can relate here; the recipe's own type is what callers see.
  const produce = produceWithPatches as unknown as (base: ConfigInput, recipe: ConfigRecipe) => [ConfigInput, Patch[], Patch[]];
  let result: [ConfigInput, Patch[], Patch[]];
  try {
    result = produce(config, recipe);
  } catch (e) {
    throw new AutoreplyError("EDIT_FAILED", `the recipe threw: ${e instanceof Error ? e.message : String(e)}; the config is unchanged`);
  }
  const [next, patches, inverse] = result;
  if (!plainObject(next)) throw new AutoreplyError("EDIT_FAILED", `the recipe returned ${next === null ? "null" : Array.isArray(next) ? "a list" : typeof next}, not a config; change the draft in place, or return a whole config object`);
  return finish(next, patches, inverse);
}

/** Applies patches (an edit's, or its inverse to undo it) to a config, validated as `editConfig` validates. */
export function applyConfigPatches(config: ConfigInput, patches: readonly Patch[]): ConfigEdit {
  if (!Array.isArray(patches)) throw new AutoreplyError("EDIT_FAILED", "applyConfigPatches takes a list of patches");
  return editConfig(config, (draft) => {
    applyPatches(draft as object, patches as Patch[]);
  });
}

/** A patch's path written as the config paths of errors and findings: `app.replies.keyword[0].messages`. */
export function patchPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The path of a config path string, for a patch: the inverse of `patchPath`. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
    if (re.lastIndex === path.length) return out;
  }
  throw new AutoreplyError("EDIT_FAILED", `${JSON.stringify(path)} is not a config path such as app.replies.keyword[0].messages`);
}

/** Who made an edit and when, as the host knows it; the entry records it with the patches. */
export interface EditMeta {
  readonly by?: string;
  readonly at?: number;
  readonly note?: string;
}

/** One entry of an edit history's audit log. */
export interface AuditEntry extends EditMeta {
  /** The paths changed, as config paths. */
  readonly paths: readonly string[];
  readonly patches: readonly Patch[];
  readonly inverse: readonly Patch[];
  readonly kind: "edit" | "undo" | "redo";
}

/**
 * Undo, redo and an audit log over `editConfig`, for an admin UI: each edit is validated, an
 * invalid one changes nothing. `current` is the config to save. The starting config is validated
 * too: an invalid one throws `CONFIG_INVALID` with every problem.
 */
export class EditHistory {
  #current: ConfigEdit;
  readonly #done: ConfigEdit[] = [];
  readonly #undone: ConfigEdit[] = [];
  readonly #log: AuditEntry[] = [];

  constructor(config: ConfigInput) {
    this.#current = editConfig(config, () => undefined);
  }

  get current(): ConfigInput {
    return this.#current.config;
  }

  get engine(): Engine {
    return this.#current.engine;
  }

  /** Every edit, undo and redo, oldest first. */
  get log(): readonly AuditEntry[] {
    return this.#log.slice();
  }

  get canUndo(): boolean {
    return this.#done.length > 0;
  }

  get canRedo(): boolean {
    return this.#undone.length > 0;
  }

  edit(recipe: ConfigRecipe, meta: EditMeta = {}): ConfigEdit {
    const edit = editConfig(this.#current.config, recipe);
    if (edit.patches.length === 0) return edit;
    this.#done.push(edit);
    this.#undone.length = 0;
    return this.#move(edit, "edit", meta);
  }

  undo(meta: EditMeta = {}): ConfigEdit | undefined {
    const last = this.#done.pop();
    if (last === undefined) return undefined;
    this.#undone.push(last);
    return this.#move(applyConfigPatches(this.#current.config, last.inverse), "undo", meta);
  }

  redo(meta: EditMeta = {}): ConfigEdit | undefined {
    const next = this.#undone.pop();
    if (next === undefined) return undefined;
    this.#done.push(next);
    return this.#move(applyConfigPatches(this.#current.config, next.patches), "redo", meta);
  }

  #move(edit: ConfigEdit, kind: AuditEntry["kind"], meta: EditMeta): ConfigEdit {
    this.#current = edit;
    this.#log.push(Object.freeze({ ...meta, kind, paths: Object.freeze([...new Set(edit.patches.map((p) => patchPath(p.path)))]), patches: edit.patches, inverse: edit.inverse }));
    return edit;
  }
}
