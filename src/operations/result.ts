/**
 * What an operation hands back: the facts that outputs and the job summary are rendered from.
 * A result that records a failure (a commit that failed after the create, deletions that failed)
 * fails the step after outputs and summary are written, so work which did happen is still reported.
 */
import type { Outcome, StopReason, Tally } from './cleanup/outcomes.ts'
import type { Plan } from './cleanup/plan.ts'
import type { CleanupPlanFile } from './cleanup/plan-file.ts'
import type { Dataset, DatasetVersion } from '../paperspace/types.ts'
import type { Move } from './promote/plan.ts'
import type { Duplicate } from './create/settle.ts'
import type { CleanupSettings } from '../interface/settings.ts'

export type VersionOutcome =
  | 'fetched'
  | 'created'
  | 'created-and-committed'
  | 'updated'
  | 'updated-and-committed'
  | 'committed'
  | 'already-committed'
  | 'adopted'
  | 'adopted-and-committed'

export interface VersionResult {
  readonly kind: 'version'
  readonly datasetId: string
  readonly outcome: VersionOutcome
  readonly version: DatasetVersion
  /** Why the step fails although the version exists (e.g. its commit failed). */
  readonly failure?: string
  /**
   * Create only: whether this step made the version (false: another run with the same
   * idempotencyKey did, earlier or at the same time, and it was adopted; the outcome is then
   * `adopted…`).
   */
  readonly created?: boolean
  /** Create only: the create's answer was lost and the version was found by its token. */
  readonly recovered?: boolean
  /**
   * Create only: versions this create made besides the one kept (it was sent more than once, or
   * another run with its idempotencyKey created first), and what became of each.
   */
  readonly duplicates?: readonly Duplicate[]
  /** Commit only: the PUT's answer did not confirm it, a read of the version did. */
  readonly confirmedByRead?: boolean
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

/** A dataset, and its name when the API gave one (a cleanup of `*` lists them with names). */
export interface NamedDataset {
  readonly datasetId: string
  readonly name?: string
}

/** One dataset's part of a cleanup. */
export interface DatasetCleanup extends NamedDataset {
  readonly scanned: number
  readonly listRequests: number
  readonly plan: Plan
  readonly tally: Tally
}

/**
 * A cleanup of one or several datasets. The top-level fields cover the whole run (for several
 * datasets: plans and outcomes of all of them, dataset after dataset); `datasets` breaks it down.
 */
export interface CleanupResult {
  readonly kind: 'cleanup'
  /** The dataset, or for several the IDs joined with commas. */
  readonly datasetId: string
  /** The run covers several datasets (a list or `*`): versions are named `datasetId:version`. */
  readonly several: boolean
  readonly datasets: readonly DatasetCleanup[]
  /** Datasets whose listing failed: nothing of them was deleted. */
  readonly unlisted: readonly (NamedDataset & { readonly error: string })[]
  /** With `*`: datasets the API listed as private that are not; nothing of them was read. */
  readonly notPrivate?: readonly NamedDataset[]
  readonly settings: CleanupSettings
  /** Versions in the listing, and the requests it took. */
  readonly scanned: number
  readonly listRequests: number
  readonly plan: Plan
  /** One per candidate, in plan order. */
  readonly outcomes: readonly Outcome[]
  readonly tally: Tally
  /** Why deletions stopped before the end of the plan (breaker, refused key, cancelled). */
  readonly stop?: StopReason
  readonly durationMs: number
  /** A dry run's plan, for the plan file and its review; absent in any other run. */
  readonly planFile?: CleanupPlanFile
}

export interface DatasetsResult {
  readonly kind: 'datasets'
  readonly datasets: readonly Dataset[]
  /** More datasets exist beyond the `limit` asked for. */
  readonly hasMore: boolean
  /** With the batches input: the dataset IDs in balanced groups, in listing order. */
  readonly batches?: readonly (readonly string[])[]
}

export interface PromoteResult {
  readonly kind: 'promote'
  readonly datasetId: string
  /** The promoted version as the API last returned it. */
  readonly version: DatasetVersion
  /** The alias tags moved to it. */
  readonly tags: readonly string[]
  /** True when this step committed the version before promoting it. */
  readonly committed: boolean
  /** True when it already carried the tags and no other version did: no tag was written. */
  readonly alreadyPromoted: boolean
  /** One per alias tag: the versions it was actually removed from. */
  readonly moved: readonly Move[]
  /** Why the step fails although some of the promotion happened. */
  readonly failure?: string
}

export interface ResolveResult {
  readonly kind: 'resolve'
  readonly datasetId: string
  /** The tags the version had to carry; empty for the newest committed version. */
  readonly tags: readonly string[]
  readonly version: DatasetVersion
  /** Versions read, and the list requests it took, to find it. */
  readonly scanned: number
  readonly listRequests: number
}

export interface WaitResult {
  readonly kind: 'wait'
  readonly datasetId: string
  readonly version: DatasetVersion
  /** Reads of the version, the last of which found it committed. */
  readonly polls: number
  readonly waitedMs: number
}

export type Result =
  | VersionResult
  | ListResult
  | DeleteResult
  | CleanupResult
  | DatasetsResult
  | PromoteResult
  | ResolveResult
  | WaitResult
export type ResultKind = Result['kind']
