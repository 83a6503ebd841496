/**
 * Which versions a cleanup deletes, and which rule keeps every other one. Pure: the same versions,
 * clock and rules always give the same plan, whatever order the versions arrive in. It returns
 * data (a rule and an age per version); `report/` puts it into words.
 *
 * A version is deleted only if all of these hold, checked in this order (the first that fails is
 * the rule reported as keeping it):
 *   - it is not committed (whatever the rules say),
 *   - it carries a tag matching one of `onlyTags` when that filter is set,
 *   - it carries no tag matching one of `protectTags`,
 *   - it is not among the `keepLatest` most recently created uncommitted versions that pass the
 *     tag filter (protected ones count among them: they are the newest all the same),
 *   - it was last modified at least `olderThanMs` ago (a version still being written is young).
 * Tags are matched as patterns (`*`, `?`; see patterns.ts). Eligible versions are taken oldest
 * first, ties broken by version ID (and dataset ID across datasets), up to `maxDeletions` for the
 * whole run; the rest wait for a later run.
 */
import type { DatasetVersion } from '../../paperspace/types.ts'
import { anyTagMatches, firstMatchingTag } from './patterns.ts'

export interface CleanupRules {
  readonly olderThanMs: number
  readonly maxDeletions: number
  /** Tag patterns that protect a version. */
  readonly protectTags: readonly string[]
  /** Only versions carrying a tag matching one of these are considered (empty: all). */
  readonly onlyTags: readonly string[]
  /** The newest N uncommitted versions of each dataset that pass the filter are kept. */
  readonly keepLatest: number
}

/** Which rule keeps a version, in the order they are checked. */
export type KeepRule = 'committed' | 'tags' | 'protected' | 'latest' | 'young' | 'undated'

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
  /** The dataset, when a run covers several. */
  readonly datasetId?: string
}

export interface Plan {
  /** To delete now, oldest first. */
  readonly candidates: readonly Decision[]
  /** Eligible, but over the cap: left for later runs, oldest first. */
  readonly deferred: readonly Decision[]
  /** Never to be deleted by these rules, oldest first. */
  readonly kept: readonly Decision[]
}

/** Whether a version passes the tag filter (always, when no filter is set). */
export function passesFilter(version: DatasetVersion, rules: CleanupRules): boolean {
  return rules.onlyTags.length === 0 || anyTagMatches(version.tags, rules.onlyTags)
}

/**
 * The rule that keeps a version; undefined when it may go. `amongLatest`: whether it is one of
 * the `keepLatest` newest (see `latestIds`), which depends on the other versions.
 */
export function keepRule(
  version: DatasetVersion,
  ageMs: number,
  rules: CleanupRules,
  amongLatest = false
): Keep | undefined {
  if (version.isCommitted) return { rule: 'committed' }
  if (!passesFilter(version, rules)) return { rule: 'tags' }
  const protectedBy = firstMatchingTag(version.tags, rules.protectTags)
  if (protectedBy !== undefined) return { rule: 'protected', tag: protectedBy }
  if (amongLatest) return { rule: 'latest' }
  if (Number.isNaN(ageMs)) return { rule: 'undated' }
  if (ageMs < rules.olderThanMs) return { rule: 'young' }
  return undefined
}

/**
 * The IDs of the `keepLatest` most recently created uncommitted versions that pass the filter;
 * equal creation times in descending ID order, so the choice never depends on listing order.
 */
export function latestIds(versions: readonly DatasetVersion[], rules: CleanupRules): Set<string> {
  if (rules.keepLatest <= 0) return new Set()
  const created = (v: DatasetVersion) => Date.parse(v.dtCreated)
  const newest = versions
    .filter(v => !v.isCommitted && passesFilter(v, rules))
    .sort((a, b) => created(b) - created(a) || compareIds(b.version, a.version))
  return new Set(newest.slice(0, rules.keepLatest).map(v => v.version))
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Oldest first; equal ages by dataset then version ID, so a plan never depends on listing order. */
function oldestFirst(a: Decision, b: Decision): number {
  if (a.ageMs !== b.ageMs) return b.ageMs - a.ageMs
  return (
    compareIds(a.datasetId ?? '', b.datasetId ?? '') ||
    compareIds(a.version.version, b.version.version)
  )
}

/** Every version's decision, before the cap: eligible ones and kept ones, each oldest first. */
function classify(
  versions: readonly DatasetVersion[],
  nowMs: number,
  rules: CleanupRules,
  datasetId?: string
): { eligible: Decision[]; kept: Decision[] } {
  const latest = latestIds(versions, rules)
  const kept: Decision[] = []
  const eligible: Decision[] = []
  for (const version of versions) {
    const ageMs = nowMs - Date.parse(version.dtModified)
    const keep = keepRule(version, ageMs, rules, latest.has(version.version))
    const decision = { version, ageMs, ...(datasetId !== undefined && { datasetId }) }
    if (keep === undefined) eligible.push(decision)
    else kept.push({ ...decision, keep })
  }
  eligible.sort(oldestFirst)
  kept.sort(oldestFirst)
  return { eligible, kept }
}

/** The plan for one dataset. */
export function planCleanup(
  versions: readonly DatasetVersion[],
  nowMs: number,
  rules: CleanupRules
): Plan {
  const { eligible, kept } = classify(versions, nowMs, rules)
  return {
    candidates: eligible.slice(0, rules.maxDeletions),
    deferred: eligible.slice(rules.maxDeletions),
    kept
  }
}

/**
 * The plans for several datasets under one run-wide cap: the oldest eligible versions across all
 * datasets go first. Each dataset's plan holds only its own versions, in the same order.
 */
export function planRun(
  datasets: readonly { readonly datasetId: string; readonly versions: readonly DatasetVersion[] }[],
  nowMs: number,
  rules: CleanupRules
): Map<string, Plan> {
  const classified = datasets.map(d => ({
    datasetId: d.datasetId,
    ...classify(d.versions, nowMs, rules, d.datasetId)
  }))
  const chosen = new Set(
    classified
      .flatMap(c => c.eligible)
      .sort(oldestFirst)
      .slice(0, rules.maxDeletions)
  )
  return new Map(
    classified.map(c => [
      c.datasetId,
      {
        candidates: c.eligible.filter(d => chosen.has(d)),
        deferred: c.eligible.filter(d => !chosen.has(d)),
        kept: c.kept
      }
    ])
  )
}

/** How many versions each rule kept. */
export function keptByRule(plan: Plan): Partial<Record<KeepRule, number>> {
  const counts: Partial<Record<KeepRule, number>> = {}
  for (const { keep } of plan.kept) {
    if (keep !== undefined) counts[keep.rule] = (counts[keep.rule] ?? 0) + 1
  }
  return counts
}
