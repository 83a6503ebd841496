/**
 * The tables of a cleanup's summary: one row per dataset with a bar of its share of the bytes,
 * and each dataset's candidates, collapsed. No cell holds an error: errors are listed under
 * "Needs attention" (`cleanup-summary.ts`). Pure; a plan's review can show the same blocks.
 */
import type { Outcome, OutcomeStatus } from '../operations/cleanup/outcomes.ts'
import type { CleanupResult } from '../operations/result.ts'
import type { CleanupSettings } from '../interface/settings.ts'
import { formatAge } from '../shared/age.ts'
import { moreLine, type Part } from './budget.ts'
import { outcomeDetail } from './cleanup-words.ts'
import {
  actedOn,
  datasetLabel,
  datasetLabelHtml,
  hadWork,
  type DatasetView
} from './cleanup-view.ts'
import {
  formatBytes,
  formatCount,
  MAX_SUMMARY_ROWS,
  plural,
  shareBar,
  tableHead,
  tableRow
} from './format.ts'
import { inertCell, inertList } from './inert.ts'

/** Rows of the per-dataset table, and datasets named in the line of those with nothing to do. */
const MAX_DATASET_ROWS = 100
const NAMED_IDLE = 10
/**
 * Candidate rows shown for each dataset when a run covers several, and for a run of one, and the
 * datasets whose candidates are shown; more on a plan's review page, where the reviewer should see
 * every candidate the summary's byte budget leaves room for (the plan file holds them all).
 */
interface Caps {
  readonly perDataset: number
  readonly oneDataset: number
  readonly groups: number
}
const CAPS: Caps = { perDataset: 20, oneDataset: MAX_SUMMARY_ROWS, groups: 50 }
const REVIEW_CAPS: Caps = { perDataset: 500, oneDataset: 10_000, groups: 1000 }

const OUTCOME_LABELS: Readonly<Record<OutcomeStatus, string>> = {
  'would-delete': 'would be deleted',
  deleted: 'deleted',
  gone: 'already gone',
  skipped: 'skipped',
  failed: 'failed',
  'not-attempted': 'not attempted'
}

/**
 * One row per dataset that had something to delete or went wrong, in the order of `views`, with
 * a total; then one line naming those with nothing to delete.
 */
export function datasetTable(result: CleanupResult, views: readonly DatasetView[]): Part[] {
  const dry = result.settings.dryRun
  const busy = views.filter(hadWork)
  const idle = views.filter(view => !hadWork(view))
  const named = busy.some(view => view.name !== undefined)
  const whole = actedOn(result).bytes
  const shown = busy.slice(0, MAX_DATASET_ROWS)
  const header = [
    ...(named ? ['Name', 'ID'] : ['Dataset']),
    'Scanned',
    dry ? 'Would delete' : 'Deleted',
    dry ? 'Bytes to free' : 'Bytes freed',
    'Share',
    'Left for later',
    'Needs attention'
  ]
  const row = (view: DatasetView): string[] => [
    ...(named ? [view.name === undefined ? '—' : inertCell(view.name)] : []),
    inertCell(view.datasetId),
    // A dataset that could not be listed has no figures, and nothing of it is left for later.
    ...(view.scanned === undefined
      ? ['—', '—', '—', '—', '—']
      : [
          formatCount(view.scanned),
          formatCount(view.acted),
          formatBytes(view.bytes),
          shareBar(view.bytes, whole),
          formatCount(view.deferred + view.notAttempted)
        ]),
    attention(view)
  ]
  const later = result.plan.deferred.length + result.tally.notAttempted.length
  const total = [
    ...(named ? [''] : []),
    `**All ${formatCount(views.length)}**`,
    formatCount(result.scanned),
    formatCount(actedOn(result).count),
    formatBytes(whole),
    '',
    formatCount(later),
    ''
  ]
  return [
    busy.length === 0
      ? 'No dataset had anything to delete.'
      : {
          head: tableHead(header),
          lines: shown.map(view => tableRow(row(view))),
          foot: [tableRow(total)],
          hidden: busy.length - shown.length,
          cut: left => moreLine(left, 'datasets')
        },
    ...(idle.length === 0 ? [] : ['', idleLine(idle)])
  ]
}

