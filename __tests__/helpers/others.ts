import type { Emulator } from '../../emulator/server.ts'
import type { Version } from '../../emulator/store.ts'

/** The metadata of versions another job made: the versions without it are the action's. */
const BY_OTHERS = { by: 'another job' }

/** Versions another job makes, `count` of them, dated after every version made so far. */
export function othersMade(emulator: Emulator, datasetId: string, count: number): void {
  emulator.store.seedVersions(
    datasetId,
    Array.from({ length: count }, (_, i) => ({ ageMs: -(i + 1), metadata: BY_OTHERS }))
  )
}

/** The same, made just before the dataset's versions are next listed (a create's search). */
export function othersMadeBeforeTheSearch(
  emulator: Emulator,
  datasetId: string,
  count: number
): void {
  emulator.inject({
    method: 'GET',
    path: `/datasets/${datasetId}/versions`,
    before: () => othersMade(emulator, datasetId, count)
  })
}

/** The dataset's versions other than those `othersMade` made. */
export function notOthers(emulator: Emulator, datasetId: string): Version[] {
  return emulator.store.versions(datasetId).filter(v => v.metadata?.by !== BY_OTHERS.by)
}
