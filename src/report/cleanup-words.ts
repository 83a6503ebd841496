/**
 * A cleanup in words, as it runs: why each version is kept or deleted, a log line per outcome,
 * and the one line that says why a run stopped early. Pure.
 */
import {
  versionRef,
  type Outcome,
  type SkipReason,
  type StopReason
} from '../operations/cleanup/outcomes.ts'
import {
  keptByRule,
  type Decision,
  type Keep,
  type KeepRule,
  type Plan
} from '../operations/cleanup/plan.ts'
import type { CleanupResult } from '../operations/result.ts'
import { coversSeveral, type CleanupSettings } from '../interface/settings.ts'
import type { ProgressEvent } from '../operations/progress.ts'
import { formatAge } from '../shared/age.ts'
import { formatBytes, formatCount } from './format.ts'

const KEPT_LABELS: Readonly<Record<KeepRule, string>> = {
  committed: 'committed',
  tags: 'without the tags to consider',
  protected: 'protected by a tag',
  latest: 'among the newest (keepLatest)',
  young: 'too young',
  undated: 'without a valid date'
}

/** Why a version is kept, e.g. "protected tag keep" or "too young: modified 5h ago". */
export function keepReason(keep: Keep, ageMs: number, settings: CleanupSettings): string {
  switch (keep.rule) {
    case 'committed':
      return 'committed'
    case 'tags':
      return `carries none of the tags ${settings.rules.onlyTags.join(', ')}`
    case 'protected':
      return `protected tag ${keep.tag ?? ''}`
    case 'latest':
      return `among the ${settings.rules.keepLatest} newest uncommitted (keepLatest)`
    case 'undated':
      return 'no valid modification time'
    case 'young':
      return `too young: modified ${formatAge(ageMs)} ago`
  }
}

/** Why a planned version is (or is not) to be deleted, given the list it is in. */
export function decisionReason(
  decision: Decision,
  list: 'candidates' | 'deferred' | 'kept',
  settings: CleanupSettings
): string {
  if (decision.keep !== undefined) return keepReason(decision.keep, decision.ageMs, settings)
  const eligible = `uncommitted and ${formatAge(decision.ageMs)} old`
  return list === 'deferred'
    ? `${eligible}; over the cap of ${settings.rules.maxDeletions}, left for a later run`
    : eligible
}

/** E.g. "148 committed, 19 protected by a tag, 68 too young"; "none" when nothing was kept. */
export function describeKept(plan: Plan): string {
  const counts = keptByRule(plan)
  // In the order the rules are checked, so every summary reads the same way.
  const parts = (Object.keys(KEPT_LABELS) as KeepRule[])
    .filter(rule => counts[rule] !== undefined)
    .map(rule => `${formatCount(counts[rule]!)} ${KEPT_LABELS[rule]}`)
  return parts.length === 0 ? 'none' : parts.join(', ')
}

function skipReason(skip: SkipReason, ageMs: number, settings: CleanupSettings): string {
  switch (skip.change) {
    case 'committed':
      return 'committed since the listing'
    case 'modified':
      return 'modified since the listing'
    case 'now-kept':
      return `${keepReason(skip.keep, ageMs, settings)} (on a fresh read)`
  }
}

/** The detail of an outcome: why it was skipped, the error that failed it, or the plan's reason. */
export function outcomeDetail(outcome: Outcome, settings: CleanupSettings): string {
  switch (outcome.status) {
    case 'skipped':
      return skipReason(outcome.skip, outcome.decision.ageMs, settings)
    case 'failed':
      return outcome.error
    case 'gone':
      return 'already deleted by someone else'
    case 'not-attempted':
      return 'not attempted: the run stopped first; left for the next run'
    default:
      return decisionReason(outcome.decision, 'candidates', settings)
  }
}

