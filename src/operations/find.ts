/**
 * Looks for a version among the newest ones, page by page (newest first by dtCreated), within
 * bounds: a number of pages, and optionally a creation time to go back to. Used to find a
 * create's own version again (its answer was lost) and one an earlier run made.
 */
import { MAX_PAGE_SIZE, type PaperspaceClient } from '../paperspace/client.ts'
import { ListingError } from '../paperspace/listing.ts'
import type { DatasetVersion } from '../paperspace/types.ts'

export interface SearchBounds {
  readonly maxPages: number
  /** Stop once the listing reaches versions created before this (ms since the epoch). */
  readonly notBeforeMs?: number
}

export interface Search {
  readonly found?: DatasetVersion
  readonly pages: number
  /** How the search ended without a match: the listing's end, the time bound, the page bound. */
  readonly ended: 'found' | 'all' | 'window' | 'pages'
}

export async function findNewest(
  client: PaperspaceClient,
  datasetId: string,
  match: (version: DatasetVersion) => boolean,
  bounds: SearchBounds
): Promise<Search> {
  const inWindow = (v: DatasetVersion) =>
    bounds.notBeforeMs === undefined || Date.parse(v.dtCreated) >= bounds.notBeforeMs
  const cursors = new Set<string>()
  let after: string | undefined
  for (let pages = 1; pages <= bounds.maxPages; pages++) {
    const page = await client.listVersions(datasetId, {
      limit: MAX_PAGE_SIZE,
      order: 'desc',
      ...(after !== undefined && { after })
    })
    const found = page.items.find(v => inWindow(v) && match(v))
    if (found !== undefined) return { found, pages, ended: 'found' }
    if (!page.hasMore) return { pages, ended: 'all' }
    if (!page.items.every(inWindow)) return { pages, ended: 'window' }
    // Without a fresh cursor the search cannot go on, and must not claim it looked everywhere.
    if (page.nextPage === null || cursors.has(page.nextPage)) {
      throw new ListingError(
        `The listing is unusable: page ${pages} says more versions follow but gives no new cursor`
      )
    }
    cursors.add(page.nextPage)
    after = page.nextPage
  }
  return { pages: bounds.maxPages, ended: 'pages' }
}
