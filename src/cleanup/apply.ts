/**
 * Carries out a cleanup plan. Each candidate is read again just before its DELETE, because another
 * job may have committed, changed or protected it since the listing; such a version is skipped.
 * A 404 means someone else deleted it first: gone, not a failure. Any other failure is recorded and
 * the remaining deletions go on. In a dry run nothing is requested at all.
 */
import { messageOf } from '../errors.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { ApiError } from '../paperspace/errors.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { formatAge, formatBytes } from '../report/format.ts'
import { keepReason, type CleanupRules, type Decision, type Plan } from './plan.ts'
import { mapConcurrent } from './pool.ts'

export type OutcomeStatus = 'would-delete' | 'deleted' | 'gone' | 'skipped' | 'failed'

export interface Outcome {
  readonly decision: Decision
  readonly status: OutcomeStatus
  /** Why it was skipped, or the error that failed it; the plan's reason otherwise. */
  readonly detail: string
  /** Bytes the deletion freed (the version's usageBytes); 0 unless deleted. */
  readonly freedBytes: bigint
}

export interface ApplyOptions {
  readonly dryRun: boolean
  readonly concurrency: number
  readonly rules: CleanupRules
  readonly now: () => number
}

export async function applyPlan(
  client: PaperspaceClient,
  datasetId: string,
  plan: Plan,
  options: ApplyOptions,
  log: Log
): Promise<Outcome[]> {
  if (options.dryRun) {
    for (const d of plan.candidates) log.info(`would delete ${d.version.version}: ${d.reason}`)
    return plan.candidates.map(decision => outcome(decision, 'would-delete', decision.reason))
  }
  return mapConcurrent(plan.candidates, options.concurrency, async decision => {
    try {
      return await deleteOne(client, datasetId, decision, options, log)
    } catch (error) {
      return outcome(decision, 'failed', messageOf(error))
    }
  })
}

async function deleteOne(
  client: PaperspaceClient,
  datasetId: string,
  decision: Decision,
  options: ApplyOptions,
  log: Log
): Promise<Outcome> {
  const id = decision.version.version
  let current: DatasetVersion
  try {
    current = await client.getVersion(datasetId, id)
  } catch (error) {
    return failedOrGone(decision, error, log)
  }
  const changed = recheck(decision.version, current, options.now(), options.rules)
  if (changed !== undefined) {
    log.info(`skipped ${id}: ${changed}`)
    return outcome(decision, 'skipped', changed)
  }
  try {
    await client.deleteVersion(datasetId, id)
  } catch (error) {
    return failedOrGone(decision, error, log)
  }
  const freed = BigInt(current.usageBytes ?? 0)
  log.info(`deleted ${id} (${formatBytes(freed)}, ${formatAge(decision.ageMs)} old)`)
  return outcome(decision, 'deleted', decision.reason, freed)
}

/** What changed since the listing that now forbids the deletion, if anything. */
function recheck(
  listed: DatasetVersion,
  current: DatasetVersion,
  nowMs: number,
  rules: CleanupRules
) {
  if (current.isCommitted) return 'committed since the listing'
  if (current.dtModified !== listed.dtModified) return 'modified since the listing'
  const keep = keepReason(current, nowMs - Date.parse(current.dtModified), rules)
  return keep === undefined ? undefined : `${keep.reason} (on a fresh read)`
}

function failedOrGone(decision: Decision, error: unknown, log: Log): Outcome {
  const id = decision.version.version
  if (error instanceof ApiError && error.status === 404) {
    log.info(`${id} was already gone: deleted by someone else`)
    return outcome(decision, 'gone', 'already deleted by someone else')
  }
  const message = messageOf(error)
  log.warning(`could not delete ${id}: ${message}`)
  return outcome(decision, 'failed', message)
}

function outcome(
  decision: Decision,
  status: OutcomeStatus,
  detail: string,
  freedBytes = 0n
): Outcome {
  return { decision, status, detail, freedBytes }
}

export interface Tally {
  readonly deleted: readonly string[]
  readonly gone: readonly string[]
  readonly skipped: readonly string[]
  readonly failed: readonly { readonly version: string; readonly error: string }[]
  readonly freedBytes: bigint
}

/** Outcomes grouped by what happened, in candidate order. */
export function tally(outcomes: readonly Outcome[]): Tally {
  const ids = (status: OutcomeStatus) =>
    outcomes.filter(o => o.status === status).map(o => o.decision.version.version)
  return {
    deleted: ids('deleted'),
    gone: ids('gone'),
    skipped: ids('skipped'),
    failed: outcomes
      .filter(o => o.status === 'failed')
      .map(o => ({ version: o.decision.version.version, error: o.detail })),
    freedBytes: outcomes.reduce((sum, o) => sum + o.freedBytes, 0n)
  }
}
