/**
 * Walks a version listing page by page and refuses to hand back a listing it cannot trust:
 * a page that claims more versions but gives no cursor, a cursor seen before, a page larger
 * than asked for, or a run of empty pages that keep promising more all fail the walk instead of
 * silently ending it early (or never ending it).
 */
import { ActionError } from '../errors.ts'
import type { Log } from '../log.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from './client.ts'
import type { DatasetVersion, ListQuery } from './types.ts'

export class ListingError extends ActionError {
  override name = 'ListingError'
}

export interface Listing {
  readonly items: readonly DatasetVersion[]
  /** True when the API holds versions beyond `items`; `nextPage` then continues from there. */
  readonly hasMore: boolean
  readonly nextPage: string | null
  readonly pages: number
}

/** More pages than this (1.2 million versions) means the cursor is not advancing. */
export const MAX_PAGES = 10_000

/**
 * Empty pages in a row, each promising more, after which the walk stops: fresh cursors defeat
 * the repeat check, and following them would cost up to MAX_PAGES requests for nothing.
 */
export const MAX_EMPTY_PAGES = 3

export async function collectVersions(
  client: PaperspaceClient,
  datasetId: string,
  query: ListQuery,
  log: Log
): Promise<Listing> {
  const items: DatasetVersion[] = []
  const seen = new Set<string>()
  const cursors = new Set<string>(query.after === undefined ? [] : [query.after])
  let after = query.after
  let emptyInARow = 0
  for (let pages = 1; ; pages++) {
    const want = Math.min(MAX_PAGE_SIZE, query.limit - items.length)
    const page = await client.listVersions(datasetId, {
      limit: want,
      order: query.order,
      ...(query.tags !== undefined && { tags: query.tags }),
      ...(after !== undefined && { after })
    })
    log.debug(`page ${pages}: ${page.items.length} versions, hasMore ${page.hasMore}`)
    if (page.items.length > want) {
      throw new ListingError(
        `The listing is unusable: page ${pages} holds ${page.items.length} versions, more than the ${want} asked for`
      )
    }
    for (const item of page.items) {
      // A version that moved between pages while we walked is counted once.
      if (seen.has(item.version)) continue
      seen.add(item.version)
      items.push(item)
    }
    if (!page.hasMore) return { items, hasMore: false, nextPage: null, pages }
    if (page.nextPage === null) {
      throw new ListingError(
        `The listing is incomplete: page ${pages} says more versions follow but gives no cursor to fetch them`
      )
    }
    if (cursors.has(page.nextPage)) {
      throw new ListingError(
        `The listing is unusable: page ${pages} repeats an earlier cursor, so it would never end`
      )
    }
    emptyInARow = page.items.length === 0 ? emptyInARow + 1 : 0
    if (emptyInARow >= MAX_EMPTY_PAGES) {
      throw new ListingError(
        `The listing is unusable: ${emptyInARow} pages in a row (up to page ${pages}) held no versions yet said more follow`
      )
    }
    if (items.length >= query.limit) return { items, hasMore: true, nextPage: page.nextPage, pages }
    if (pages >= MAX_PAGES) {
      throw new ListingError(
        `The listing is unusable: still more versions after ${MAX_PAGES} pages`
      )
    }
    cursors.add(page.nextPage)
    after = page.nextPage
  }
}
