/**
 * Carries out a cleanup plan. Each candidate is read again just before its DELETE, because another
 * job may have committed, changed or protected it since the listing; such a version is skipped.
 * A 404 means someone else deleted it first: gone, not a failure. Any other failure is recorded and
 * the remaining deletions go on, unless the run has to stop:
 *   - after BREAKER_THRESHOLD failed deletions in a row the API is taken to be unavailable, so an
 *     outage is not made worse by hundreds more requests (the circuit breaker);
 *   - a 401 or 403 means the key no longer works, and every further request would be refused;
 *   - a cancelled workflow (the signal) starts nothing new.
 * Once stopped, no new deletion starts: candidates not yet started, and those read but not yet
 * deleted, are `not-attempted`. Deletions in flight finish and are reported as they end.
 * In a dry run nothing is requested at all.
 */
import { CancelledError } from '../../shared/cancel.ts'
import { messageOf } from '../../shared/errors.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import type { Outcome, SkipReason, StopReason } from './outcomes.ts'
import type { Decision, Keep, Plan } from './plan.ts'
import { mapConcurrent } from './pool.ts'

/** Failed deletions in a row (each after its own retries) that stop a cleanup. */
export const BREAKER_THRESHOLD = 5

/**
 * The rule that keeps a version as it reads now, if one does: a cleanup's rules (`keepRule`), or
 * for an applied plan file the protecting tags. A committed version is skipped before it is asked.
 */
export type KeptNow = (current: DatasetVersion, ageMs: number) => Keep | undefined

export interface ApplyOptions {
  readonly dryRun: boolean
  readonly concurrency: number
  readonly keptNow: KeptNow
  readonly now: () => number
  /** Told of each outcome as it happens (for progress lines). */
  readonly onOutcome?: (outcome: Outcome) => void
  /** Aborted when the run is cancelled: no deletion starts after that. */
  readonly signal?: AbortSignal
  /**
   * Failed deletions in a row before this plan, from the datasets cleaned earlier in the run: an
   * outage does not end where a dataset does, so neither does the count.
   */
  readonly failuresInARow?: number
}

/** Every candidate's outcome, in plan order, and why the run stopped early, if it did. */
export interface Deletions {
  readonly outcomes: Outcome[]
  readonly stop?: StopReason
  /** Failed deletions in a row at the end, for the next dataset's `failuresInARow`. */
  readonly failuresInARow: number
}

export async function applyPlan(
  client: PaperspaceClient,
  datasetId: string,
  plan: Plan,
  options: ApplyOptions
): Promise<Deletions> {
  const report = (outcome: Outcome): Outcome => {
    options.onOutcome?.(outcome)
    return outcome
  }
  let failuresInARow = options.failuresInARow ?? 0
  if (options.dryRun) {
    return {
      outcomes: plan.candidates.map(decision => report({ decision, status: 'would-delete' })),
      failuresInARow
    }
  }
  let stop: StopReason | undefined
  const stopped = (): boolean => {
    if (stop === undefined && options.signal?.aborted) stop = { cause: 'cancelled' }
    return stop !== undefined
  }
  const outcomes = await mapConcurrent(plan.candidates, options.concurrency, async decision => {
    if (stopped()) return report({ decision, status: 'not-attempted' })
    const { outcome, refused } = await deleteOne(client, datasetId, decision, options, stopped)
    if (outcome.status === 'failed') {
      failuresInARow++
      if (refused) stop ??= { cause: 'refused', error: outcome.error }
      else if (failuresInARow >= BREAKER_THRESHOLD) {
        stop ??= { cause: 'unavailable', failures: failuresInARow, error: outcome.error }
      }
    } else if (outcome.status !== 'not-attempted') {
      failuresInARow = 0
    }
    return report(outcome)
  })
  return { outcomes, ...(stop !== undefined && { stop }), failuresInARow }
}

async function deleteOne(
  client: PaperspaceClient,
  datasetId: string,
  decision: Decision,
  options: ApplyOptions,
  stopped: () => boolean
): Promise<{ outcome: Outcome; refused?: boolean }> {
  const id = decision.version.version
  try {
    const current = await client.getVersion(datasetId, id)
    const skip = recheck(decision.version, current, options.now(), options.keptNow)
    if (skip !== undefined) return { outcome: { decision, status: 'skipped', skip } }
    // The run may have stopped while this version was being read.
    if (stopped()) return { outcome: { decision, status: 'not-attempted' } }
    await client.deleteVersion(datasetId, id)
    return {
      outcome: { decision, status: 'deleted', freedBytes: BigInt(current.usageBytes ?? 0) }
    }
  } catch (error) {
    // The client refused to send it: the run was cancelled before this request started.
    if (error instanceof CancelledError) return { outcome: { decision, status: 'not-attempted' } }
    if (error instanceof ApiError && error.status === 404) {
      return { outcome: { decision, status: 'gone' } }
    }
    const refused = error instanceof ApiError && (error.status === 401 || error.status === 403)
    return { outcome: { decision, status: 'failed', error: messageOf(error) }, refused }
  }
}

/** What changed since the listing that now forbids the deletion, if anything. */
function recheck(
  listed: DatasetVersion,
  current: DatasetVersion,
  nowMs: number,
  keptNow: KeptNow
): SkipReason | undefined {
  if (current.isCommitted) return { change: 'committed' }
  const keep = keptNow(current, nowMs - Date.parse(current.dtModified))
  // Tagging a version modifies it too; the protecting tag is the reason worth telling.
  if (keep?.rule === 'protected') return { change: 'now-kept', keep }
  if (current.dtModified !== listed.dtModified) return { change: 'modified' }
  return keep === undefined ? undefined : { change: 'now-kept', keep }
}

/** Every dataset's deletions, in plan order, and why the run stopped early, if it did. */
export interface RunDeletions {
  readonly applied: ReadonlyMap<string, Deletions>
  readonly stop?: StopReason
}

/**
 * Carries out the plans of several datasets in turn under one breaker: once the run stops, no
 * candidate of a later dataset is attempted either.
 */
export async function applyPlans(
  client: PaperspaceClient,
  plans: ReadonlyMap<string, Plan>,
  options: Omit<ApplyOptions, 'failuresInARow'>
): Promise<RunDeletions> {
  const applied = new Map<string, Deletions>()
  let stop: StopReason | undefined
  let failuresInARow = 0
  for (const [datasetId, plan] of plans) {
    if (stop !== undefined) {
      applied.set(datasetId, {
        outcomes: plan.candidates.map(decision => ({ decision, status: 'not-attempted' })),
        failuresInARow
      })
      continue
    }
    const done = await applyPlan(client, datasetId, plan, { ...options, failuresInARow })
    applied.set(datasetId, done)
    stop = done.stop
    failuresInARow = done.failuresInARow
  }
  return { applied, ...(stop !== undefined && { stop }) }
}
