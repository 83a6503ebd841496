import type { UpdateSettings } from '../interface/settings.ts'
import { commitConfirmed } from './commit/confirm.ts'
import type { OperationContext } from './context.ts'
import type { VersionResult } from './result.ts'

/** Sets the given fields in one PUT; with `commit`, commits in the same request and confirms it. */
export async function update(
  settings: UpdateSettings,
  { client, log }: OperationContext
): Promise<VersionResult> {
  const result = { kind: 'version', datasetId: settings.datasetId } as const
  const given = Object.keys(settings.changes)
  if (settings.commit) {
    const { version, confirmedByRead } = await commitConfirmed(
      client,
      settings.datasetId,
      settings.version,
      settings.changes,
      log
    )
    log.info(`Updated version ${version.version} (${[...given, 'isCommitted'].join(', ')})`)
    return {
      ...result,
      outcome: 'updated-and-committed',
      version,
      ...(confirmedByRead && { confirmedByRead })
    }
  }
  const version = await client.updateVersion(settings.datasetId, settings.version, settings.changes)
  log.info(`Updated version ${version.version} (${given.join(', ')})`)
  return { ...result, outcome: 'updated', version }
}
