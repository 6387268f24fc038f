/** What a frozen Map or Set does when asked to change. */
function refuse(): never {
  throw new TypeError("[autoreply] this value is frozen; compile the config again to change it");
}
const LOCKED: PropertyDescriptorMap = { set: { value: refuse }, add: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } };

/**
 * Freezes a value and everything reachable from it: plain objects, arrays, and the values of Maps
 * and Sets, whose `set`, `add`, `delete` and `clear` then throw. Other objects (typed arrays, class
 * instances) are left as they are, and a part that is already frozen is taken as frozen through.
 * The same rules as immer's `freeze(value, true)`, which the compile step used before: that one
 * call brought immer's whole bundle into the engine (measured: docs/performance.md, "Measured choices").
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (value instanceof Map || value instanceof Set) {
    Object.defineProperties(value, LOCKED);
    Object.freeze(value);
    for (const item of value.values()) deepFreeze(item);
    if (value instanceof Map) for (const key of value.keys()) deepFreeze(key);
    return value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
