/**
 * The typed settings each operation receives: the contract between reading inputs (`inputs.ts`) and
 * doing the work (`operations/`). Frozen once parsed; nothing below `main.ts` reads inputs itself.
 */
import type { CleanupRules } from '../operations/cleanup/plan.ts'
import type { PlanToApply } from '../operations/cleanup/plan-file.ts'
import type { ResumePoint } from '../operations/list/cursor.ts'
import type { InputName } from './names.ts'
import type { Connection } from '../paperspace/http.ts'
import type { VersionFields } from '../paperspace/types.ts'

export type { Connection }

/** Fields a create, update or commit may set from inputs. Absent means "leave as is". */
export type VersionChanges = Omit<VersionFields, 'isCommitted'>

interface Connected {
  readonly connection: Connection
  /** Inputs that were set but mean nothing to this operation (reported as warnings). */
  readonly ignored: readonly InputName[]
}

/** Settings of an operation on one dataset. */
interface Common extends Connected {
  readonly datasetId: string
}

/** The datasets a cleanup covers: the given IDs, or every private dataset the key can see. */
export type DatasetTargets = { readonly all: true } | { readonly ids: readonly string[] }

/** Whether a cleanup covers several datasets (then versions are named `datasetId:version`). */
export function coversSeveral(targets: DatasetTargets): boolean {
  return 'all' in targets || targets.ids.length > 1
}

export interface ListSettings extends Common {
  readonly operation: 'list'
  readonly limit: number
  /** The after input as given: an API cursor, or with several tags the action's own. */
  readonly after?: string
  /** With several tags and `after`: where the earlier list stopped (see list/cursor.ts). */
  readonly resume?: ResumePoint
  readonly order: 'asc' | 'desc'
  readonly tags: readonly string[]
}
export interface GetSettings extends Common {
  readonly operation: 'get'
  readonly version: string
}
export interface CreateSettings extends Common {
  readonly operation: 'create'
  readonly changes: VersionChanges
  readonly commit: boolean
  readonly provenance: boolean
  /** Adopt the version an earlier run created with this key instead of making another. */
  readonly idempotencyKey?: string
}
export interface UpdateSettings extends Common {
  readonly operation: 'update'
  readonly version: string
  readonly changes: VersionChanges
  readonly commit: boolean
}
export interface CommitSettings extends Common {
  readonly operation: 'commit'
  readonly version: string
  readonly changes: VersionChanges
}
export interface DeleteSettings extends Common {
  readonly operation: 'delete'
  readonly version: string
}
export interface CleanupSettings extends Connected {
  readonly operation: 'cleanup'
  readonly targets: DatasetTargets
  /** olderThan as given (e.g. "24h"), for reports; the rules hold it in milliseconds. */
  readonly olderThan: string
  readonly rules: CleanupRules
  readonly dryRun: boolean
  readonly concurrency: number
  /** How old a plan may be to be applied: as given (e.g. "24h"), and in milliseconds. */
  readonly planMaxAge: string
  readonly planMaxAgeMs: number
  /** A plan file to apply: its versions are the candidates, not those of the rules. */
  readonly plan?: PlanToApply
}

export interface DatasetsSettings extends Connected {
  readonly operation: 'datasets'
  /** The limit input, or when it was left out the most it may be. */
  readonly limit: number
  /** Split the IDs into at most this many groups for a matrix (the batches output). */
  readonly batches?: number
}
export interface PromoteSettings extends Common {
  readonly operation: 'promote'
  readonly version: string
  /** The alias tags to move to the version; never empty. */
  readonly tags: readonly string[]
  /** Commit the version first when it is not committed yet. */
  readonly commit: boolean
}
export interface ResolveSettings extends Common {
  readonly operation: 'resolve'
  /** The version must carry every one of them; empty means any committed version. */
  readonly tags: readonly string[]
}
export interface WaitSettings extends Common {
  readonly operation: 'wait'
  readonly version: string
  /** waitTimeout as given (e.g. "15m"), for messages; `waitTimeoutMs` holds it in milliseconds. */
  readonly waitTimeout: string
  readonly waitTimeoutMs: number
}

export type Settings =
  | ListSettings
  | GetSettings
  | CreateSettings
  | UpdateSettings
  | CommitSettings
  | DeleteSettings
  | CleanupSettings
  | DatasetsSettings
  | PromoteSettings
  | ResolveSettings
  | WaitSettings
