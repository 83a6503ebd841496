/**
 * Walks a listing (versions or datasets) page by page and refuses to hand back one it cannot trust:
 * a page that claims more items but gives no cursor, a cursor seen before, a page larger than
 * asked for, or a run of empty pages that keep promising more all fail the walk instead of
 * silently ending it early (or never ending it).
 */
import { ActionError } from '../errors.ts'
import type { Log } from '../log.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from './client.ts'
import type { Dataset, DatasetVersion, ListQuery, Page } from './types.ts'

export class ListingError extends ActionError {
  override name = 'ListingError'
}

export interface Listing<T = DatasetVersion> {
  readonly items: readonly T[]
  /** True when the API holds items beyond `items`; `nextPage` then continues from there. */
  readonly hasMore: boolean
  readonly nextPage: string | null
  readonly pages: number
}

/** More pages than this (1.2 million items) means the cursor is not advancing. */
export const MAX_PAGES = 10_000

/**
 * Empty pages in a row, each promising more, after which the walk stops: fresh cursors defeat
 * the repeat check, and following them would cost up to MAX_PAGES requests for nothing.
 */
export const MAX_EMPTY_PAGES = 3

/** Every page of a dataset's versions, up to `query.limit` versions. */
export function collectVersions(
  client: PaperspaceClient,
  datasetId: string,
  query: ListQuery,
  log: Log
): Promise<Listing> {
  return walkPages(
    (limit, after) =>
      client.listVersions(datasetId, {
        limit,
        ...(query.order !== undefined && { order: query.order }),
        ...(query.tags !== undefined && { tags: query.tags }),
        ...(after !== undefined && { after })
      }),
    { limit: query.limit, ...(query.after !== undefined && { after: query.after }) },
    { noun: 'versions', key: version => version.version },
    log
  )
}

/** Every page of the private datasets the key can see, up to `limit` datasets. */
export function collectDatasets(
  client: PaperspaceClient,
  limit: number,
  log: Log
): Promise<Listing<Dataset>> {
  return walkPages(
    (pageLimit, after) =>
      client.listDatasets({ limit: pageLimit, ...(after !== undefined && { after }) }),
    { limit },
    { noun: 'datasets', key: dataset => dataset.id },
    log
  )
}

/**
 * Walks a cursor-paginated listing. `items.key` identifies an item, so one seen twice counts once;
 * `kind.noun` names them in errors.
 */
async function walkPages<T>(
  fetchPage: (limit: number, after: string | undefined) => Promise<Page<T>>,
  query: { readonly limit: number; readonly after?: string },
  kind: { readonly noun: string; readonly key: (item: T) => string },
  log: Log
): Promise<Listing<T>> {
  const { noun, key } = kind
  const items: T[] = []
  const seen = new Set<string>()
  const cursors = new Set<string>(query.after === undefined ? [] : [query.after])
  let after = query.after
  let emptyInARow = 0
  for (let pages = 1; ; pages++) {
    const want = Math.min(MAX_PAGE_SIZE, query.limit - items.length)
    const page = await fetchPage(want, after)
    log.debug(`page ${pages}: ${page.items.length} ${noun}, hasMore ${page.hasMore}`)
    if (page.items.length > want) {
      throw new ListingError(
        `The listing is unusable: page ${pages} holds ${page.items.length} ${noun}, more than the ${want} asked for`
      )
    }
    for (const item of page.items) {
      // An item that moved between pages while we walked is counted once.
      if (seen.has(key(item))) continue
      seen.add(key(item))
      items.push(item)
    }
    if (!page.hasMore) return { items, hasMore: false, nextPage: null, pages }
    if (page.nextPage === null) {
      throw new ListingError(
        `The listing is incomplete: page ${pages} says more ${noun} follow but gives no cursor to fetch them`
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
        `The listing is unusable: ${emptyInARow} pages in a row (up to page ${pages}) held no ${noun} yet said more follow`
      )
    }
    if (items.length >= query.limit) return { items, hasMore: true, nextPage: page.nextPage, pages }
    if (pages >= MAX_PAGES) {
      throw new ListingError(`The listing is unusable: still more ${noun} after ${MAX_PAGES} pages`)
    }
    cursors.add(page.nextPage)
    after = page.nextPage
  }
}
