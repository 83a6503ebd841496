/**
 * How the action recognises versions it created itself: every create writes a fresh token (and
 * the idempotencyKey input, when given) into the version's metadata under the action's own key.
 * A create whose answer was lost is found again by its token; a re-run with the same
 * idempotencyKey finds the version an earlier run made. Pure.
 */
import { randomUUID } from 'node:crypto'
import type { DatasetVersion } from '../../paperspace/types.ts'
import { isObject } from '../../shared/json.ts'

/** Metadata key the action owns, beside the provenance key `github`. */
export const ACTION_METADATA_KEY = 'paperspaceDatasetVersions'

/** What the action writes under ACTION_METADATA_KEY on create. */
export interface CreateMarks {
  /** Unique to one create (kept across its retries). */
  readonly token: string
  readonly idempotencyKey?: string
}

export function newToken(): string {
  return randomUUID()
}

/**
 * The user's metadata with the marks added. The user's keys win everywhere except inside the
 * action's own key: when the user gives an object there, its fields are kept and `token` and
 * `idempotencyKey` are set beside them (overriding fields of the same name), so the marks
 * always survive. A non-object value there is rejected as input (see `interface/inputs.ts`).
 */
export function markMetadata(
  metadata: Readonly<Record<string, unknown>>,
  marks: CreateMarks
): Record<string, unknown> {
  const given = metadata[ACTION_METADATA_KEY]
  return {
    ...metadata,
    [ACTION_METADATA_KEY]: { ...(isObject(given) ? given : {}), ...marks }
  }
}

/** Whether the version's metadata carries `value` as this mark. */
export function carries(version: DatasetVersion, mark: keyof CreateMarks, value: string): boolean {
  const own = version.metadata?.[ACTION_METADATA_KEY]
  return isObject(own) && own[mark] === value
}

/** Where a create's token is found on its version, for messages that name it. */
export function tokenPlace(token: string): string {
  return `metadata ${ACTION_METADATA_KEY}.token ${token}`
}
