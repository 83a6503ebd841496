/**
 * The report of a cleanup: the `json` output, the result file's record and the job summary. Pure.
 * The summary has a dry-run banner when dry, an overview, the candidates with their outcome, and
 * the effective settings; its tables are capped so it stays far below the 1 MiB summary limit.
 */
import { versionRef, type OutcomeStatus } from '../operations/cleanup/outcomes.ts'
import { keptByRule, type Plan } from '../operations/cleanup/plan.ts'
import type { CleanupResult } from '../operations/result.ts'
import { describeKept, outcomeDetail } from './cleanup-words.ts'
import { resultFailure } from './failure.ts'
import { formatAge } from '../shared/age.ts'
import { formatBytes, MAX_SUMMARY_ROWS, table } from './format.ts'
import { inert, inertCell, inertList } from './inert.ts'
import { appliedPlan, planReview } from './plan.ts'
import { cleanupSettings } from './settings.ts'

const OUTCOME_LABELS: Readonly<Record<OutcomeStatus, string>> = {
  'would-delete': 'would be deleted',
  deleted: 'deleted',
  gone: 'already gone',
  skipped: 'skipped',
  failed: 'failed',
  'not-attempted': 'not attempted'
}

/**
 * The run in figures, as the `json` output carries it: settings, counts and, unless `ids` is
 * false, the ID lists; with several datasets, unless `perDataset` is false, a breakdown per
 * dataset (a run over thousands of datasets may not fit it in an output). Per-version details
 * are in the result file (`cleanupRecord`).
 */
export function cleanupReport(result: CleanupResult, ids = true, perDataset = true) {
  const t = result.tally
  const s = result.settings
  const breakdown = result.several && perDataset
  return {
    datasetId: result.datasetId,
    dryRun: s.dryRun,
    settings: cleanupSettings(s),
    ...(breakdown && {
      datasets: result.datasets.map(d => ({
        datasetId: d.datasetId,
        scanned: d.scanned,
        listRequests: d.listRequests,
        kept: keptByRule(d.plan),
        candidates: d.plan.candidates.length,
        deleted: d.tally.deleted.length,
        gone: d.tally.gone.length,
        skipped: d.tally.skipped.length,
        failed: d.tally.failed.length,
        notAttempted: d.tally.notAttempted.length,
        remaining: d.plan.deferred.length,
        freedBytes: String(d.tally.freedBytes)
      })),
      unlisted: result.unlisted
    }),
    scanned: result.scanned,
    listRequests: result.listRequests,
    kept: keptByRule(result.plan),
    counts: {
      candidates: result.plan.candidates.length,
      deleted: t.deleted.length,
      gone: t.gone.length,
      skipped: t.skipped.length,
      failed: t.failed.length,
      notAttempted: t.notAttempted.length
    },
    stopped: result.stop?.cause ?? null,
    ...(ids && {
      candidates: result.plan.candidates.map(d => versionRef(d, result.several)),
      deleted: t.deleted,
      gone: t.gone,
      skipped: t.skipped,
      failed: t.failed.map(f => f.version),
      notAttempted: t.notAttempted
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
    deferred: result.plan.deferred.map(d => versionRef(d, result.several)),
    outcomes: result.outcomes.map(o => {
      const v = o.decision.version
      return {
        ...(result.several && { datasetId: o.decision.datasetId }),
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
    result.several
      ? ['Datasets', `${result.datasets.length + result.unlisted.length}`]
      : ['Dataset', inertCell(result.datasetId)],
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
          ['Failed', String(t.failed.length)],
          ['Not attempted (left for the next run)', String(t.notAttempted.length)]
        ] as [string, string][])),
    ['Remaining for later runs', String(result.plan.deferred.length)],
    [
      dry ? 'Bytes that would be freed' : 'Bytes freed',
      formatBytes(dry ? candidateBytes(result.plan) : t.freedBytes)
    ],
    ['Duration', `${(result.durationMs / 1000).toFixed(1)} s`]
  ]
  const shown = result.outcomes.slice(0, MAX_SUMMARY_ROWS)
  const hidden = result.outcomes.length - shown.length
  const rows = shown.map(o => [
    inertCell(versionRef(o.decision, result.several)),
    formatAge(o.decision.ageMs),
    formatBytes(o.decision.version.usageBytes),
    inertList(o.decision.version.tags),
    OUTCOME_LABELS[o.status] +
      (o.status === 'skipped' || o.status === 'failed'
        ? `: ${inertCell(outcomeDetail(o, s), 160)}`
        : '')
  ])
  const effective = cleanupSettings(s)
  const settings: [string, string][] = [
    ['olderThan', `${inertCell(effective.olderThan)} (measured from dtModified)`],
    ['keepLatest', String(effective.keepLatest)],
    ['dryRun', String(effective.dryRun)],
    ['maxDeletions', String(effective.maxDeletions)],
    ['concurrency', String(effective.concurrency)],
    ['protectTags', inertList(effective.protectTags)],
    ['tags', inertList(effective.tags)]
  ]
  const title = result.several
    ? `${result.datasets.length + result.unlisted.length} datasets`
    : inert(result.datasetId)
  return [
    `## Dataset version cleanup: ${title}`,
    '',
    ...planReview(result),
    ...appliedPlan(result),
    ...(dry
      ? [
          '> [!IMPORTANT]',
          '> **Dry run**: nothing was deleted. A live run with these settings would delete the candidates below.',
          ''
        ]
      : []),
    ...(failure === undefined ? [] : ['> [!WARNING]', `> ${inert(failure, 1000)}`, '']),
    '### Overview',
    '',
    table(['', ''], overview),
    '',
    ...(result.several ? ['### Per dataset', '', perDatasetTable(result), ''] : []),
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

function candidateBytes(plan: Plan): bigint {
  return plan.candidates.reduce((sum, d) => sum + BigInt(d.version.usageBytes ?? 0), 0n)
}

/**
 * A row per dataset (scanned, kept by rule, deleted, failed, bytes freed), at most
 * MAX_SUMMARY_ROWS, and a total.
 */
function perDatasetTable(result: CleanupResult): string {
  const dry = result.settings.dryRun
  const row = (name: string, scanned: number, plan: Plan, t: CleanupResult['tally']): string[] => [
    name,
    String(scanned),
    describeKept(plan),
    String(dry ? plan.candidates.length : t.deleted.length),
    String(t.failed.length),
    formatBytes(dry ? candidateBytes(plan) : t.freedBytes)
  ]
  // Capped like every table (a run over every dataset may cover thousands); the datasets that
  // could not be listed get their rows first, as they fail the step.
  const unlisted = result.unlisted.slice(0, MAX_SUMMARY_ROWS)
  const listed = result.datasets.slice(0, MAX_SUMMARY_ROWS - unlisted.length)
  const hidden = result.datasets.length + result.unlisted.length - listed.length - unlisted.length
  const rows = [
    ...listed.map(d => row(inertCell(d.datasetId), d.scanned, d.plan, d.tally)),
    ...unlisted.map(u => [
      inertCell(u.datasetId),
      '—',
      `not listed: ${inertCell(u.error, 120)}`,
      '0',
      '—',
      '—'
    ]),
    row('**Total**', result.scanned, result.plan, result.tally)
  ]
  const rendered = table(
    [
      'Dataset',
      'Scanned',
      'Kept by rule',
      dry ? 'Would be deleted' : 'Deleted',
      'Failed',
      dry ? 'Bytes that would be freed' : 'Bytes freed'
    ],
    rows
  )
  return hidden > 0 ? `${rendered}\n\n…and ${hidden} more datasets.` : rendered
}
