/**
 * Helpers for JSON values from inputs and from the API. How deeply they nest: JSON.parse copes with any depth, but JSON.stringify (outputs, the
 * result file, the summary) recurses and overflows the stack at a few thousand levels, so
 * metadata is held to a documented depth: refused when given as an input, cut when the API
 * returns deeper.
 */

/** Most levels of nesting accepted in metadata; the metadata object itself is level 1. */
export const MAX_METADATA_DEPTH = 32

/** Put in place of a value nested deeper than the limit. */
export const TOO_DEEP_MARKER = `[nested deeper than ${MAX_METADATA_DEPTH} levels: not shown]`

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null

/** Whether `value` nests objects or arrays more than `limit` levels deep. Never recurses. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (!isContainer(current)) continue
    if (depth > limit) return true
    for (const child of Object.values(current)) {
      if (isContainer(child)) stack.push([child, depth + 1])
    }
  }
  return false
}

/**
 * A copy of `value` in which every object or array deeper than `limit` levels is replaced by
 * `marker`. Recurses at most `limit` levels, so it is safe on any input.
 */
export function cutDeeperThan(value: unknown, limit: number, marker: string, depth = 1): unknown {
  if (!isContainer(value)) return value
  if (depth > limit) return marker
  if (Array.isArray(value)) return value.map(item => cutDeeperThan(item, limit, marker, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, cutDeeperThan(item, limit, marker, depth + 1)])
  )
}

/** A plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether two JSON values are equal, whatever the order of their objects' keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

/** `value` with every object's keys in sorted order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (!isObject(value)) return value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map(key => [key, canonical(value[key])])
  )
}
