/**
 * `autoreply-engine/edit`: config edits as immer patches, off the per-event path (issue 13).
 * - `editConfig(config, recipe)`: the new config, its patches and their inverse, validated;
 * - `applyConfigPatches(config, patches)`: undo and redo;
 * - `EditHistory`: undo, redo and an audit log for an admin UI;
 * - `patchPath`, `parsePath`: between patch paths and the config paths of errors and findings.
 * immer is a dependency of this entry only: the main entry does not load it.
 */
export { applyConfigPatches, editConfig, EditHistory, parsePath, patchPath, type AuditEntry, type ConfigEdit, type ConfigRecipe, type EditMeta, type Patch } from "./edit.js";
