/**
 * The report of a cleanup: the `json` output and the job summary. Pure.
 * The summary has a dry-run banner when dry, an overview, the candidates with their outcome, and
 * the effective settings; its table is capped so it stays far below the 1 MiB summary limit.
 */
import { tally, type OutcomeStatus } from '../cleanup/apply.ts'
import { describeKept, keptByRule } from '../cleanup/plan.ts'
import type { CleanupResult } from '../operations/result.ts'
import { cell, formatAge, formatBytes, MAX_SUMMARY_ROWS, table, tagList } from './format.ts'

const OUTCOME_LABELS: Readonly<Record<OutcomeStatus, string>> = {
  'would-delete': 'would be deleted',
  deleted: 'deleted',
  gone: 'already gone',
  skipped: 'skipped',
  failed: 'failed'
}

/** Candidates described one by one in the `json` output; about 250 bytes each. */
export const MAX_REPORTED_CANDIDATES = 1000

/** Everything about the run, as the `json` output carries it. */
export function cleanupReport(result: CleanupResult) {
  const t = tally(result.outcomes)
  const s = result.settings
  return {
    datasetId: result.datasetId,
    dryRun: s.dryRun,
    settings: {
      olderThan: s.olderThan,
      dryRun: s.dryRun,
      maxDeletions: s.rules.maxDeletions,
      concurrency: s.concurrency,
      protectTags: s.rules.protectTags,
      tags: s.rules.onlyTags
    },
    scanned: result.scanned,
    listRequests: result.listRequests,
    kept: keptByRule(result.plan),
    // Details are capped so the output stays far below GitHub's 1 MB; the ID lists are complete.
    candidates: result.outcomes.slice(0, MAX_REPORTED_CANDIDATES).map(o => ({
      version: o.decision.version.version,
      dtModified: o.decision.version.dtModified,
      ageMs: o.decision.ageMs,
      usageBytes: o.decision.version.usageBytes,
      tags: o.decision.version.tags,
      outcome: o.status,
      detail: o.detail
    })),
    candidatesNotDetailed: Math.max(0, result.outcomes.length - MAX_REPORTED_CANDIDATES),
    deleted: t.deleted,
    gone: t.gone,
    skipped: t.skipped,
    failed: t.failed,
    remaining: result.plan.deferred.length,
    freedBytes: String(t.freedBytes),
    durationMs: Math.round(result.durationMs)
  }
}

export function cleanupSummary(result: CleanupResult): string {
  const t = tally(result.outcomes)
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
      (o.status === 'skipped' || o.status === 'failed' ? `: ${cell(o.detail, 160)}` : '')
  ])
  const settings: [string, string][] = [
    ['olderThan', `\`${cell(s.olderThan)}\` (measured from dtModified)`],
    ['dryRun', String(s.dryRun)],
    ['maxDeletions', String(s.rules.maxDeletions)],
    ['concurrency', String(s.concurrency)],
    ['protectTags', tagList(s.rules.protectTags)],
    ['tags', tagList(s.rules.onlyTags)]
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
    ...(result.failure === undefined
      ? []
      : ['> [!WARNING]', `> ${cell(result.failure, 1000)}`, '']),
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
