/**
 * A short, stable name for a config's content, stored in every state it makes (`state.config`), so
 * that an engine can tell a state of its own config from one made under another (docs/limits.md).
 * The `$schema` key does not change it; any value, and the order keys are written in, does (a state
 * of the same config written in another order is simply adapted, as one of another config).
 * `JSON.stringify` does the walk natively: a walk in JavaScript that sorted keys cost ~0.5 ms of a
 * cold compile (docs/performance.md).
 */
export function fingerprintOf(config: object): string {
  const { $schema: _schema, ...content } = config as Record<string, unknown>;
  const text = JSON.stringify(content);
  // Two 32-bit FNV-1a lanes with different offsets: 64 bits, no dependency.
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
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
