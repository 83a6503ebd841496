/**
 * The job summary of a result, as Markdown. Pure; `main.ts` writes it. Tables are capped so a
 * summary stays far below the runner's 1 MiB limit whatever the listing's size.
 */
import type {
  DatasetsResult,
  ListResult,
  Result,
  VersionOutcome,
  VersionResult
} from '../operations/result.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { cleanupSummary } from './cleanup.ts'
import { formatBytes, formatDate, MAX_SUMMARY_ROWS, table } from './format.ts'
import { inert, inertCell, inertList } from './inert.ts'
import { promoteSummary, resolveSummary, waitSummary } from './lifecycle.ts'
import { versionTable } from './version-table.ts'

const HEADLINES: Readonly<Record<VersionOutcome, string>> = {
  fetched: 'Dataset version',
  created: 'Created dataset version',
  'created-and-committed': 'Created and committed dataset version',
  updated: 'Updated dataset version',
  'updated-and-committed': 'Updated and committed dataset version',
  committed: 'Committed dataset version',
  'already-committed': 'Dataset version already committed:',
  adopted: 'Dataset version created by an earlier run:',
  'adopted-and-committed': 'Committed the dataset version an earlier run created:'
}

export function summaryFor(result: Result): string {
  switch (result.kind) {
    case 'version':
      return versionSummary(result)
    case 'list':
      return listSummary(result)
    case 'cleanup':
      return cleanupSummary(result)
    case 'datasets':
      return datasetsSummary(result)
    case 'promote':
      return promoteSummary(result)
    case 'resolve':
      return resolveSummary(result)
    case 'wait':
      return waitSummary(result)
    case 'delete':
      return [
        `## Deleted dataset version ${inert(result.version)}`,
        '',
        `Version ${inert(result.version)} of dataset ${inert(result.datasetId)} was deleted` +
          (result.alreadyGone ? ' (a retried request found it already gone).' : '.'),
        ''
      ].join('\n')
  }
}

function versionSummary(result: VersionResult): string {
  const v = result.version
  return [
    `## ${HEADLINES[result.outcome]} ${inert(v.version)}`,
    '',
    ...(result.failure === undefined
      ? []
      : [`> [!WARNING]`, `> ${inert(result.failure, 500)}`, '']),
    versionTable(result.datasetId, v, {
      ...(result.created !== undefined && { createdBy: createdBy(result) }),
      ...(result.confirmedByRead !== undefined && { confirmedByRead: result.confirmedByRead })
    }),
    ''
  ].join('\n')
}

/** Whether this step made the version, and how it knows. */
function createdBy(result: VersionResult): string {
  if (result.created === false) {
    return 'no: an earlier run with the same idempotencyKey created it, so it was reused'
  }
  return result.recovered
    ? "yes (the create's answer was lost; the version was found again by its token)"
    : 'yes'
}

function listSummary(result: ListResult): string {
  const shown = result.versions.slice(0, MAX_SUMMARY_ROWS)
  const hidden = result.versions.length - shown.length
  const count = result.versions.length
  return [
    `## ${count} version${count === 1 ? '' : 's'} of dataset ${inert(result.datasetId)}`,
    '',
    ...(result.hasMore
      ? ['More versions remain; the `nextPage` output continues the listing.', '']
      : []),
    ...(count === 0
      ? ['No versions matched.']
      : [
          table(['Version', 'Committed', 'Message', 'Tags', 'Size', 'Created'], shown.map(listRow))
        ]),
    ...(hidden > 0 ? ['', `…and ${hidden} more.`] : []),
    ''
  ].join('\n')
}

function listRow(v: DatasetVersion): string[] {
  return [
    inertCell(v.version),
    v.isCommitted ? 'yes' : 'no',
    v.message === null ? '—' : inertCell(v.message),
    inertList(v.tags),
    formatBytes(v.usageBytes),
    formatDate(v.dtCreated)
  ]
}

function datasetsSummary(result: DatasetsResult): string {
  const count = result.datasets.length
  const shown = result.datasets.slice(0, MAX_SUMMARY_ROWS)
  const hidden = count - shown.length
  return [
    `## ${count} dataset${count === 1 ? '' : 's'}`,
    '',
    ...(result.hasMore ? ['More datasets exist beyond `limit`.', ''] : []),
    ...(count === 0
      ? ['The key sees no private dataset.']
      : [
          table(
            ['Dataset', 'Name', 'Created'],
            shown.map(d => [
              inertCell(d.id),
              d.name === null ? '—' : inertCell(d.name),
              formatDate(d.dtCreated)
            ])
          )
        ]),
    ...(hidden > 0 ? ['', `…and ${hidden} more.`] : []),
    ''
  ].join('\n')
}
