/**
 * What an operation hands back: the facts that outputs and the job summary are rendered from.
 * A result that records a failure (a commit that failed after the create, deletions that failed)
 * fails the step after outputs and summary are written, so work which did happen is still reported.
 */
import type { Outcome, Tally } from '../cleanup/outcomes.ts'
import type { Plan } from '../cleanup/plan.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import type { CleanupSettings } from '../settings.ts'

export type VersionOutcome =
  | 'fetched'
  | 'created'
  | 'created-and-committed'
  | 'updated'
  | 'updated-and-committed'
  | 'committed'
  | 'already-committed'

export interface VersionResult {
  readonly kind: 'version'
  readonly datasetId: string
  readonly outcome: VersionOutcome
  readonly version: DatasetVersion
  /** Why the step fails although the version exists (e.g. its commit failed). */
  readonly failure?: string
}

export interface ListResult {
  readonly kind: 'list'
  readonly datasetId: string
  readonly versions: readonly DatasetVersion[]
  readonly hasMore: boolean
  readonly nextPage: string | null
  readonly pages: number
}

export interface DeleteResult {
  readonly kind: 'delete'
  readonly datasetId: string
  readonly version: string
  /** A retried DELETE found it gone: an earlier attempt deleted it. */
  readonly alreadyGone: boolean
}

export interface CleanupResult {
  readonly kind: 'cleanup'
  readonly datasetId: string
  readonly settings: CleanupSettings
  /** Versions in the listing, and the requests it took. */
  readonly scanned: number
  readonly listRequests: number
  readonly plan: Plan
  /** One per candidate, in plan order. */
  readonly outcomes: readonly Outcome[]
  readonly tally: Tally
  readonly durationMs: number
}

export type Result = VersionResult | ListResult | DeleteResult | CleanupResult
export type ResultKind = Result['kind']
