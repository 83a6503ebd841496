/**
 * Tag patterns: `*` matches any run of characters (none included), `?` exactly one, anything
 * else only itself; a pattern matches a whole tag. Several patterns combine with OR.
 *
 * No regular expressions are built from user text: matching is the classic two-pointer wildcard
 * walk, at most (tag length x pattern length) steps, so no pattern can make matching slow.
 */

/** Whether `tag` matches `pattern` as a whole. */
export function matchesPattern(tag: string, pattern: string): boolean {
  const t = [...tag]
  const p = [...pattern]
  let ti = 0
  let pi = 0
  // Where the last `*` was, and the tag position it is currently taken to cover up to.
  let star = -1
  let resume = 0
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      ti++
      pi++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      resume = ti
    } else if (star !== -1) {
      // Let the last `*` swallow one more character and try again from there.
      pi = star + 1
      ti = ++resume
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}

/** Whether any tag matches any pattern (OR over both). */
export function anyTagMatches(tags: readonly string[], patterns: readonly string[]): boolean {
  return tags.some(tag => patterns.some(pattern => matchesPattern(tag, pattern)))
}

/** The first tag that matches any pattern, if one does. */
export function firstMatchingTag(
  tags: readonly string[],
  patterns: readonly string[]
): string | undefined {
  return tags.find(tag => patterns.some(pattern => matchesPattern(tag, pattern)))
}

/** Whether a pattern has wildcards (otherwise it names one tag, which the API can filter by). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
}
