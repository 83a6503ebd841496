/**
 * Durations such as `24h` or `7d`: a whole number and one unit, nothing else. Anything looser
 * ("1 day", "24", "1.5h") is refused rather than guessed at, because a misread age decides what a
 * cleanup deletes.
 */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

/** Longest accepted: about a hundred years. */
export const MAX_DURATION_MS = 5200 * UNIT_MS.w

/** Milliseconds, or undefined when the text is not `<integer><s|m|h|d|w>` within bounds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,7})([smhdw])$/.exec(text)
  if (match === null) return undefined
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined
}
