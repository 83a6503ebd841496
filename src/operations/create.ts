import { messageOf } from '../errors.ts'
import type { CreateSettings } from '../settings.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import type { VersionFields } from '../paperspace/types.ts'
import { defaultMessage, provenanceMetadata, type RunContext } from '../provenance.ts'
import type { VersionResult } from './result.ts'

/**
 * Creates a version (POST, never retried once sent: a replay could leave a duplicate) and, with
 * `commit`, commits it. If the commit fails the created version is still reported, so a later
 * step can retry the commit or delete it.
 */
export async function create(
  client: PaperspaceClient,
  settings: CreateSettings,
  run: RunContext,
  log: Log
): Promise<VersionResult> {
  const fields = createFields(settings, run)
  const created = await client.createVersion(settings.datasetId, fields)
  log.info(`Created version ${created.version} of ${settings.datasetId}`)
  const result = { kind: 'version', datasetId: settings.datasetId } as const
  if (!settings.commit) return { ...result, outcome: 'created', version: created }
  try {
    const committed = await client.updateVersion(settings.datasetId, created.version, {
      isCommitted: true
    })
    log.info(`Committed version ${committed.version}`)
    return { ...result, outcome: 'created-and-committed', version: committed }
  } catch (error) {
    return {
      ...result,
      outcome: 'created',
      version: created,
      failure: `Created version ${created.version}, but committing it failed: ${messageOf(error)}`
    }
  }
}

/** The create body: the user's fields, plus provenance unless turned off (the user's keys win). */
export function createFields(settings: CreateSettings, run: RunContext): VersionFields {
  const { changes } = settings
  if (!settings.provenance) return changes
  const message = changes.message ?? defaultMessage(run)
  return {
    ...changes,
    ...(message !== undefined && { message }),
    metadata: { ...provenanceMetadata(run), ...changes.metadata }
  }
}
