import { collectDatasets } from '../paperspace/paging.ts'
import type { DatasetsSettings } from '../interface/settings.ts'
import type { OperationContext } from './context.ts'
import type { DatasetsResult } from './result.ts'

/** Lists the private datasets the key can see, every page, up to `limit`, oldest first. */
export async function datasets(
  settings: DatasetsSettings,
  { client, log }: OperationContext
): Promise<DatasetsResult> {
  const listing = await collectDatasets(client, settings.limit, log)
  log.info(
    `Listed ${listing.items.length} dataset(s) in ${listing.pages} request(s)` +
      (listing.hasMore ? `; more remain beyond limit ${settings.limit}` : '')
  )
  return { kind: 'datasets', datasets: listing.items, hasMore: listing.hasMore }
}
