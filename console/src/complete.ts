/**
 * Completion for the playground's config editor, from the shipped JSON Schema
 * (schema/config.schema.json): at the cursor of a YAML text, the keys the schema allows in that
 * mapping (those already written left out), or the values it allows for that key (enums, consts,
 * booleans). Pure: text, offset and schema in, options out; editor.ts hands them to CodeMirror.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";

/** The part of a JSON Schema this reads. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

export interface Completion {
  readonly label: string;
  /** `property`: a key of the mapping; `value`: a value of the key. */
  readonly type: "property" | "value";
  /** What the key takes, shortly (`object`, `string`, `one of 3`), or nothing. */
  readonly detail?: string;
  /** The schema's description. */
  readonly info?: string;
  /** What is written: `key: ` for a key, the value for a value. */
  readonly apply: string;
}

export interface Completions {
  /** Where the word being replaced starts. */
  readonly from: number;
  readonly options: readonly Completion[];
}

const MARK = "\u0000cursor\u0000";

/** A node with the one its `$ref` names (`#/$defs/replies`) and the alternatives of its oneOf/anyOf/allOf, flattened. */
function alternatives(root: SchemaNode, node: SchemaNode | undefined, depth = 0): SchemaNode[] {
  if (node === undefined || depth > 32) return [];
  const name = node.$ref === undefined ? undefined : /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
  const target = name === undefined ? undefined : root.$defs?.[name];
  const parts = [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])];
  return [node, ...alternatives(root, target, depth + 1), ...parts.flatMap((p) => alternatives(root, p, depth + 1))];
}

/** The schema nodes that may describe the value at `path`. */
export function schemaAt(root: SchemaNode, path: readonly (string | number)[]): SchemaNode[] {
  let nodes = alternatives(root, root);
  for (const segment of path) {
    nodes = nodes.flatMap((n) => {
      if (typeof segment === "number") return n.items === undefined ? [] : alternatives(root, n.items);
      const named = n.properties?.[segment];
      if (named !== undefined) return alternatives(root, named);
      return typeof n.additionalProperties === "object" ? alternatives(root, n.additionalProperties) : [];
    });
  }
  return nodes;
}

function detailOf(root: SchemaNode, node: SchemaNode): string | undefined {
  const all = alternatives(root, node);
  const types = [...new Set(all.flatMap((n) => (n.type === undefined ? [] : typeof n.type === "string" ? [n.type] : n.type)))];
  return types.length === 0 ? undefined : types.join(" or ");
}

const describeOf = (root: SchemaNode, node: SchemaNode) => alternatives(root, node).find((n) => n.description !== undefined)?.description;

/** Where the mark is: the keys and indexes down to it, and whether it is in a key or a value. */
function locate(text: string): { path: (string | number)[]; inKey: boolean; siblings: string[] } | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  let found: { path: (string | number)[]; inKey: boolean; siblings: string[] } | undefined;
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (typeof node.value !== "string" || !node.value.includes(MARK)) return undefined;
      const path: (string | number)[] = [];
      for (let i = 0; i < ancestors.length; i++) {
        const a = ancestors[i];
        const next = ancestors[i + 1] ?? node;
        if (isPair(a) && next !== a.key && isScalar(a.key)) path.push(String(a.key.value));
        if (isSeq(a)) path.push(a.items.indexOf(next as never));
      }
      const inKey = key === "key";
      const parent = ancestors.at(inKey ? -2 : -1);
      const map = inKey ? parent : undefined;
      const siblings = isMap(map) ? map.items.flatMap((p) => (isScalar(p.key) && !String(p.key.value).includes(MARK) ? [String(p.key.value)] : [])) : [];
      found = { path, inKey, siblings };
      return visit.BREAK;
    },
  });
  return found;
}

/** The completions at `offset` in the YAML `text` (block style, as configs are written). */
export function completionsAt(text: string, offset: number, schema: SchemaNode): Completions {
  // (lastIndexOf reads a negative start as 0: at offset 0 of a text that opens with a newline it would find that one.)
  const lineStart = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const none = { from: offset, options: [] };
  // A comment, or inside quotes: nothing to offer.
  if (before.includes("#") || /["']/.test(before)) return none;
  const lineEnd = text.indexOf("\n", offset);
  const after = text.slice(offset, lineEnd === -1 ? undefined : lineEnd);
  const value = /^(\s*(?:-\s+)*)([\w$-]+):\s+([\w.-]*)$/.exec(before);
  const key = /^(\s*(?:-\s+)*)([\w$-]*)$/.exec(before);
  if (value === null && key === null) return none;
  const prefix = value !== null ? (value[3] ?? "") : (key?.[2] ?? "");
  const from = offset - prefix.length;
  // The word under the cursor is replaced by a mark that keeps the YAML a mapping: `key: mark`, or `mark: 0`.
  const tail = lineEnd === -1 ? "" : text.slice(lineEnd);
  const marked = value !== null ? `${text.slice(0, from)}${MARK}${after.replace(/^[\w.-]*/, "")}${tail}` : `${text.slice(0, from)}${MARK}: 0${tail}`;
  const where = locate(marked);
  if (where === undefined) return none;
  // A key's path ends at its mapping; a value's at its key.
  const nodes = schemaAt(schema, where.path);
  const options: Completion[] = [];
  const seen = new Set<string>();
  if (where.inKey) {
    for (const n of nodes) {
      for (const [name, child] of Object.entries(n.properties ?? {})) {
        if (seen.has(name) || where.siblings.includes(name) || !name.startsWith(prefix)) continue;
        seen.add(name);
        const detail = detailOf(schema, child);
        const info = describeOf(schema, child);
        options.push({ label: name, type: "property", apply: `${name}: `, ...(detail === undefined ? {} : { detail }), ...(info === undefined ? {} : { info }) });
      }
    }
  } else {
    for (const n of nodes) {
      const values = [...(n.enum ?? []), ...(n.const === undefined ? [] : [n.const]), ...(n.type === "boolean" ? [true, false] : [])];
      for (const v of values) {
        const label = String(v);
        if (seen.has(label) || typeof v === "object" || !label.startsWith(prefix)) continue;
        seen.add(label);
        const info = n.description;
        options.push({ label, type: "value", apply: label, ...(info === undefined ? {} : { info }) });
      }
    }
  }
  return { from, options };
}
