/**
 * A cleanup dataset by dataset, as its summary and a plan's review show it: what each dataset
 * gave (or would give), what went wrong in it, and the order they are shown in. Pure.
 */
import type { Outcome } from '../operations/cleanup/outcomes.ts'
import type { Plan } from '../operations/cleanup/plan.ts'
import type { CleanupResult, NamedDataset } from '../operations/result.ts'
import { inert, inertHtml } from './inert.ts'

export interface DatasetView extends NamedDataset {
  /** Versions listed; undefined when the listing failed. */
  readonly scanned?: number
  /** Why the dataset could not be listed. */
  readonly error?: string
  /** Its candidates' outcomes, oldest first. */
  readonly outcomes: readonly Outcome[]
  /** Versions deleted, or in a dry run to be deleted. */
  readonly acted: number
  /** Bytes those free. */
  readonly bytes: bigint
  readonly failed: number
  readonly notAttempted: number
  /** Eligible versions over maxDeletions, left for later runs. */
  readonly deferred: number
}

/** Bytes the candidates of a plan would free (versions whose size is unknown count as none). */
export function candidateBytes(plan: Plan): bigint {
  return plan.candidates.reduce((sum, d) => sum + BigInt(d.version.usageBytes ?? 0), 0n)
}

/** Versions deleted (or to be deleted in a dry run) and the bytes they free, run-wide. */
export function actedOn(result: CleanupResult): { count: number; bytes: bigint } {
  return result.settings.dryRun
    ? { count: result.plan.candidates.length, bytes: candidateBytes(result.plan) }
    : { count: result.tally.deleted.length, bytes: result.tally.freedBytes }
}

/** Whether a dataset has something a reader must look at: failures, no listing, a stopped run. */
export function needsAttention(view: DatasetView): boolean {
  return view.error !== undefined || view.failed > 0 || view.notAttempted > 0
}

/** Whether there was anything to delete in a dataset (now or later) or anything went wrong. */
export function hadWork(view: DatasetView): boolean {
  return view.outcomes.length > 0 || view.deferred > 0 || needsAttention(view)
}

/**
 * Every dataset of the run, those that need attention first, then by the bytes they free, the
 * most first (equal ones by ID, so the order never depends on the listing).
 */
export function datasetViews(result: CleanupResult): DatasetView[] {
  const dry = result.settings.dryRun
  const outcomes = new Map<string, Outcome[]>()
  const only = result.datasets.length === 1 ? result.datasets[0]!.datasetId : undefined
  for (const outcome of result.outcomes) {
    const id = outcome.decision.datasetId ?? only ?? ''
    const list = outcomes.get(id)
    if (list === undefined) outcomes.set(id, [outcome])
    else list.push(outcome)
  }
  const views: DatasetView[] = [
    ...result.datasets.map(d => ({
      datasetId: d.datasetId,
      ...(d.name !== undefined && { name: d.name }),
      scanned: d.scanned,
      outcomes: outcomes.get(d.datasetId) ?? [],
      acted: dry ? d.plan.candidates.length : d.tally.deleted.length,
      bytes: dry ? candidateBytes(d.plan) : d.tally.freedBytes,
      failed: d.tally.failed.length,
      notAttempted: d.tally.notAttempted.length,
      deferred: d.plan.deferred.length
    })),
    ...result.unlisted.map(u => ({
      ...u,
      outcomes: [],
      acted: 0,
      bytes: 0n,
      failed: 0,
      notAttempted: 0,
      deferred: 0
    }))
  ]
  return views.sort(
    (a, b) =>
      Number(needsAttention(b)) - Number(needsAttention(a)) ||
      (a.bytes === b.bytes ? 0 : a.bytes > b.bytes ? -1 : 1) ||
      b.acted - a.acted ||
      (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0)
  )
}

/** "`team-a` (`dsa1b2c3`)", or the ID alone when the name is not known. */
export function datasetLabel(dataset: NamedDataset): string {
  return dataset.name === undefined
    ? inert(dataset.datasetId)
    : `${inert(dataset.name)} (${inert(dataset.datasetId)})`
}

/** The same inside raw HTML (a `<summary>`). */
export function datasetLabelHtml(dataset: NamedDataset): string {
  return dataset.name === undefined
    ? inertHtml(dataset.datasetId)
    : `${inertHtml(dataset.name)} (${inertHtml(dataset.datasetId)})`
}
