/**
 * Figure 3, listing 10,000 versions at the run's latency: `list` with limit 10000, and a cleanup
 * dry run of the same dataset, which lists everything before it plans. Both must take exactly
 * ceil(10000/120) = 84 list requests, one after another (the dry run one more: it reads the
 * dataset's name for its plan file); `list` must stay near 84 x latency, and the dry run's time is
 * shown beside it.
 */
import { startEmulator } from '../../emulator/server.ts'
import { historyDataset, listRequests } from './datasets.ts'
import type { Figure } from './figures.ts'
import { floorFigures } from './floor.ts'
import { expect, measureAction } from './measure.ts'

export interface ListingOptions {
  readonly total: number
  readonly latencyMs: number
}

/** What the action says when an output is left unset for GitHub's 1 MB per output. */
const OVERSIZED = 'larger than the 1 MB GitHub allows for one output'

export async function listingFigures(options: ListingOptions): Promise<Figure[]> {
  const { total, latencyMs } = options
  const section = `3. Listing ${total} versions, ${latencyMs} ms per request`
  const pages = listRequests(total)
  const figures: Figure[] = []
  const cases: {
    id: string
    label: string
    inputs: Record<string, string>
    /** The most time / floor may be; none for a ratio shown for context. */
    limit?: number
    /** Requests beside the listing: the dry run reads its dataset's name for the plan file. */
    extra: number
    check: (outputs: Record<string, string>) => boolean
  }[] = [
    {
      id: 'list',
      label: `list, limit ${total}`,
      inputs: { operation: 'list', limit: String(total), order: 'asc' },
      limit: 1.1,
      extra: 0,
      check: (outputs: Record<string, string>) => outputs.count === String(total)
    },
    {
      id: 'dryRun',
      label: 'cleanup dry run',
      inputs: { operation: 'cleanup', olderThan: '1d', maxDeletions: '10000', dryRun: 'true' },
      extra: 1,
      check: (outputs: Record<string, string>) => outputs.deletedCount === '0'
    }
  ]
  for (const c of cases) {
    const emulator = await startEmulator({ latencyMs })
    try {
      const datasetId = historyDataset(emulator, total)
      const m = await measureAction(emulator, latencyMs, { datasetId, ...c.inputs })
      const oversized = m.run.stdout.includes(OVERSIZED)
      // The step succeeds whatever the size; the result file holds every version.
      expect(
        c.check(m.run.outputs) && m.run.exitCode === 0 && m.run.resultFile !== undefined,
        `${c.label} did not do what was asked`,
        m.run
      )
      figures.push(
        {
          id: `listing.${c.id}.requests`,
          section,
          label: `${c.label}: requests`,
          value: m.requests,
          unit: 'requests',
          budget: { op: '==', limit: pages + c.extra }
        },
        ...floorFigures({
          id: `listing.${c.id}`,
          section,
          label: c.label,
          run: m,
          critical: pages + c.extra,
          latencyMs,
          ...(c.limit !== undefined && { limit: c.limit }),
          ...(oversized && {
            note: 'the versions output is over 1 MB, so it is left unset; the result file holds all of them'
          })
        })
      )
    } finally {
      await emulator.close()
    }
  }
  return figures
}
