import { LIMITS } from '../interface/inputs.ts'
import { collectDatasets } from '../paperspace/paging.ts'
import type { DatasetsSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { DatasetsResult } from './result.ts'

/**
 * Lists the private datasets the key can see, every page, up to `limit`, oldest first; with
 * `batches`, also splits their IDs into groups for a matrix. More datasets than it returns is a
 * warning: a fan-out built on the list would miss them.
 */
export async function datasets(
  settings: DatasetsSettings,
  { client, log }: OperationContext
): Promise<DatasetsResult> {
  const listing = await collectDatasets(client, settings.limit, log)
  const ids = listing.items.map(d => d.id)
  log.info(`Listed ${ids.length} dataset(s) in ${listing.pages} request(s)`)
  if (listing.hasMore) log.warning(moreRemain(settings))
  if (ids.length === 0) {
    // A matrix built on the outputs would then run no job, and say nothing either.
    log.warning(
      'Found no private dataset: every page of GET /datasets?privacy=PRIVATE listed none whose ' +
        'isPublic is false, so datasetIds and batches are empty. Check that the key belongs to the ' +
        'team that owns the datasets'
    )
  }
  return {
    kind: 'datasets',
    datasets: listing.items,
    hasMore: listing.hasMore,
    ...(settings.batches !== undefined && { batches: splitEvenly(ids, settings.batches) })
  }
}

/** What to do when more private datasets exist than the step returns. */
function moreRemain({ limit }: DatasetsSettings): string {
  const most = LIMITS.list.max
  if (limit < most) {
    return `More private datasets remain beyond limit ${limit}, and the outputs leave them out: leave limit out to list every one (up to ${most})`
  }
  return `More than ${most} private datasets: the outputs hold the oldest ${most} and leave the rest out; a cleanup with datasetId: '*' covers every one`
}

/**
 * `items` in at most `count` consecutive groups, in order, whose sizes differ by at most one;
 * no group is empty, so there are fewer groups when there are fewer items.
 */
export function splitEvenly<T>(items: readonly T[], count: number): T[][] {
  const groups = Math.min(count, items.length)
  if (groups === 0) return []
  const size = Math.floor(items.length / groups)
  const larger = items.length % groups
  const split: T[][] = []
  for (let g = 0, start = 0; g < groups; g++) {
    const end = start + size + (g < larger ? 1 : 0)
    split.push(items.slice(start, end))
    start = end
  }
  return split
}
