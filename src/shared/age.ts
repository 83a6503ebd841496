/** Durations in words a person reads at a glance: the log, messages and summaries use it. */

const AGE_UNITS = ['d', 'h', 'm', 's'] as const

/** "3d 4h", "5h 12m", "42s": the largest two units of a duration. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const values = [
    Math.floor(seconds / 86_400),
    Math.floor((seconds % 86_400) / 3600),
    Math.floor((seconds % 3600) / 60),
    seconds % 60
  ]
  let first = 0
  while (first < values.length && values[first] === 0) first++
  if (first === values.length) return '0s'
  const head = `${values[first]}${AGE_UNITS[first]}`
  const next = values[first + 1] ?? 0
  return next > 0 ? `${head} ${next}${AGE_UNITS[first + 1]}` : head
}
