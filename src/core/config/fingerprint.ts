import { hash64 } from "../model/hash.js";

/**
 * A short, stable name for a config's content, stored in every state it makes (`state.config`), so
 * that an engine can tell a state of its own config from one made under another (docs/limits.md).
 * The `$schema` key does not change it; any value, and the order keys are written in, does (a state
 * of the same config written in another order is simply adapted, as one of another config).
 * `JSON.stringify` does the walk natively, for cold start (docs/performance.md, "Measured choices").
 */
export function fingerprintOf(config: object): string {
  const { $schema: _schema, ...content } = config as Record<string, unknown>;
  return `c1-${hash64(JSON.stringify(content))}`;
}