/** The log line of one outcome, and whether it is a warning; `qualified` as in `versionRef`. */
export function outcomeLine(
  outcome: Outcome,
  settings: CleanupSettings,
  qualified = false
): { warning: boolean; text: string } {
  const id = versionRef(outcome.decision, qualified)
  const detail = outcomeDetail(outcome, settings)
  switch (outcome.status) {
    case 'would-delete':
      return { warning: false, text: `would delete ${id}: ${detail}` }
    case 'deleted':
      return {
        warning: false,
        text: `deleted ${id} (${formatBytes(outcome.freedBytes)}, ${formatAge(outcome.decision.ageMs)} old)`
      }
    case 'gone':
      return { warning: false, text: `${id} was already gone: deleted by someone else` }
    case 'skipped':
      return { warning: false, text: `skipped ${id}: ${detail}` }
    case 'failed':
      return { warning: true, text: `could not delete ${id}: ${detail}` }
    case 'not-attempted':
      return { warning: false, text: `did not attempt ${id}: the run stopped first` }
  }
}

/** Per-version warning lines shown before the rest are only counted. */
export const MAX_WARNING_LINES = 5

/** A line for the log, at the level it is written at. */
export interface LogLine {
  readonly level: 'info' | 'warning' | 'debug'
  readonly text: string
}

/**
 * The progress lines of a cleanup as outcomes arrive: a line per deletion, at most
 * MAX_WARNING_LINES warnings (the rest go to the debug log and are counted at the end), and
 * versions not attempted only in the debug log (an outage can leave thousands).
 */
export function progressLines(settings: CleanupSettings, qualified = false) {
  let warnings = 0
  let unshown = 0
  return {
    outcome(outcome: Outcome): LogLine {
      const line = outcomeLine(outcome, settings, qualified)
      if (outcome.status === 'not-attempted') return { level: 'debug', text: line.text }
      if (!line.warning) return { level: 'info', text: line.text }
      if (warnings < MAX_WARNING_LINES) {
        warnings++
        return { level: 'warning', text: line.text }
      }
      unshown++
      return { level: 'debug', text: line.text }
    },
    /** The closing lines: how many warnings were not shown, how many were not attempted. */
    end(notAttempted: number): LogLine[] {
      return [
        ...(unshown > 0
          ? [
              {
                level: 'warning' as const,
                text: `…and ${unshown} more deletions failed (see the failed output and the job summary)`
              }
            ]
          : []),
        ...(notAttempted > 0
          ? [
              {
                level: 'info' as const,
                text: `${notAttempted} candidates were not attempted and are left for the next run`
              }
            ]
          : [])
      ]
    }
  }
}

/**
 * The log lines of a cleanup's progress events (see `operations/progress.ts`): the plan of each
 * dataset in one line, then the lines of `progressLines`, one set for the whole run so that
 * warnings are capped across datasets too.
 */
export function cleanupProgress(settings: CleanupSettings): (event: ProgressEvent) => LogLine[] {
  const lines = progressLines(settings, coversSeveral(settings.targets))
  return event => {
    switch (event.kind) {
      case 'cleanup-planned': {
        const { plan } = event
        return [
          {
            level: 'info',
            text:
              `${event.datasetId}: ${plan.candidates.length} to delete, ${plan.deferred.length} ` +
              `left for later runs (maxDeletions ${settings.rules.maxDeletions}); kept: ${describeKept(plan)}`
          }
        ]
      }
      case 'cleanup-outcome':
        return [lines.outcome(event.outcome)]
      case 'cleanup-done':
        return lines.end(event.notAttempted)
    }
  }
}

/** The one line that says why a cleanup stopped before the end of its plan. */
export function stopLine(stop: StopReason, result: CleanupResult): string {
  const left = result.tally.notAttempted.length
  const leftText = `${left} version${left === 1 ? ' was' : 's were'} not attempted and ${left === 1 ? 'is' : 'are'} left for the next run`
  const done = `${result.tally.deleted.length} deleted`
  switch (stop.cause) {
    case 'unavailable':
      return (
        `The API seems unavailable: ${stop.failures} deletions in a row failed (the last: ` +
        `${stop.error}), so cleanup stopped; ${done}, ${leftText}`
      )
    case 'refused':
      return `Cleanup stopped at once because the API refused the key: ${stop.error}; ${done}, ${leftText}`
    case 'cancelled':
      return `Cancelled: cleanup started no new deletion after the workflow was cancelled; ${done}, ${leftText}`
  }
}
