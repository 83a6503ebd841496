/** The datasets the benchmarks run on, planted straight into the emulator's store. */
import { DAY, history } from '../../emulator/seed.ts'
import type { Emulator } from '../../emulator/server.ts'

/** `total` versions, the oldest `eligible` of them stale and uncommitted, the rest committed. */
export function cleanupDataset(emulator: Emulator, total: number, eligible: number): string {
  const datasetId = emulator.store.createDataset({ name: 'bench-cleanup' }).id
  emulator.store.seedVersions(
    datasetId,
    Array.from({ length: total }, (_, i) => ({
      ageMs: (2 + (i % 40)) * DAY + i * 1000,
      isCommitted: i >= eligible,
      message: `Training run #${i + 1}`,
      tags: i % 3 === 0 ? ['nightly'] : [],
      usageBytes: String(1024 ** 3)
    }))
  )
  return datasetId
}

/** `total` versions like a long-lived dataset's: spread over 60 days, half committed, some tagged. */
export function historyDataset(emulator: Emulator, total: number): string {
  const datasetId = emulator.store.createDataset({ name: 'bench-history' }).id
  emulator.store.seedVersions(
    datasetId,
    history({ count: total, spanMs: 60 * DAY, tags: [{ tag: 'nightly', share: 0.3 }] })
  )
  return datasetId
}

/** Requests a listing of `total` versions takes, at the API's 120 per page. */
export function listRequests(total: number): number {
  return Math.max(1, Math.ceil(total / 120))
}
