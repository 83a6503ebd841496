/**
 * The typed settings each operation receives: the contract between reading inputs (`inputs/`) and
 * doing the work (`operations/`). Frozen once parsed; nothing below `main.ts` reads inputs itself.
 */
import type { CleanupRules } from './cleanup/plan.ts'
import type { InputName } from './names.ts'
import type { Connection } from './paperspace/client.ts'
import type { VersionFields } from './paperspace/types.ts'

export type { Connection }

/** Fields a create, update or commit may set from inputs. Absent means "leave as is". */
export type VersionChanges = Omit<VersionFields, 'isCommitted'>

interface Common {
  readonly connection: Connection
  readonly datasetId: string
  /** Inputs that were set but mean nothing to this operation (reported as warnings). */
  readonly ignored: readonly InputName[]
}

export interface ListSettings extends Common {
  readonly operation: 'list'
  readonly limit: number
  readonly after?: string
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
export interface CleanupSettings extends Common {
  readonly operation: 'cleanup'
  /** olderThan as given (e.g. "24h"), for reports; the rules hold it in milliseconds. */
  readonly olderThan: string
  readonly rules: CleanupRules
  readonly dryRun: boolean
  readonly concurrency: number
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
  | PromoteSettings
  | ResolveSettings
  | WaitSettings
