/**
 * Which versions a cleanup deletes, and why every other one is kept. Pure: the same versions,
 * clock and rules always give the same plan, whatever order the versions arrive in.
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
import { formatAge } from '../report/format.ts'

export interface CleanupRules {
  readonly olderThanMs: number
  readonly maxDeletions: number
  readonly protectTags: readonly string[]
  /** Only versions carrying one of these are considered (empty: all). */
  readonly onlyTags: readonly string[]
}

/** Which rule keeps a version. */
export type KeepRule = 'committed' | 'tags' | 'protected' | 'young' | 'undated'

export interface Decision {
  readonly version: DatasetVersion
  /** Time since `dtModified`, at planning time. */
  readonly ageMs: number
  /** The rule that keeps it; set only for kept versions (which list a decision is in says the rest). */
  readonly rule?: KeepRule
  readonly reason: string
}

export interface Plan {
  /** To delete now, oldest first. */
  readonly candidates: readonly Decision[]
  /** Eligible, but over the cap: left for later runs, oldest first. */
  readonly deferred: readonly Decision[]
  /** Never to be deleted by these rules, oldest first. */
  readonly kept: readonly Decision[]
}

/** The rule that keeps a version, and why in words; undefined when it may go. */
export function keepReason(
  version: DatasetVersion,
  ageMs: number,
  rules: CleanupRules
): { rule: KeepRule; reason: string } | undefined {
  if (version.isCommitted) return { rule: 'committed', reason: 'committed' }
  if (rules.onlyTags.length > 0 && !version.tags.some(tag => rules.onlyTags.includes(tag))) {
    return { rule: 'tags', reason: `carries none of the tags ${rules.onlyTags.join(', ')}` }
  }
  const protectedBy = version.tags.find(tag => rules.protectTags.includes(tag))
  if (protectedBy !== undefined)
    return { rule: 'protected', reason: `protected tag ${protectedBy}` }
  if (Number.isNaN(ageMs)) return { rule: 'undated', reason: 'no valid modification time' }
  if (ageMs < rules.olderThanMs) {
    return { rule: 'young', reason: `too young: modified ${formatAge(ageMs)} ago` }
  }
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
    const keep = keepReason(version, ageMs, rules)
    if (keep === undefined) {
      eligible.push({
        version,
        ageMs,
        reason: `uncommitted and ${formatAge(ageMs)} old`
      })
    } else {
      kept.push({ version, ageMs, ...keep })
    }
  }
  eligible.sort(oldestFirst)
  kept.sort(oldestFirst)
  const deferred = eligible.slice(rules.maxDeletions).map(d => ({
    ...d,
    reason: `${d.reason}; over the cap of ${rules.maxDeletions}, left for a later run`
  }))
  return { candidates: eligible.slice(0, rules.maxDeletions), deferred, kept }
}

const KEPT_LABELS: Readonly<Record<KeepRule, string>> = {
  committed: 'committed',
  tags: 'without the tags to consider',
  protected: 'protected by a tag',
  young: 'too young',
  undated: 'without a valid date'
}

/** How many versions each rule kept. */
export function keptByRule(plan: Plan): Partial<Record<KeepRule, number>> {
  const counts: Partial<Record<KeepRule, number>> = {}
  for (const d of plan.kept) if (d.rule !== undefined) counts[d.rule] = (counts[d.rule] ?? 0) + 1
  return counts
}

/** E.g. "148 committed, 19 protected by a tag, 68 too young"; "none" when nothing was kept. */
export function describeKept(plan: Plan): string {
  const parts = Object.entries(keptByRule(plan)).map(
    ([rule, n]) => `${n} ${KEPT_LABELS[rule as KeepRule]}`
  )
  return parts.length === 0 ? 'none' : parts.join(', ')
}
