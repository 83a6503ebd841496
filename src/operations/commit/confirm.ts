/**
 * Commits a version and makes sure it is committed. The PUT's answer is trusted only when it says
 * `isCommitted: true`; when it says otherwise, was lost (reset, timeout, 5xx) or was refused (a
 * retried PUT finding the version already committed), the version is read back and what the API
 * holds decides.
 */
import { CancelledError } from '../../shared/cancel.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import { isObject, sameJson } from '../../shared/json.ts'
import type { Log } from '../../shared/log.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import type { VersionChanges } from '../../interface/settings.ts'

export interface Commit {
  readonly version: DatasetVersion
  /** The PUT's answer did not confirm the commit; a read did. */
  readonly confirmedByRead: boolean
}

/** PUTs `changes` with `isCommitted: true`; throws unless the version ends up committed. */
export async function commitConfirmed(
  client: PaperspaceClient,
  datasetId: string,
  id: string,
  changes: VersionChanges,
  log: Log
): Promise<Commit> {
  let answer: DatasetVersion | undefined
  let failure: ApiError | undefined
  try {
    answer = await client.updateVersion(datasetId, id, { ...changes, isCommitted: true })
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    failure = error
  }
  if (answer?.isCommitted === true) return { version: answer, confirmedByRead: false }

  const why =
    failure === undefined
      ? 'the PUT answered isCommitted: false'
      : `the PUT failed (${failure.message})`
  log.info(`The commit of version ${id} is not confirmed: ${why}; reading the version back`)
  let current: DatasetVersion
  try {
    current = await client.getVersion(datasetId, id)
  } catch (error) {
    if (error instanceof CancelledError) throw error
    throw new ActionError(
      `Could not confirm the commit of version ${id}: ${why}, and reading it back failed: ${messageOf(error)}`
    )
  }
  if (!current.isCommitted) {
    throw new ActionError(
      `Version ${id} is not committed: ${why}, and reading it back shows isCommitted: false`
    )
  }
  // A refused PUT changed nothing: committed by an earlier attempt, but maybe without the fields.
  const refused = failure?.status !== undefined && failure.status >= 400 && failure.status < 500
  if (refused && fieldsNotHeld(current, changes).length > 0) {
    throw new ActionError(
      `Version ${id} is committed, but not with the ${Object.keys(changes).join(', ')} given: ${why}`
    )
  }
  log.info(`Version ${id} is committed (confirmed by reading it back)`)
  return { version: current, confirmedByRead: true }
}

/**
 * The given fields the version does not hold: `message`, `tags` (as a set) and `metadata` (each
 * given key but those in `except`, compared as JSON whatever the order of its keys).
 */
export function fieldsNotHeld(
  version: DatasetVersion,
  changes: VersionChanges,
  except: readonly string[] = []
): ('message' | 'tags' | 'metadata')[] {
  const differ: ('message' | 'tags' | 'metadata')[] = []
  if (changes.message !== undefined && version.message !== changes.message) differ.push('message')
  if (changes.tags !== undefined) {
    const tags = new Set(version.tags)
    if (tags.size !== changes.tags.length || !changes.tags.every(t => tags.has(t))) {
      differ.push('tags')
    }
  }
  if (changes.metadata !== undefined) {
    const held = isObject(version.metadata) ? version.metadata : {}
    const same = Object.entries(changes.metadata).every(
      ([key, value]) => except.includes(key) || sameJson(held[key], value)
    )
    if (!same) differ.push('metadata')
  }
  return differ
}
