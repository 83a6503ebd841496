/**
 * The words of a cleanup: why each version is kept or deleted, a line per outcome, the `json`
 * output and the job summary. Pure.
 * The summary has a dry-run banner when dry, an overview, the candidates with their outcome, and
 * the effective settings; its table is capped so it stays far below the 1 MiB summary limit.
 */
import type { Outcome, OutcomeStatus, SkipReason } from '../cleanup/outcomes.ts'
import { keptByRule, type Decision, type Keep, type KeepRule, type Plan } from '../cleanup/plan.ts'
import type { CleanupResult } from '../operations/result.ts'
import type { CleanupSettings } from '../settings.ts'
import { resultFailure } from './failure.ts'
import { cell, formatAge, formatBytes, MAX_SUMMARY_ROWS, table, tagList } from './format.ts'
import { cleanupSettings } from './settings.ts'

const KEPT_LABELS: Readonly<Record<KeepRule, string>> = {
  committed: 'committed',
  tags: 'without the tags to consider',
  protected: 'protected by a tag',
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
  const parts = Object.entries(keptByRule(plan)).map(
    ([rule, n]) => `${n} ${KEPT_LABELS[rule as KeepRule]}`
  )
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
    default:
      return decisionReason(outcome.decision, 'candidates', settings)
  }
}

/** The log line of one outcome, and whether it is a warning. */
export function outcomeLine(
  outcome: Outcome,
  settings: CleanupSettings
): { warning: boolean; text: string } {
  const id = outcome.decision.version.version
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
  }
}

const OUTCOME_LABELS: Readonly<Record<OutcomeStatus, string>> = {
  'would-delete': 'would be deleted',
  deleted: 'deleted',
  gone: 'already gone',
  skipped: 'skipped',
  failed: 'failed'
}

/**
 * The run in figures, as the `json` output carries it: settings, counts and, unless `ids` is
 * false, the ID lists. Per-version details are in the result file (`cleanupRecord`).
 */
export function cleanupReport(result: CleanupResult, ids = true) {
  const t = result.tally
  const s = result.settings
  return {
    datasetId: result.datasetId,
    dryRun: s.dryRun,
    settings: cleanupSettings(s),
    scanned: result.scanned,
    listRequests: result.listRequests,
    kept: keptByRule(result.plan),
    counts: {
      candidates: result.plan.candidates.length,
      deleted: t.deleted.length,
      gone: t.gone.length,
      skipped: t.skipped.length,
      failed: t.failed.length
    },
    ...(ids && {
      candidates: result.plan.candidates.map(d => d.version.version),
      deleted: t.deleted,
      gone: t.gone,
      skipped: t.skipped,
      failed: t.failed.map(f => f.version)
    }),
    remaining: result.plan.deferred.length,
    freedBytes: String(t.freedBytes),
    durationMs: Math.round(result.durationMs)
  }
}

/**
 * Everything about the run, as the result file holds it: the report with every ID list, each
 * failure with its error, the versions left for later runs, and every candidate in detail.
 */
export function cleanupRecord(result: CleanupResult) {
  const s = result.settings
  return {
    ...cleanupReport(result),
    failed: result.tally.failed,
    deferred: result.plan.deferred.map(d => d.version.version),
    outcomes: result.outcomes.map(o => {
      const v = o.decision.version
      return {
        version: v.version,
        outcome: o.status,
        detail: outcomeDetail(o, s),
        message: v.message,
        tags: v.tags,
        usageBytes: v.usageBytes,
        dtCreated: v.dtCreated,
        dtModified: v.dtModified,
        ageMs: o.decision.ageMs
      }
    })
  }
}

export function cleanupSummary(result: CleanupResult): string {
  const t = result.tally
  const failure = resultFailure(result)
  const s = result.settings
  const dry = s.dryRun
  const overview: [string, string][] = [
    ['Dataset', `\`${result.datasetId}\``],
    ['Mode', dry ? 'dry run' : 'live'],
    [
      'Versions scanned',
      `${result.scanned} (${result.listRequests} list request${result.listRequests === 1 ? '' : 's'})`
    ],
    ['Kept', describeKept(result.plan)],
    ['Candidates', String(result.plan.candidates.length)],
    [
      dry ? 'Would be deleted' : 'Deleted',
      String(dry ? result.plan.candidates.length : t.deleted.length)
    ],
    ...(dry
      ? []
      : ([
          ['Already gone', String(t.gone.length)],
          ['Skipped on a fresh read', String(t.skipped.length)],
          ['Failed', String(t.failed.length)]
        ] as [string, string][])),
    ['Remaining for later runs', String(result.plan.deferred.length)],
    [
      dry ? 'Bytes that would be freed' : 'Bytes freed',
      formatBytes(dry ? candidateBytes(result) : t.freedBytes)
    ],
    ['Duration', `${(result.durationMs / 1000).toFixed(1)} s`]
  ]
  const shown = result.outcomes.slice(0, MAX_SUMMARY_ROWS)
  const hidden = result.outcomes.length - shown.length
  const rows = shown.map(o => [
    `\`${o.decision.version.version}\``,
    formatAge(o.decision.ageMs),
    formatBytes(o.decision.version.usageBytes),
    tagList(o.decision.version.tags),
    OUTCOME_LABELS[o.status] +
      (o.status === 'skipped' || o.status === 'failed' ? `: ${cell(outcomeDetail(o, s), 160)}` : '')
  ])
  const effective = cleanupSettings(s)
  const settings: [string, string][] = [
    ['olderThan', `\`${cell(effective.olderThan)}\` (measured from dtModified)`],
    ['dryRun', String(effective.dryRun)],
    ['maxDeletions', String(effective.maxDeletions)],
    ['concurrency', String(effective.concurrency)],
    ['protectTags', tagList(effective.protectTags)],
    ['tags', tagList(effective.tags)]
  ]
  return [
    `## Dataset version cleanup: \`${result.datasetId}\``,
    '',
    ...(dry
      ? [
          '> [!IMPORTANT]',
          '> **Dry run**: nothing was deleted. A live run with these settings would delete the candidates below.',
          ''
        ]
      : []),
    ...(failure === undefined ? [] : ['> [!WARNING]', `> ${cell(failure, 1000)}`, '']),
    '### Overview',
    '',
    table(['', ''], overview),
    '',
    '### Candidates (oldest first)',
    '',
    result.outcomes.length === 0
      ? 'No version is old enough, uncommitted and unprotected: nothing to delete.'
      : table(['Version', 'Age', 'Size', 'Tags', 'Outcome'], rows),
    ...(hidden > 0 ? ['', `…and ${hidden} more.`] : []),
    '',
    '<details><summary>Settings</summary>',
    '',
    table(['Setting', 'Value'], settings),
    '',
    '</details>',
    ''
  ].join('\n')
}

function candidateBytes(result: CleanupResult): bigint {
  return result.plan.candidates.reduce((sum, d) => sum + BigInt(d.version.usageBytes ?? 0), 0n)
}
