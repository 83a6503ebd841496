/**
 * Which versions a cleanup deletes, and which rule keeps every other one. Pure: the same versions,
 * clock and rules always give the same plan, whatever order the versions arrive in. It returns
 * data (a rule and an age per version); `report/` puts it into words.
 *
 * A version is deleted only if all of these hold:
 *   - it is not committed (whatever the rules say),
 *   - it carries one of `onlyTags` when that filter is set,
 *   - it carries none of `protectTags`,
 *   - it was last modified at least `olderThanMs` ago (a version still being written is young).
 * Eligible versions are taken oldest first, ties broken by version ID, up to `maxDeletions`;
 * the rest wait for a later run.
 */
import type { DatasetVersion } from '../paperspace/types.ts'

export interface CleanupRules {
  readonly olderThanMs: number
  readonly maxDeletions: number
  readonly protectTags: readonly string[]
  /** Only versions carrying one of these are considered (empty: all). */
  readonly onlyTags: readonly string[]
}

/** Which rule keeps a version, in the order they are checked. */
export type KeepRule = 'committed' | 'tags' | 'protected' | 'young' | 'undated'

/** The rule that keeps a version, and the protecting tag when the rule is `protected`. */
export interface Keep {
  readonly rule: KeepRule
  readonly tag?: string
}

export interface Decision {
  readonly version: DatasetVersion
  /** Time since `dtModified`, at planning time. */
  readonly ageMs: number
  /** Set only for kept versions (which list a decision is in says the rest). */
  readonly keep?: Keep
}

export interface Plan {
  /** To delete now, oldest first. */
  readonly candidates: readonly Decision[]
  /** Eligible, but over the cap: left for later runs, oldest first. */
  readonly deferred: readonly Decision[]
  /** Never to be deleted by these rules, oldest first. */
  readonly kept: readonly Decision[]
}

/** The rule that keeps a version; undefined when it may go. */
export function keepRule(
  version: DatasetVersion,
  ageMs: number,
  rules: CleanupRules
): Keep | undefined {
  if (version.isCommitted) return { rule: 'committed' }
  if (rules.onlyTags.length > 0 && !version.tags.some(tag => rules.onlyTags.includes(tag))) {
    return { rule: 'tags' }
  }
  const protectedBy = version.tags.find(tag => rules.protectTags.includes(tag))
  if (protectedBy !== undefined) return { rule: 'protected', tag: protectedBy }
  if (Number.isNaN(ageMs)) return { rule: 'undated' }
  if (ageMs < rules.olderThanMs) return { rule: 'young' }
  return undefined
}

/** Oldest first; equal ages in version ID order, so a plan never depends on listing order. */
function oldestFirst(a: Decision, b: Decision): number {
  if (a.ageMs !== b.ageMs) return b.ageMs - a.ageMs
  return a.version.version < b.version.version ? -1 : a.version.version > b.version.version ? 1 : 0
}

export function planCleanup(
  versions: readonly DatasetVersion[],
  nowMs: number,
  rules: CleanupRules
): Plan {
  const kept: Decision[] = []
  const eligible: Decision[] = []
  for (const version of versions) {
    const ageMs = nowMs - Date.parse(version.dtModified)
    const keep = keepRule(version, ageMs, rules)
    if (keep === undefined) eligible.push({ version, ageMs })
    else kept.push({ version, ageMs, keep })
  }
  eligible.sort(oldestFirst)
  kept.sort(oldestFirst)
  return {
    candidates: eligible.slice(0, rules.maxDeletions),
    deferred: eligible.slice(rules.maxDeletions),
    kept
  }
}

/** How many versions each rule kept. */
export function keptByRule(plan: Plan): Partial<Record<KeepRule, number>> {
  const counts: Partial<Record<KeepRule, number>> = {}
  for (const { keep } of plan.kept) {
    if (keep !== undefined) counts[keep.rule] = (counts[keep.rule] ?? 0) + 1
  }
  return counts
}
