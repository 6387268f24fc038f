/**
 * A short, stable name for a config's content, stored in every state it makes (`state.config`), so
 * that an engine can tell a state of its own config from one made under another (docs/limits.md).
 * Key order, YAML comments and the `$schema` key do not change it; any value does.
 */
export function fingerprintOf(config: unknown): string {
  // Two 32-bit FNV-1a lanes with different offsets over the canonical JSON: 64 bits, no dependency.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const text = canonical(config, true);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  return `c1-${hex(a)}${hex(b)}`;
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** JSON with every object's keys sorted; at the root, without `$schema`. */
function canonical(value: unknown, root = false): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).filter((key) => !(root && key === "$schema")).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
