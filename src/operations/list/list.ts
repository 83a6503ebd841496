import type { ListSettings } from '../../interface/settings.ts'
import type { Log } from '../../shared/log.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { collectTagged } from './merge.ts'
import { collectVersions } from '../../paperspace/paging.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import type { OperationContext } from '../context.ts'
import type { ListResult } from '../result.ts'

/**
 * Lists up to `limit` versions, paging through the API at most 120 at a time. With tags, only
 * versions carrying at least one of them, each checked here: what the API's `tags` filter means
 * is undocumented. One tag is one listing, as the API gives it; several are one listing per tag,
 * merged (see list/merge.ts), with a cursor of the action's own.
 */
export async function list(
  settings: ListSettings,
  { client, log }: OperationContext
): Promise<ListResult> {
  const { datasetId, tags } = settings
  const listing =
    tags.length > 1 || settings.resume !== undefined
      ? await collectTagged(
          client,
          {
            datasetId,
            limit: settings.limit,
            order: settings.order,
            tags,
            ...(settings.resume !== undefined && { resume: settings.resume })
          },
          log
        )
      : await collectOne(client, settings, log)
  log.info(
    `Listed ${listing.items.length} version(s) of ${datasetId}` +
      (tags.length > 0 ? ` carrying ${tags.length > 1 ? 'any of ' : ''}${tags.join(', ')}` : '') +
      ` in ${listing.pages} request(s)` +
      (listing.hasMore ? '; more remain (see the nextPage output)' : '')
  )
  if (listing.dropped > 0) {
    log.info(
      `Left out ${listing.dropped} version(s) the API listed for a tag they do not carry ` +
        '(its tags filter does not match them as asked)'
    )
  }
  return {
    kind: 'list',
    datasetId,
    versions: listing.items,
    hasMore: listing.hasMore,
    nextPage: listing.nextPage,
    pages: listing.pages
  }
}

/** Without tags, or with one: a single listing, its versions checked to carry the tag. */
async function collectOne(client: PaperspaceClient, settings: ListSettings, log: Log) {
  const [tag] = settings.tags
  let dropped = 0
  const carriesTag = (version: DatasetVersion) => {
    if (tag === undefined || version.tags.includes(tag)) return true
    dropped++
    return false
  }
  const listing = await collectVersions(
    client,
    settings.datasetId,
    {
      limit: settings.limit,
      order: settings.order,
      ...(tag !== undefined && { tags: [tag] }),
      ...(settings.after !== undefined && { after: settings.after })
    },
    log,
    carriesTag
  )
  return { ...listing, dropped }
}
