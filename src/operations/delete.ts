import type { DeleteSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { DeleteResult } from './result.ts'

/** Deletes one version. A 404 on the first attempt fails (a wrong ID should not pass silently). */
export async function remove(
  settings: DeleteSettings,
  { client, log }: OperationContext
): Promise<DeleteResult> {
  const { alreadyGone } = await client.deleteVersion(settings.datasetId, settings.version)
  log.info(
    alreadyGone
      ? `Version ${settings.version} is gone: an earlier attempt deleted it before its answer was lost`
      : `Deleted version ${settings.version} of ${settings.datasetId}`
  )
  return { kind: 'delete', datasetId: settings.datasetId, version: settings.version, alreadyGone }
}
