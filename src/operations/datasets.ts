import type { Log } from '../shared/log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { collectDatasets } from '../paperspace/paging.ts'
import type { DatasetsSettings } from '../interface/settings.ts'
import type { DatasetsResult } from './result.ts'

/** Lists the private datasets the key can see, every page, up to `limit`, oldest first. */
export async function datasets(
  client: PaperspaceClient,
  settings: DatasetsSettings,
  log: Log
): Promise<DatasetsResult> {
  const listing = await collectDatasets(client, settings.limit, log)
  log.info(
    `Listed ${listing.items.length} dataset(s) in ${listing.pages} request(s)` +
      (listing.hasMore ? `; more remain beyond limit ${settings.limit}` : '')
  )
  return { kind: 'datasets', datasets: listing.items, hasMore: listing.hasMore }
}
