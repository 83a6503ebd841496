/**
 * The job summary of a result, as Markdown. Pure; `main.ts` writes it. Tables are capped so a
 * summary stays far below the runner's 1 MiB limit whatever the listing's size.
 */
import type { Duplicate } from '../operations/create/settle.ts'
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
    ...duplicateLines(result),
    ''
  ].join('\n')
}

const DUPLICATE_FATES: Readonly<Record<Duplicate['status'], string>> = {
  deleted: 'deleted',
  gone: 'already deleted',
  committed: 'left: committed meanwhile',
  changed: "left: no longer carries this create's token",
  failed: 'could not be deleted'
}

/** The versions this create made besides the one kept, and what became of each. */
function duplicateLines(result: VersionResult): string[] {
  const duplicates = result.duplicates ?? []
  if (duplicates.length === 0) return []
  return [
    '',
    result.created === false
      ? 'This step made a version too; another run with the same idempotencyKey created the one ' +
        'above first, so that one is kept:'
      : 'The create was sent more than once and made more than one version; the earliest is kept:',
    '',
    ...duplicates.map(
      d =>
        `- ${inert(d.version)}: ${DUPLICATE_FATES[d.status]}` +
        (d.error === undefined ? '' : ` (${inert(d.error, 300)})`)
    )
  ]
}

/** Whether this step made the version, and how it knows. */
function createdBy(result: VersionResult): string {
  if (result.created === false) {
    return (result.duplicates ?? []).length > 0
      ? 'no: another run with the same idempotencyKey created it first, so it was reused'
      : 'no: an earlier run with the same idempotencyKey created it, so it was reused'
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
