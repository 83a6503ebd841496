/**
 * What an operation hands back: the facts that outputs and the job summary are rendered from.
 * `failure`, when set, fails the step after outputs and summary are written, so that work which
 * did happen (a version created, some versions deleted) is still reported.
 */
import type { Outcome } from '../cleanup/apply.ts'
import type { Plan } from '../cleanup/plan.ts'
import type { CleanupSettings } from '../inputs.ts'
import type { DatasetVersion } from '../paperspace/types.ts'

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
  readonly failure?: string
}

export interface ListResult {
  readonly kind: 'list'
  readonly datasetId: string
  readonly versions: readonly DatasetVersion[]
  readonly hasMore: boolean
  readonly nextPage: string | null
  readonly pages: number
  readonly failure?: undefined
}

export interface DeleteResult {
  readonly kind: 'delete'
  readonly datasetId: string
  readonly version: string
  /** A retried DELETE found it gone: an earlier attempt deleted it. */
  readonly alreadyGone: boolean
  readonly failure?: undefined
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
  readonly durationMs: number
  readonly failure?: string
}

export type Result = VersionResult | ListResult | DeleteResult | CleanupResult
