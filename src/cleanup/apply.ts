/**
 * Carries out a cleanup plan. Each candidate is read again just before its DELETE, because another
 * job may have committed, changed or protected it since the listing; such a version is skipped.
 * A 404 means someone else deleted it first: gone, not a failure. Any other failure is recorded and
 * the remaining deletions go on. In a dry run nothing is requested at all.
 */
import { messageOf } from '../errors.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { ApiError } from '../paperspace/errors.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import type { Outcome, SkipReason } from './outcomes.ts'
import { keepRule, type CleanupRules, type Decision, type Plan } from './plan.ts'
import { mapConcurrent } from './pool.ts'

export interface ApplyOptions {
  readonly dryRun: boolean
  readonly concurrency: number
  readonly rules: CleanupRules
  readonly now: () => number
  /** Told of each outcome as it happens (for progress lines). */
  readonly onOutcome?: (outcome: Outcome) => void
}

export async function applyPlan(
  client: PaperspaceClient,
  datasetId: string,
  plan: Plan,
  options: ApplyOptions
): Promise<Outcome[]> {
  const report = (outcome: Outcome): Outcome => {
    options.onOutcome?.(outcome)
    return outcome
  }
  if (options.dryRun) {
    return plan.candidates.map(decision => report({ decision, status: 'would-delete' }))
  }
  return mapConcurrent(plan.candidates, options.concurrency, async decision =>
    report(await deleteOne(client, datasetId, decision, options))
  )
}

async function deleteOne(
  client: PaperspaceClient,
  datasetId: string,
  decision: Decision,
  options: ApplyOptions
): Promise<Outcome> {
  const id = decision.version.version
  try {
    const current = await client.getVersion(datasetId, id)
    const skip = recheck(decision.version, current, options.now(), options.rules)
    if (skip !== undefined) return { decision, status: 'skipped', skip }
    await client.deleteVersion(datasetId, id)
    return { decision, status: 'deleted', freedBytes: BigInt(current.usageBytes ?? 0) }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { decision, status: 'gone' }
    return { decision, status: 'failed', error: messageOf(error) }
  }
}

/** What changed since the listing that now forbids the deletion, if anything. */
function recheck(
  listed: DatasetVersion,
  current: DatasetVersion,
  nowMs: number,
  rules: CleanupRules
): SkipReason | undefined {
  if (current.isCommitted) return { change: 'committed' }
  if (current.dtModified !== listed.dtModified) return { change: 'modified' }
  const keep = keepRule(current, nowMs - Date.parse(current.dtModified), rules)
  return keep === undefined ? undefined : { change: 'now-kept', keep }
}
