/**
 * The step outputs of a result, as the strings the runner stores. Pure; `main.ts` writes them.
 * Every operation sets `datasetId` and `json`; what else depends on the kind of result.
 */
import { Outputs, type OutputName } from '../names.ts'
import type { Result } from '../operations/result.ts'
import type { DatasetVersion } from '../paperspace/types.ts'
import { cleanupReport } from './cleanup.ts'

export type OutputValues = Partial<Record<OutputName, string>>

/** GitHub stores an output of at most 1 MB. */
export const MAX_OUTPUT_BYTES = 1_000_000

/** The outputs too large for GitHub to keep, with their size in bytes. */
export function oversizedOutputs(values: OutputValues): { name: string; bytes: number }[] {
  return Object.entries(values)
    .map(([name, value]) => ({ name, bytes: Buffer.byteLength(value) }))
    .filter(output => output.bytes > MAX_OUTPUT_BYTES)
}

export function outputsFor(result: Result): OutputValues {
  switch (result.kind) {
    case 'version':
    case 'resolve':
    case 'wait':
      return { [Outputs.datasetId]: result.datasetId, ...versionOutputs(result.version) }
    case 'promote':
      return {
        [Outputs.datasetId]: result.datasetId,
        ...versionOutputs(result.version),
        [Outputs.moved]: JSON.stringify(result.moved)
      }
    case 'list':
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.versions]: JSON.stringify(result.versions),
        [Outputs.count]: String(result.versions.length),
        [Outputs.hasMore]: String(result.hasMore),
        [Outputs.nextPage]: result.nextPage ?? '',
        [Outputs.json]: JSON.stringify({
          datasetId: result.datasetId,
          count: result.versions.length,
          hasMore: result.hasMore,
          nextPage: result.nextPage,
          versions: result.versions
        })
      }
    case 'delete':
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.version]: result.version,
        [Outputs.json]: JSON.stringify({
          datasetId: result.datasetId,
          version: result.version,
          deleted: true,
          alreadyGone: result.alreadyGone
        })
      }
    case 'cleanup': {
      const t = result.tally
      return {
        [Outputs.datasetId]: result.datasetId,
        [Outputs.candidates]: JSON.stringify(result.plan.candidates.map(d => d.version.version)),
        [Outputs.deleted]: JSON.stringify(t.deleted),
        [Outputs.deletedCount]: String(t.deleted.length),
        [Outputs.remaining]: String(result.plan.deferred.length),
        [Outputs.failed]: JSON.stringify(t.failed),
        [Outputs.freedBytes]: String(t.freedBytes),
        [Outputs.json]: JSON.stringify(cleanupReport(result))
      }
    }
  }
}

function versionOutputs(version: DatasetVersion): OutputValues {
  return {
    [Outputs.version]: version.version,
    [Outputs.url]: version.url ?? '',
    [Outputs.isCommitted]: String(version.isCommitted),
    [Outputs.tags]: version.tags.join(','),
    [Outputs.usageBytes]: version.usageBytes ?? '',
    [Outputs.json]: JSON.stringify(version)
  }
}

/** How an output is shown in the log: long values are cut. */
export function outputLine(name: string, value: string): string {
  return `${name}: ${value.length > 200 ? `${value.slice(0, 200)}… (${value.length} characters)` : value}`
}
