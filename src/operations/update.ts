import type { UpdateSettings } from '../settings.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import type { VersionResult } from './result.ts'

/** Sets the given fields in one PUT; with `commit`, commits in the same request. */
export async function update(
  client: PaperspaceClient,
  settings: UpdateSettings,
  log: Log
): Promise<VersionResult> {
  const fields = { ...settings.changes, ...(settings.commit && { isCommitted: true }) }
  const version = await client.updateVersion(settings.datasetId, settings.version, fields)
  log.info(`Updated version ${version.version} (${Object.keys(fields).join(', ')})`)
  return {
    kind: 'version',
    datasetId: settings.datasetId,
    outcome: settings.commit ? 'updated-and-committed' : 'updated',
    version
  }
}
