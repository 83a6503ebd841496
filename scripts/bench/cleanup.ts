/**
 * Figure 2, cleanup: 1,000 stale uncommitted versions among 2,000, every request answered after
 * the run's latency, at concurrency 1, 4, 8 and 16; each held to its latency floor, and the
 * default concurrency set beside a curl loop doing the same requests one at a time (for context).
 */
import { startEmulator } from '../../emulator/server.ts'
import { curlLoop } from './curl-loop.ts'
import { cleanupDataset, listRequests } from './datasets.ts'
import type { Figure } from './figures.ts'
import { cleanupCriticalPath, floorFigures } from './floor.ts'
import { expect, measureAction, type MeasuredRun } from './measure.ts'

export interface CleanupOptions {
  readonly total: number
  readonly eligible: number
  readonly latencyMs: number
  readonly concurrencies: readonly number[]
  /** Deletions the curl loop makes before its pace is extrapolated. */
  readonly curlSample: number
}

/** The action's default, the one compared with the curl loop. */
const DEFAULT_CONCURRENCY = 4

export async function cleanupFigures(options: CleanupOptions): Promise<Figure[]> {
  const { total, eligible, latencyMs } = options
  const section = `2. Cleanup: ${eligible} of ${total} versions, ${latencyMs} ms per request`
  const figures: Figure[] = []
  const walls = new Map<number, number>()
  for (const concurrency of options.concurrencies) {
    const m = await runCleanup(options, concurrency)
    const critical = cleanupCriticalPath(listRequests(total), eligible, concurrency)
    walls.set(concurrency, m.run.durationMs)
    figures.push(
      ...floorFigures({
        id: `cleanup.c${concurrency}`,
        section,
        label: `concurrency ${concurrency}`,
        run: m,
        critical,
        latencyMs,
        limit: 1.15
      })
    )
  }

  if (walls.has(DEFAULT_CONCURRENCY) && options.curlSample > 0) {
    const emulator = await startEmulator({ latencyMs })
    try {
      const datasetId = cleanupDataset(emulator, total, eligible)
      const curl = await curlLoop(emulator, datasetId, options.curlSample)
      const curlMs = curl.estimateMs(eligible)
      const actionMs = walls.get(DEFAULT_CONCURRENCY)!
      figures.push({
        id: 'cleanup.curlSpeedup',
        section,
        label: `concurrency ${DEFAULT_CONCURRENCY} (default) vs a curl loop: speed-up`,
        value: curlMs / actionMs,
        unit: 'x',
        note:
          `curl loop ${(curlMs / 1000).toFixed(1)} s (listing ${(curl.listMs / 1000).toFixed(2)} s, then ` +
          `${curl.perDeletionMs.toFixed(1)} ms per deletion measured over ${curl.sampled} and extrapolated to ` +
          `${eligible}); action ${(actionMs / 1000).toFixed(2)} s wall, start-up included`
      })
    } finally {
      await emulator.close()
    }
  }
  return figures
}

async function runCleanup(options: CleanupOptions, concurrency: number): Promise<MeasuredRun> {
  const emulator = await startEmulator({ latencyMs: options.latencyMs })
  try {
    const datasetId = cleanupDataset(emulator, options.total, options.eligible)
    const m = await measureAction(emulator, options.latencyMs, {
      operation: 'cleanup',
      datasetId,
      olderThan: '1d',
      maxDeletions: String(options.eligible),
      concurrency: String(concurrency)
    })
    const expected = listRequests(options.total) + 2 * options.eligible
    expect(
      m.run.exitCode === 0 && m.run.outputs.deletedCount === String(options.eligible),
      `cleanup at concurrency ${concurrency} did not delete all ${options.eligible}`,
      m.run
    )
    expect(
      m.requests === expected,
      `cleanup made ${m.requests} requests, expected ${expected}`,
      m.run
    )
    return m
  } finally {
    await emulator.close()
  }
}