/** What needs attention in a dataset, in words without its errors (those are listed above). */
function attention(view: DatasetView): string {
  const parts = [
    ...(view.error !== undefined ? ['not listed'] : []),
    ...(view.failed > 0 ? [`${formatCount(view.failed)} failed`] : []),
    ...(view.notAttempted > 0 ? [`${formatCount(view.notAttempted)} not attempted`] : [])
  ]
  return parts.length === 0 ? '—' : parts.join(', ')
}

/** "12 datasets had nothing to delete: `a` (`dsa`), … and 2 more." */
function idleLine(idle: readonly DatasetView[]): string {
  const names = idle.slice(0, NAMED_IDLE).map(datasetLabel).join(', ')
  const rest = idle.length - Math.min(idle.length, NAMED_IDLE)
  return (
    `${plural(idle.length, 'dataset')} had nothing to delete: ${names}` +
    (rest > 0 ? ` and ${formatCount(rest)} more` : '') +
    '.'
  )
}

/**
 * Each dataset's candidates with their outcome, oldest first, collapsed: a block per dataset in
 * the order of `views` (a run of one dataset has one block).
 */
export function candidateLists(result: CleanupResult, views: readonly DatasetView[]): Part[] {
  const caps = result.planFile === undefined ? CAPS : REVIEW_CAPS
  const groups = views.filter(view => view.outcomes.length > 0)
  if (groups.length === 0) return []
  const intro = result.several
    ? "Each dataset's candidates, oldest first:"
    : 'The candidates, oldest first:'
  if (!result.several) {
    const outcomes = groups[0]!.outcomes
    const shown = outcomes.slice(0, caps.oneDataset)
    return [
      intro,
      '',
      `<details><summary>${outcomeCounts(outcomes)}</summary>`,
      '',
      {
        head: tableHead(CANDIDATE_HEADER),
        lines: shown.map(o => tableRow(candidateRow(o, result.settings))),
        hidden: outcomes.length - shown.length,
        cut: left => moreLine(left, 'candidates')
      },
      '',
      '</details>'
    ]
  }
  const shown = groups.slice(0, caps.groups)
  return [
    intro,
    '',
    {
      lines: shown.map(view => group(view, result.settings, caps.perDataset)),
      apart: true,
      hidden: groups.length - shown.length,
      cut: left => moreLine(left, "datasets' candidates")
    }
  ]
}

const CANDIDATE_HEADER = ['Version', 'Age', 'Size', 'Tags', 'Outcome']

/** One dataset's block: its name and counts as the summary line, at most `rows` rows. */
function group(view: DatasetView, settings: CleanupSettings, rows: number): string {
  const shown = view.outcomes.slice(0, rows)
  const rest = view.outcomes.length - shown.length
  return [
    `<details><summary>${datasetLabelHtml(view)}: ${outcomeCounts(view.outcomes)}</summary>`,
    '',
    ...tableHead(CANDIDATE_HEADER),
    ...shown.map(o => tableRow(candidateRow(o, settings))),
    ...(rest > 0 ? ['', moreLine(rest, 'candidates')] : []),
    '',
    '</details>'
  ].join('\n')
}

/** "3 deleted, 1 failed", in the order of the labels. */
function outcomeCounts(outcomes: readonly Outcome[]): string {
  const counts = new Map<OutcomeStatus, number>()
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1)
  return (Object.keys(OUTCOME_LABELS) as OutcomeStatus[])
    .filter(status => counts.has(status))
    .map(status => `${formatCount(counts.get(status)!)} ${OUTCOME_LABELS[status]}`)
    .join(', ')
}

function candidateRow(o: Outcome, settings: CleanupSettings): string[] {
  const v = o.decision.version
  return [
    inertCell(v.version),
    formatAge(o.decision.ageMs),
    formatBytes(v.usageBytes),
    inertList(v.tags),
    o.status === 'skipped'
      ? `skipped: ${inertCell(outcomeDetail(o, settings))}`
      : o.status === 'failed'
        ? 'failed (see Needs attention)'
        : OUTCOME_LABELS[o.status]
  ]
}
