/**
 * The job summary of a cleanup, for a reader the morning after: one sentence that says what
 * happened, what needs attention (only when something does), the datasets with a bar of their
 * share of the bytes, each dataset's candidates collapsed, the figures and the settings. Each
 * block is a function of its own, so a plan's review and the summary of an applied plan can
 * reuse them. Pure.
 */
import type { StopReason } from '../operations/cleanup/outcomes.ts'
import type { CleanupResult, NamedDataset } from '../operations/result.ts'
import { moreLine, type Cuttable, type Part } from './budget.ts'
import { describeKept } from './cleanup-words.ts'
import { candidateLists, datasetTable } from './cleanup-tables.ts'
import { actedOn, datasetLabel, datasetViews, type DatasetView } from './cleanup-view.ts'
import { formatBytes, formatCount, plural, table } from './format.ts'
import { inert, inertCell, inertList } from './inert.ts'
import { appliedPlan, planReview } from './plan.ts'
import { cleanupSettings } from './settings.ts'

/** Items of "Needs attention", errors listed for each dataset, and datasets named in one line. */
const MAX_ATTENTION_ITEMS = 25
const ERRORS_PER_DATASET = 5
const NAMED_IN_LINE = 10

/** The parts of a cleanup's summary, in the order a reader needs them. */
export function cleanupSummary(result: CleanupResult): Part[] {
  const views = datasetViews(result)
  const attention = attentionBlock(result, views)
  const title = result.several ? plural(totalDatasets(result), 'dataset') : inert(result.datasetId)
  return [
    `## Dataset version cleanup: ${title}`,
    '',
    cleanupHeadline(result),
    '',
    ...(result.settings.dryRun
      ? [
          '> [!IMPORTANT]',
          '> **Dry run**: nothing was deleted. A live run with these settings would delete the candidates below.',
          ''
        ]
      : []),
    ...planReview(result),
    ...appliedPlan(result),
    ...(attention === undefined ? [] : [attention, '']),
    ...(result.several ? ['### Per dataset', '', ...datasetTable(result, views), ''] : []),
    ...section('Versions', candidateLists(result, views)),
    '### Overview',
    '',
    overviewTable(result),
    '',
    settingsBlock(result),
    ''
  ]
}

function section(title: string, parts: readonly Part[]): Part[] {
  return parts.length === 0 ? [] : [`### ${title}`, '', ...parts, '']
}

function totalDatasets(result: CleanupResult): number {
  return result.datasets.length + result.unlisted.length
}

/**
 * One sentence: how many versions were (or would be) deleted, from how many datasets, the bytes,
 * and how many are left for later runs.
 */
export function cleanupHeadline(result: CleanupResult): string {
  const dry = result.settings.dryRun
  const { count, bytes } = actedOn(result)
  const candidates = result.plan.candidates.length
  const later = result.plan.deferred.length + result.tally.notAttempted.length
  if (result.several && totalDatasets(result) === 0) {
    return 'No private dataset was found: there was nothing to clean.'
  }
  if (candidates === 0 && later === 0) {
    return (
      `**Nothing to delete**: no version ${result.several ? 'of the datasets listed ' : ''}` +
      'is uncommitted, old enough and unprotected.'
    )
  }
  const what =
    !dry && count !== candidates
      ? `Deleted ${formatCount(count)} of ${plural(candidates, 'candidate version')}`
      : `${dry ? 'Would delete' : 'Deleted'} ${plural(count, 'version')}`
  const from = result.several
    ? ` from ${formatCount(datasetsActedOn(result))} of ${plural(totalDatasets(result), 'dataset')}`
    : ''
  const freed =
    count === 0 ? '' : `, ${dry ? 'which would free' : 'freeing'} **${formatBytes(bytes)}**`
  const left =
    later === 0
      ? ''
      : `; ${formatCount(later)} more ${later === 1 ? 'is' : 'are'} left for later runs`
  return `**${what}**${from}${freed}${left}.`
}

function datasetsActedOn(result: CleanupResult): number {
  const dry = result.settings.dryRun
  return result.datasets.filter(d =>
    dry ? d.plan.candidates.length > 0 : d.tally.deleted.length > 0
  ).length
}

/**
 * "Needs attention", only when something does: a stopped run, maxDeletions reached, public
 * datasets left alone, failed deletions (with their errors, in a list), datasets that could not
 * be listed.
 */
export function attentionBlock(
  result: CleanupResult,
  views: readonly DatasetView[]
): Cuttable | undefined {
  const deferred = result.plan.deferred.length
  const notPrivate = result.notPrivate ?? []
  // The few that concern the whole run first, so that a long list of datasets cannot hide them.
  const items = [
    ...(result.stop === undefined ? [] : [stopItem(result.stop, result)]),
    ...(deferred === 0
      ? []
      : [
          `- **maxDeletions (${formatCount(result.settings.rules.maxDeletions)}) reached**: ` +
            `${formatCount(deferred)} more eligible ${deferred === 1 ? 'version is' : 'versions are'} ` +
            'left for later runs.'
        ]),
    ...(notPrivate.length === 0 ? [] : [notPrivateItem(notPrivate)]),
    ...views.filter(view => view.failed > 0).map(failedItem),
    ...views
      .filter(view => view.error !== undefined)
      .map(
        view =>
          `- ${datasetLabel(view)} **could not be listed**, so nothing of it was deleted: ` +
          inert(view.error!, 300)
      )
  ]
  if (items.length === 0) return undefined
  const shown = items.slice(0, MAX_ATTENTION_ITEMS)
  return {
    head: ['### Needs attention', ''],
    lines: shown,
    hidden: items.length - shown.length,
    cut: left => moreLine(left, 'problems')
  }
}

