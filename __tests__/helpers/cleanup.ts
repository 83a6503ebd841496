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
  readonly keepLatest?: number
}

interface Versionish {
  readonly version: string
  readonly isCommitted: boolean
  readonly tags: readonly string[]
  readonly dtCreated: string
  readonly dtModified: string
}

/** A tag pattern (`*`, `?`) as the tests read it: through a regular expression of their own. */
export function globMatches(tag: string, pattern: string): boolean {
  const source = [...pattern]
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, 'su').test(tag)
}

const carries = (v: Versionish, patterns: readonly string[]) =>
  v.tags.some(t => patterns.some(p => globMatches(t, p)))

/** The `keepLatest` newest uncommitted versions that pass the filter (ties: higher ID first). */
export function newestKept(versions: readonly Versionish[], rules: OracleRules): Set<string> {
  const onlyTags = rules.onlyTags ?? []
  const created = (v: Versionish) => Date.parse(v.dtCreated)
  return new Set(
    versions
      .filter(v => !v.isCommitted && (onlyTags.length === 0 || carries(v, onlyTags)))
      .sort((a, b) => created(b) - created(a) || (a.version < b.version ? 1 : -1))
      .slice(0, rules.keepLatest ?? 0)
      .map(v => v.version)
  )
}

/** The IDs the rules allow deleting at `nowMs` (before the cap), stated without the planner. */
export function deletableIds(
  versions: readonly Versionish[],
  rules: OracleRules,
  nowMs: number
): Set<string> {
  const protectTags = rules.protectTags ?? []
  const onlyTags = rules.onlyTags ?? []
  const newest = newestKept(versions, rules)
  return new Set(
    versions
      .filter(
        v =>
          !v.isCommitted &&
          (onlyTags.length === 0 || carries(v, onlyTags)) &&
          !carries(v, protectTags) &&
          !newest.has(v.version) &&
          nowMs - Date.parse(v.dtModified) >= rules.olderThanMs
      )
      .map(v => v.version)
  )
}

/** What a cleanup should delete: the deletable versions, oldest first (ties by ID), up to the cap. */
export function expectedCandidates<V extends Versionish>(
  versions: readonly V[],
  rules: OracleRules,
  nowMs: number = Date.now()
): string[] {
  const age = (v: V) => nowMs - Date.parse(v.dtModified)
  const deletable = deletableIds(versions, rules, nowMs)
  return versions
    .filter(v => deletable.has(v.version))
    .sort((a, b) => age(b) - age(a) || (a.version < b.version ? -1 : 1))
    .slice(0, rules.maxDeletions)
    .map(v => v.version)
}
