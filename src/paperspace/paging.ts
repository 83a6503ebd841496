/**
 * Walks a listing (versions or datasets) page by page and refuses to hand back one it cannot trust:
 * a page that claims more items but gives no cursor, a cursor seen before, a page larger than
 * asked for, or a run of empty pages that keep promising more all fail the walk instead of
 * silently ending it early (or never ending it).
 */
import { ActionError } from '../shared/errors.ts'
import { quote } from '../shared/quote.ts'
import type { Log } from '../shared/log.ts'
import { neutralise } from '../shared/neutralise.ts'
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

/**
 * Every page of a dataset's versions, up to `query.limit` versions; with `keep`, only those it
 * accepts (the others do not count towards the limit).
 */
export function collectVersions(
  client: PaperspaceClient,
  datasetId: string,
  query: ListQuery,
  log: Log,
  keep?: (version: DatasetVersion) => boolean
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
    { noun: 'versions', key: version => version.version, ...(keep !== undefined && { keep }) },
    log
  )
}

/** How many datasets a warning names before it says how many more there are. */
export const NAMED_IN_WARNING = 10

/** The private datasets, and those the API listed as private that are not. */
export interface DatasetListing extends Listing<Dataset> {
  readonly notPrivate: readonly Dataset[]
}

/**
 * Every page of the private datasets the key can see, up to `limit` datasets. What `privacy=
 * PRIVATE` covers is undocumented, so each dataset is checked itself: one whose `isPublic` is not
 * false is left out, returned apart, and all of those are named in one warning.
 */
export async function collectDatasets(
  client: PaperspaceClient,
  limit: number,
  log: Log
): Promise<DatasetListing> {
  const notPrivate: Dataset[] = []
  const listing = await walkPages(
    (pageLimit, after) =>
      client.listDatasets({ limit: pageLimit, ...(after !== undefined && { after }) }),
    { limit },
    {
      noun: 'datasets',
      key: dataset => dataset.id,
      keep: dataset => {
        if (dataset.isPublic === false) return true
        notPrivate.push(dataset)
        return false
      }
    },
    log
  )
  if (notPrivate.length > 0) log.warning(notPrivateWarning(notPrivate))
  return { ...listing, notPrivate }
}

function notPrivateWarning(datasets: readonly Dataset[]): string {
  const named = datasets
    .slice(0, NAMED_IN_WARNING)
    .map(d => `${neutralise(quote(d.name ?? '', 40))} (${d.id})`)
  const more = datasets.length - named.length
  return (
    `${datasets.length} dataset(s) the API listed as private are public, so they are left out ` +
    `and nothing of them is read or changed: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
  )
}

/**
 * The checks every page of a walk must pass before the next one is asked for. One guard per walk:
 * it remembers the cursors seen and how many empty pages in a row promised more.
 */
export class PageGuard {
  private readonly cursors: Set<string>
  private emptyInARow = 0
  private readonly noun: string

  /** `noun` names the items in errors; `after` is the cursor the walk started from, if any. */
  constructor(noun: string, after?: string) {
    this.noun = noun
    this.cursors = new Set(after === undefined ? [] : [after])
  }

  /** Refuses a page that holds more than was asked for. */
  checkSize(page: Page<unknown>, want: number, pages: number): void {
    if (page.items.length > want) {
      throw new ListingError(
        `The listing is unusable: page ${pages} holds ${page.items.length} ${this.noun}, more than the ${want} asked for`
      )
    }
  }

  /**
   * The cursor to follow after a page that says more items follow; refuses a missing or repeated
   * cursor, a run of empty pages, and a walk past MAX_PAGES.
   */
  next(page: Page<unknown>, pages: number): string {
    if (page.nextPage === null) {
      throw new ListingError(
        `The listing is incomplete: page ${pages} says more ${this.noun} follow but gives no cursor to fetch them`
      )
    }
    if (this.cursors.has(page.nextPage)) {
      throw new ListingError(
        `The listing is unusable: page ${pages} repeats an earlier cursor, so it would never end`
      )
    }
    this.emptyInARow = page.items.length === 0 ? this.emptyInARow + 1 : 0
    if (this.emptyInARow >= MAX_EMPTY_PAGES) {
      throw new ListingError(
        `The listing is unusable: ${this.emptyInARow} pages in a row (up to page ${pages}) held no ${this.noun} yet said more follow`
      )
    }
    if (pages >= MAX_PAGES) {
      throw new ListingError(
        `The listing is unusable: still more ${this.noun} after ${MAX_PAGES} pages`
      )
    }
    this.cursors.add(page.nextPage)
    return page.nextPage
  }
}

/**
 * Walks a cursor-paginated listing. `items.key` identifies an item, so one seen twice counts once;
 * `kind.noun` names them in errors; `kind.keep`, when given, drops the items it refuses (they do
 * not count towards the limit).
 */
async function walkPages<T>(
  fetchPage: (limit: number, after: string | undefined) => Promise<Page<T>>,
  query: { readonly limit: number; readonly after?: string },
  kind: {
    readonly noun: string
    readonly key: (item: T) => string
    readonly keep?: (item: T) => boolean
  },
  log: Log
): Promise<Listing<T>> {
  const { noun, key, keep = () => true } = kind
  const guard = new PageGuard(noun, query.after)
  const items: T[] = []
  const seen = new Set<string>()
  let dropped = 0
  /** The items of a page not seen before that `keep` accepts. */
  const fresh = (page: Page<T>) =>
    page.items.filter(item => {
      // An item that moved between pages while we walked is counted once.
      const count = seen.size
      seen.add(key(item))
      if (seen.size === count) return false
      if (keep(item)) return true
      dropped++
      return false
    })
  let after = query.after
  for (let pages = 1; ; pages++) {
    const want = Math.min(MAX_PAGE_SIZE, query.limit - items.length)
    const page = await fetchPage(want, after)
    log.debug(`page ${pages}: ${page.items.length} ${noun}, hasMore ${page.hasMore}`)
    guard.checkSize(page, want, pages)
    items.push(...fresh(page))
    if (!page.hasMore) return { items, hasMore: false, nextPage: null, pages }
    const nextPage = guard.next(page, pages)
    if (items.length >= query.limit) {
      if (dropped === 0) return { items, hasMore: true, nextPage, pages }
      // The API's hasMore counts items `keep` may refuse: look ahead for one it accepts. The
      // cursor handed back is still the one after the last page returned.
      for (let cursor = nextPage, ahead = pages + 1; ; ahead++) {
        const next = await fetchPage(MAX_PAGE_SIZE, cursor)
        guard.checkSize(next, MAX_PAGE_SIZE, ahead)
        const more = fresh(next).length > 0
        if (more || !next.hasMore) {
          return { items, hasMore: more, nextPage: more ? nextPage : null, pages: ahead }
        }
        cursor = guard.next(next, ahead)
      }
    }
    after = nextPage
  }
}
