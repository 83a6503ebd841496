import { DAY, HOUR, history } from '../../emulator/seed.ts'
import type { Emulator } from '../../emulator/server.ts'

/**
 * Seeds `count` versions over six weeks: half committed, 5% tagged keep, 30% nightly. No version is
 * modified within an hour of `olderThanMs` ago, so the few seconds between computing the
 * expectation and the action's own clock cannot move a version across the line.
 */
export function seedWeeks(
  emulator: Emulator,
  datasetId: string,
  count: number,
  olderThanMs: number,
  seed = 1
): void {
  const seeds = history({
    count,
    spanMs: 42 * DAY,
    seed,
    tags: [
      { tag: 'keep', share: 0.05 },
      { tag: 'nightly', share: 0.3 }
    ]
  }).map(s => (Math.abs(s.ageMs - olderThanMs) < HOUR ? { ...s, ageMs: s.ageMs + 2 * HOUR } : s))
  emulator.store.seedVersions(datasetId, seeds)
}

/** The cleanup rules as a test states them, independently of the planner. */
export interface OracleRules {
  readonly olderThanMs: number
  readonly maxDeletions: number
  readonly protectTags?: readonly string[]
  readonly onlyTags?: readonly string[]
}

interface Versionish {
  readonly version: string
  readonly isCommitted: boolean
  readonly tags: readonly string[]
  readonly dtModified: string
}

/** Whether the rules allow deleting a version at `nowMs`, stated without the planner's code. */
export function mayDelete(v: Versionish, rules: OracleRules, nowMs: number): boolean {
  const protectTags = rules.protectTags ?? []
  const onlyTags = rules.onlyTags ?? []
  return (
    !v.isCommitted &&
    !v.tags.some(t => protectTags.includes(t)) &&
    (onlyTags.length === 0 || v.tags.some(t => onlyTags.includes(t))) &&
    nowMs - Date.parse(v.dtModified) >= rules.olderThanMs
  )
}

/** What a cleanup should delete: the deletable versions, oldest first (ties by ID), up to the cap. */
export function expectedCandidates<V extends Versionish>(
  versions: readonly V[],
  rules: OracleRules,
  nowMs: number = Date.now()
): string[] {
  const age = (v: V) => nowMs - Date.parse(v.dtModified)
  return versions
    .filter(v => mayDelete(v, rules, nowMs))
    .sort((a, b) => age(b) - age(a) || (a.version < b.version ? -1 : 1))
    .slice(0, rules.maxDeletions)
    .map(v => v.version)
}
