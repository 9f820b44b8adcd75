/** How big a JSON value may be: containers nested at most `maxDepth` deep, at most `maxLength` once serialized. */
export interface JsonBounds {
  /** Levels of objects/arrays: `{}` is 1, `{"a":[]}` is 2. */
  maxDepth: number;
  /** `JSON.stringify(value).length` (UTF-16 code units). */
  maxLength: number;
}

/** A container's children as [key (undefined in an array), value], or undefined for anything but an array or plain object. */
function childrenOf(value: unknown): [string | undefined, unknown][] | undefined {
  if (Array.isArray(value)) return value.map((child) => [undefined, child]);
  if (typeof value !== 'object' || value === null) return undefined;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.entries(value) : undefined;
}

/** Serialized length of a JSON scalar, or undefined for anything JSON cannot carry as it is (NaN, undefined, a Buffer…). */
function scalarLength(value: unknown): number | undefined {
  if (value === null) return 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : undefined;
  if (typeof value === 'string') return JSON.stringify(value).length;
  return undefined;
}

/**
 * Whether `value` is plain JSON (null, booleans, finite numbers, strings, arrays, plain objects) within `bounds`.
 * It walks with a stack of its own and stops at the first bound crossed, so a hostile value costs at most one pass
 * over what was received, never the call stack: `JSON.stringify`, zod's refinements and socket.io's encoder all
 * recurse, and 5,000 levels of `{"a":…}` (12 KB) overflow them.
 */
export function isJsonWithin(value: unknown, { maxDepth, maxLength }: JsonBounds): boolean {
  const pending: [value: unknown, depth: number][] = [[value, 0]];
  let length = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    const children = childrenOf(item);
    if (children === undefined) {
      const scalar = scalarLength(item);
      if (scalar === undefined) return false;
      length += scalar;
    } else {
      if (depth >= maxDepth) return false;
      // Brackets, and a comma between children.
      length += 2 + Math.max(0, children.length - 1);
      for (const [key, child] of children) {
        if (key !== undefined) length += JSON.stringify(key).length + 1;
        pending.push([child, depth + 1]);
      }
    }
    if (length > maxLength) return false;
  }
  return true;
}
