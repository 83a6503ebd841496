/**
 * Figure 4, scale: a cleanup dry run over 100,000 versions at the run's latency. The budgets are
 * on the action's own CPU time and peak memory; the wall time is shown beside them against its
 * latency floor (every page waits for the one before), with the emulator's CPU time.
 */
import { startEmulator } from '../../emulator/server.ts'
import { historyDataset, listRequests } from './datasets.ts'
import type { Figure } from './figures.ts'
import { floorMs } from './floor.ts'
import { expect, measureAction } from './measure.ts'

export interface ScaleOptions {
  readonly total: number
  readonly latencyMs: number
  /** Whether the budgets apply (they are set for 100,000 versions). */
  readonly judged: boolean
}

export async function scaleFigures(options: ScaleOptions): Promise<Figure[]> {
  const { total, latencyMs } = options
  const section = `4. Cleanup dry run over ${total} versions, ${latencyMs} ms per request`
  const emulator = await startEmulator({ latencyMs })
  try {
    const datasetId = historyDataset(emulator, total)
    const m = await measureAction(emulator, latencyMs, {
      operation: 'cleanup',
      datasetId,
      olderThan: '1d',
      maxDeletions: '10000',
      dryRun: 'true'
    })
    expect(m.run.exitCode === 0 && m.run.outputs.deletedCount === '0', 'the dry run failed', m.run)
    const pages = listRequests(total)
    // One more than the listing: the dry run reads its dataset's name for the plan file.
    expect(
      m.requests === pages + 1,
      `the dry run made ${m.requests} requests, not ${pages + 1}`,
      m.run
    )
    const unjudged = options.judged ? {} : { note: 'budget set for 100,000 versions; not judged' }
    const floor = floorMs(pages + 1, latencyMs)
    return [
      {
        id: 'scale.cpuS',
        section,
        label: 'action CPU time',
        value: m.usage.cpuMs / 1000,
        unit: 's',
        ...(options.judged && { budget: { op: '<=', limit: 3 } }),
        note: `${((m.usage.cpuMs * 1000) / total).toFixed(1)} µs per version`
      },
      {
        id: 'scale.peakRssMb',
        section,
        label: 'action peak RSS',
        value: m.usage.peakRssMb,
        unit: 'MB',
        ...(options.judged && { budget: { op: '<=', limit: 300 } }),
        ...unjudged
      },
      {
        id: 'scale.wallS',
        section,
        label: `wall time (${pages + 1} requests)`,
        value: m.run.durationMs / 1000,
        unit: 's',
        note:
          `${(m.spanMs / floor).toFixed(2)}x the floor of ${(floor / 1000).toFixed(2)} s ` +
          `(first request to last answer ${(m.spanMs / 1000).toFixed(2)} s); ` +
          `emulator CPU ${(m.emulatorCpuMs / 1000).toFixed(2)} s ` +
          `(${((100 * m.emulatorCpuMs) / m.run.durationMs).toFixed(0)}% of the wall time), ` +
          `${(m.emulatorCpuMs / pages).toFixed(1)} ms per page`
      }
    ]
  } finally {
    await emulator.close()
  }
}
