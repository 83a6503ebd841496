/**
 * What happened to each candidate of a cleanup, and the tally of it all. Pure; the tally is made
 * once, by the operation, and travels on the result to outputs and summary.
 */
import type { Decision, Keep } from './plan.ts'

export type OutcomeStatus =
  'would-delete' | 'deleted' | 'gone' | 'skipped' | 'failed' | 'not-attempted'

/**
 * Why a cleanup stopped starting deletions before the end of its plan: the circuit breaker
 * (`failures` deletions in a row failed, the last with `error`), the API refusing the key
 * (401/403), or a cancelled workflow. Candidates left over are `not-attempted`.
 */
export type StopReason =
  | { readonly cause: 'unavailable'; readonly failures: number; readonly error: string }
  | { readonly cause: 'refused'; readonly error: string }
  | { readonly cause: 'cancelled' }

/** Why a candidate was not deleted after all, found on the read just before its DELETE. */
export type SkipReason =
  | { readonly change: 'committed' }
  | { readonly change: 'modified' }
  | { readonly change: 'now-kept'; readonly keep: Keep }

export type Outcome = { readonly decision: Decision } & (
  | { readonly status: 'would-delete' | 'gone' | 'not-attempted' }
  | { readonly status: 'deleted'; readonly freedBytes: bigint }
  | { readonly status: 'skipped'; readonly skip: SkipReason }
  | { readonly status: 'failed'; readonly error: string }
)

export interface Tally {
  readonly deleted: readonly string[]
  readonly gone: readonly string[]
  readonly skipped: readonly string[]
  readonly failed: readonly { readonly version: string; readonly error: string }[]
  /** Never started (or read but not deleted) because the run stopped early; left for later. */
  readonly notAttempted: readonly string[]
  /** Bytes the deletions freed (the deleted versions' usageBytes). */
  readonly freedBytes: bigint
}

/**
 * How a version is named in outputs: its ID, or `datasetId:version` (Paperspace's own notation)
 * when a run covers several datasets.
 */
export function versionRef(decision: Decision, qualified: boolean): string {
  const id = decision.version.version
  return qualified && decision.datasetId !== undefined ? `${decision.datasetId}:${id}` : id
}

/** Outcomes grouped by what happened, in candidate order; `qualified` as in `versionRef`. */
export function tally(outcomes: readonly Outcome[], qualified = false): Tally {
  const ref = (o: Outcome) => versionRef(o.decision, qualified)
  const ids = (status: OutcomeStatus) => outcomes.filter(o => o.status === status).map(ref)
  const failed: { version: string; error: string }[] = []
  let freedBytes = 0n
  for (const o of outcomes) {
    if (o.status === 'failed') failed.push({ version: ref(o), error: o.error })
    if (o.status === 'deleted') freedBytes += o.freedBytes
  }
  return {
    deleted: ids('deleted'),
    gone: ids('gone'),
    skipped: ids('skipped'),
    failed,
    notAttempted: ids('not-attempted'),
    freedBytes
  }
}