function stopItem(stop: StopReason, result: CleanupResult): string {
  const left = result.tally.notAttempted.length
  const notAttempted =
    `${plural(left, 'version')} ${left === 1 ? 'was' : 'were'} not attempted and ` +
    `${left === 1 ? 'is' : 'are'} left for the next run`
  switch (stop.cause) {
    case 'unavailable':
      return (
        `- **The API seemed unavailable**: ${formatCount(stop.failures)} deletions in a row failed, ` +
        `so the run stopped; ${notAttempted}. The last error: ${inert(stop.error, 300)}`
      )
    case 'refused':
      return (
        `- **The API refused the key**, so the run stopped at once; ${notAttempted}. ` +
        `The error: ${inert(stop.error, 300)}`
      )
    case 'cancelled':
      return (
        '- **Cancelled**: no deletion was started after the workflow was cancelled; ' +
        `${notAttempted}.`
      )
  }
}

/** The failed deletions of one dataset: a line, then its errors as a list. */
function failedItem(view: DatasetView): string {
  const failed = view.outcomes.flatMap(o => (o.status === 'failed' ? [o] : []))
  const shown = failed.slice(0, ERRORS_PER_DATASET)
  return [
    `- **${plural(failed.length, 'deletion')} failed** in ${datasetLabel(view)}:`,
    ...shown.map(o => `  - ${inert(o.decision.version.version)}: ${inert(o.error, 300)}`),
    ...(failed.length > shown.length
      ? [`  - ${moreLine(failed.length - shown.length, 'errors')}`]
      : [])
  ].join('\n')
}

function notPrivateItem(datasets: readonly NamedDataset[]): string {
  const one = datasets.length === 1
  const names = datasets.slice(0, NAMED_IN_LINE).map(datasetLabel).join(', ')
  const rest = datasets.length - Math.min(datasets.length, NAMED_IN_LINE)
  return (
    `- **${plural(datasets.length, 'dataset')} the API listed as private ${one ? 'is' : 'are'} ` +
    `public** and ${one ? 'was' : 'were'} left alone (nothing of ${one ? 'it' : 'them'} was read ` +
    `or changed): ${names}${rest > 0 ? ` and ${formatCount(rest)} more` : ''}.`
  )
}

type Row = readonly [string, string]

/** The row, unless what it says is zero. */
const unlessZero = (zero: boolean, row: Row): Row[] => (zero ? [] : [row])

/** The run in figures; rows that would say zero are left out. */
export function overviewTable(result: CleanupResult): string {
  const t = result.tally
  const dry = result.settings.dryRun
  const { count, bytes } = actedOn(result)
  const counted = (label: string, n: number) => unlessZero(n === 0, [label, formatCount(n)])
  const kept = describeKept(result.plan)
  const rows: Row[] = [
    result.several
      ? ['Datasets', formatCount(totalDatasets(result))]
      : ['Dataset', inertCell(result.datasetId)],
    ['Mode', dry ? 'dry run' : 'live'],
    ...unlessZero(result.scanned === 0, [
      'Versions scanned',
      `${formatCount(result.scanned)} (${plural(result.listRequests, 'list request')})`
    ]),
    ...unlessZero(kept === 'none', ['Kept', kept]),
    ...counted('Candidates', result.plan.candidates.length),
    ...counted(dry ? 'Would be deleted' : 'Deleted', count),
    ...counted('Already gone', t.gone.length),
    ...counted('Skipped on a fresh read', t.skipped.length),
    ...counted('Failed', t.failed.length),
    ...counted('Not attempted (left for the next run)', t.notAttempted.length),
    ...counted('Remaining for later runs', result.plan.deferred.length),
    ...unlessZero(bytes === 0n, [
      dry ? 'Bytes that would be freed' : 'Bytes freed',
      formatBytes(bytes)
    ]),
    ['Duration', `${(result.durationMs / 1000).toFixed(1)} s`]
  ]
  return table(['', ''], rows)
}

/** The effective settings, collapsed. */
export function settingsBlock(result: CleanupResult): string {
  const effective = cleanupSettings(result.settings)
  // An apply deletes what its plan holds: the rules that chose them are the plan's (shown above).
  const settings: Row[] =
    result.settings.plan !== undefined
      ? [
          ['plan', inertCell(result.settings.plan.path)],
          ['planMaxAge', inertCell(result.settings.planMaxAge)],
          ['maxDeletions', formatCount(effective.maxDeletions)],
          ['concurrency', formatCount(effective.concurrency)],
          ['protectTags', inertList(effective.protectTags)]
        ]
      : [
          ['olderThan', `${inertCell(effective.olderThan)} (measured from dtModified)`],
          ['keepLatest', formatCount(effective.keepLatest)],
          ['dryRun', String(effective.dryRun)],
          ['maxDeletions', formatCount(effective.maxDeletions)],
          ['concurrency', formatCount(effective.concurrency)],
          ['protectTags', inertList(effective.protectTags)],
          ['tags', inertList(effective.tags)]
        ]
  return [
    '<details><summary>Settings</summary>',
    '',
    table(['Setting', 'Value'], settings),
    '',
    '</details>'
  ].join('\n')
}
