import type { ListSettings } from '../settings.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { collectVersions } from '../paperspace/listing.ts'
import type { ListResult } from './result.ts'

/** Lists up to `limit` versions, paging through the API at most 120 at a time. */
export async function list(
  client: PaperspaceClient,
  settings: ListSettings,
  log: Log
): Promise<ListResult> {
  const listing = await collectVersions(
    client,
    settings.datasetId,
    {
      limit: settings.limit,
      order: settings.order,
      ...(settings.tags.length > 0 && { tags: settings.tags }),
      ...(settings.after !== undefined && { after: settings.after })
    },
    log
  )
  log.info(
    `Listed ${listing.items.length} version(s) of ${settings.datasetId} in ${listing.pages} request(s)` +
      (listing.hasMore ? '; more remain (see the nextPage output)' : '')
  )
  return {
    kind: 'list',
    datasetId: settings.datasetId,
    versions: listing.items,
    hasMore: listing.hasMore,
    nextPage: listing.nextPage,
    pages: listing.pages
  }
}
