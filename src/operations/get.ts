import type { GetSettings } from '../interface/settings.ts'
import type { Log } from '../shared/log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import type { VersionResult } from './result.ts'

export async function get(
  client: PaperspaceClient,
  settings: GetSettings,
  log: Log
): Promise<VersionResult> {
  const version = await client.getVersion(settings.datasetId, settings.version)
  log.info(`Version ${version.version} is ${version.isCommitted ? 'committed' : 'not committed'}`)
  return { kind: 'version', datasetId: settings.datasetId, outcome: 'fetched', version }
}
