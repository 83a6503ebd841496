import type { GetSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { VersionResult } from './result.ts'

/** Reads one version. */
export async function get(
  settings: GetSettings,
  { client, log }: OperationContext
): Promise<VersionResult> {
  const version = await client.getVersion(settings.datasetId, settings.version)
  log.info(`Version ${version.version} is ${version.isCommitted ? 'committed' : 'not committed'}`)
  return { kind: 'version', datasetId: settings.datasetId, outcome: 'fetched', version }
}
