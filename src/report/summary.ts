/**
 * The job summary of a result, as Markdown. Pure; `main.ts` writes it. Every summary is put
 * together by `fitSummary`, which holds it under one byte budget whatever the result's size.
 */
import type { Duplicate } from '../operations/create/settle.ts'
import type { RunContext } from '../operations/create/provenance.ts'
import type {
  DatasetsResult,
  ListResult,
  Result,
  VersionOutcome,
  VersionResult
} from '../operations/result.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { fitSummary, moreLine, type Part } from './budget.ts'
import { cleanupSummary } from './cleanup-summary.ts'
import {
  formatBytes,
  formatCount,
  formatDate,
  MAX_SUMMARY_ROWS,
  plural,
  tableHead,
  tableRow
} from './format.ts'
import { inert, inertCell, inertList } from './inert.ts'
import { promoteSummary, resolveSummary, waitSummary } from './lifecycle.ts'
import { runUrlIn, versionParts, type Note } from './version-facts.ts'

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

/**
 * The summary of a result. `run` is this workflow run's context: a version made by this very run
 * links to it (see `version-facts.ts`).
 */
export function summaryFor(result: Result, run: RunContext = {}): string {
  return fitSummary(summaryParts(result, run))
}

/** Whether the summary of a result would use the run context: it shows a recorded run. */
export function showsRecordedRun(result: Result): boolean {
  switch (result.kind) {
    case 'version':
    case 'promote':
    case 'resolve':
    case 'wait':
      return runUrlIn(result.version.metadata) !== undefined
    default:
      return false
  }
}

function summaryParts(result: Result, run: RunContext): Part[] {
  switch (result.kind) {
    case 'version':
      return versionSummary(result, run)
    case 'list':
      return listSummary(result)
    case 'cleanup':
      return cleanupSummary(result)
    case 'datasets':
      return datasetsSummary(result)
    case 'promote':
      return promoteSummary(result, run)
    case 'resolve':
      return resolveSummary(result, run)
    case 'wait':
      return waitSummary(result, run)
    case 'delete':
      return [
        `## Deleted dataset version ${inert(result.version)}`,
        '',
        `Version ${inert(result.version)} of dataset ${inert(result.datasetId)} was deleted` +
          (result.alreadyGone ? ' (a retried request found it already gone).' : '.'),
        ''
      ]
  }
}

function versionSummary(result: VersionResult, run: RunContext): Part[] {
  const v = result.version
  return [
    `## ${HEADLINES[result.outcome]} ${inert(v.version)}`,
    '',
    ...(result.failure === undefined
      ? []
      : [`> [!WARNING]`, `> ${inert(result.failure, 500)}`, '']),
    ...versionParts(result.datasetId, v, run, notes(result)),
    ...duplicateLines(result),
    ''
  ]
}

/** What this step adds about the version: a row for each fact the result carries. */
function notes(result: VersionResult): Note[] {
  return [
    ...(result.created === undefined ? [] : [['Created by this step', createdBy(result)] as const]),
    ...(result.confirmedByRead === true
      ? [['Commit', 'confirmed by reading it back'] as const]
      : [])
  ]
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

function listSummary(result: ListResult): Part[] {
  const count = result.versions.length
  const shown = result.versions.slice(0, MAX_SUMMARY_ROWS)
  return [
    `## ${plural(count, 'version')} of dataset ${inert(result.datasetId)}`,
    '',
    ...(result.hasMore
      ? ['More versions remain; the `nextPage` output continues the listing.', '']
      : []),
    count === 0
      ? 'No versions matched.'
      : {
          head: tableHead(['Version', 'Committed', 'Message', 'Tags', 'Size', 'Created']),
          lines: shown.map(v => tableRow(listRow(v))),
          hidden: count - shown.length,
          cut: left => moreLine(left, 'versions')
        },
    ''
  ]
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

function datasetsSummary(result: DatasetsResult): Part[] {
  const count = result.datasets.length
  const shown = result.datasets.slice(0, MAX_SUMMARY_ROWS)
  return [
    `## ${plural(count, 'dataset')}`,
    '',
    ...(result.hasMore
      ? [
          '> [!WARNING]',
          `> More private datasets exist than the ${formatCount(count)} listed here, and the outputs leave them out (see the step's warning).`,
          ''
        ]
      : []),
    count === 0
      ? 'The key sees no private dataset.'
      : {
          head: tableHead(['Dataset', 'Name', 'Created']),
          lines: shown.map(d =>
            tableRow([
              inertCell(d.id),
              d.name === null ? '—' : inertCell(d.name),
              formatDate(d.dtCreated)
            ])
          ),
          hidden: count - shown.length,
          cut: left => moreLine(left, 'datasets')
        },
    ''
  ]
}
