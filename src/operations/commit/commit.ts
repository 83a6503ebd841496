import type { CommitSettings } from '../../interface/settings.ts'
import { Inputs } from '../../interface/names.ts'
import { commitConfirmed } from './confirm.ts'
import type { OperationContext } from '../context.ts'
import type { VersionResult } from '../result.ts'

/**
 * Commits a version: reads it first and, if it is already committed, succeeds without writing
 * (committing is one-way, so a re-run of the same workflow is harmless). Otherwise one PUT sets
 * `isCommitted` together with any message, tags or metadata given, and the commit is confirmed
 * (see `confirm.ts`).
 */
export async function commit(
  settings: CommitSettings,
  { client, log }: OperationContext
): Promise<VersionResult> {
  const result = { kind: 'version', datasetId: settings.datasetId } as const
  const current = await client.getVersion(settings.datasetId, settings.version)
  if (current.isCommitted) {
    const given = Object.keys(settings.changes)
    log.info(`Version ${current.version} is already committed; nothing to do`)
    if (given.length > 0) {
      log.warning(
        `Version ${current.version} was already committed; not applied: ${given.join(', ')}. ` +
          `Use ${Inputs.operation}: update to change them`
      )
    }
    return { ...result, outcome: 'already-committed', version: current }
  }
  const { version, confirmedByRead } = await commitConfirmed(
    client,
    settings.datasetId,
    settings.version,
    settings.changes,
    log
  )
  log.info(`Committed version ${version.version}`)
  return { ...result, outcome: 'committed', version, ...(confirmedByRead && { confirmedByRead }) }
}
