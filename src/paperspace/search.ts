/**
 * Finds the newest version that matches, reading pages newest first and stopping at the first
 * page that holds a match: as many requests as that takes, and no more. A page it cannot trust
 * fails the search as it fails a full walk (see listing.ts), rather than ending it early.
 * Bounds, when given, end it sooner: a number of pages, and a creation time to go back to.
 * Used by resolve, and by create to find its own version again (its answer was lost) or one an
 * earlier run made with the same idempotencyKey.
 */
import type { Log } from '../shared/log.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from './client.ts'
import { ApiError } from './errors.ts'
import { PageGuard } from './paging.ts'
import type { DatasetVersion } from './types.ts'

export interface SearchBounds {
  /** Stop after this many pages (without it, a listing that never ends fails at MAX_PAGES). */
  readonly maxPages?: number
  /** Look only at versions created at or after this (ms since the epoch), and stop past it. */
  readonly notBeforeMs?: number
}

export interface Search {
  /** The newest match; undefined when no version matches. */
  readonly found: DatasetVersion | undefined
  /** Versions read, and list requests made. */
  readonly scanned: number
  readonly pages: number
  /** How it ended: a match, the listing's end, the time bound, or the page bound. */
  readonly ended: 'found' | 'all' | 'window' | 'pages'
}

export async function findNewest(
  client: PaperspaceClient,
  datasetId: string,
  query: { readonly tags?: readonly string[] },
  matches: (version: DatasetVersion) => boolean,
  log: Log,
  bounds: SearchBounds = {}
): Promise<Search> {
  const inWindow = (v: DatasetVersion) =>
    bounds.notBeforeMs === undefined || Date.parse(v.dtCreated) >= bounds.notBeforeMs
  const guard = new PageGuard('versions')
  let after: string | undefined
  let scanned = 0
  for (let pages = 1; ; pages++) {
    const page = await client.listVersions(datasetId, {
      limit: MAX_PAGE_SIZE,
      order: 'desc',
      ...(query.tags !== undefined && query.tags.length > 0 && { tags: query.tags }),
      ...(after !== undefined && { after })
    })
    log.debug(`page ${pages}: ${page.items.length} versions, hasMore ${page.hasMore}`)
    guard.checkSize(page, MAX_PAGE_SIZE, pages)
    scanned += page.items.length
    const found = newest(page.items.filter(v => inWindow(v) && matches(v)))
    if (found !== undefined) return { found, scanned, pages, ended: 'found' }
    if (!page.hasMore) return { found: undefined, scanned, pages, ended: 'all' }
    if (!page.items.every(inWindow)) return { found: undefined, scanned, pages, ended: 'window' }
    // The same checks as a full walk, before the page bound: an untrustworthy page fails the search.
    const nextPage = guard.next(page, pages)
    if (bounds.maxPages !== undefined && pages >= bounds.maxPages) {
      return { found: undefined, scanned, pages, ended: 'pages' }
    }
    after = nextPage
  }
}

/** Which listed versions without metadata to read with GET, and how many at most. */
export interface MetadataReads {
  /** Whether a version listed with `metadata: null` could be a match. */
  readonly consider: (version: DatasetVersion) => boolean
  readonly maxReads: number
}

export interface MetadataSearch extends Search {
  /** Versions read with GET because the listing gave them without metadata. */
  readonly read: number
  /** Versions that could have matched but were left unread: more than `maxReads` of them. */
  readonly unread: number
}

/**
 * findNewest for a match on metadata, which a listing may leave out (`metadata: null`) though
 * it is documented to carry it. Before the search concludes, the listed versions without
 * metadata that `reads.consider` accepts, and that are not older than a listed match, are read
 * with GET, newest first and at most `reads.maxReads` of them.
 */
export async function findNewestByMetadata(
  client: PaperspaceClient,
  datasetId: string,
  matches: (version: DatasetVersion) => boolean,
  log: Log,
  bounds: SearchBounds,
  reads: MetadataReads
): Promise<MetadataSearch> {
  const blank: DatasetVersion[] = []
  const listedMatch = (version: DatasetVersion) => {
    if (matches(version)) return true
    if (version.metadata === null && reads.consider(version)) blank.push(version)
    return false
  }
  const search = await findNewest(client, datasetId, {}, listedMatch, log, bounds)
  const from = search.found === undefined ? -Infinity : Date.parse(search.found.dtCreated)
  const unlisted = blank
    .filter(version => Date.parse(version.dtCreated) >= from)
    .sort((a, b) => Date.parse(b.dtCreated) - Date.parse(a.dtCreated))
  if (unlisted.length > 0) {
    log.info(
      `${unlisted.length} version(s) were listed without their metadata; reading up to ` +
        `${reads.maxReads} of them one by one`
    )
  }
  let read = 0
  for (const listed of unlisted.slice(0, reads.maxReads)) {
    read++
    const version = await readIfThere(client, datasetId, listed.version)
    if (version !== undefined && matches(version)) {
      return { ...search, found: version, ended: 'found', read, unread: 0 }
    }
  }
  return { ...search, read, unread: unlisted.length - read }
}

/** The version as GET returns it; undefined when it was deleted since it was listed. */
async function readIfThere(
  client: PaperspaceClient,
  datasetId: string,
  version: string
): Promise<DatasetVersion | undefined> {
  try {
    return await client.getVersion(datasetId, version)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined
    throw error
  }
}

/**
 * The latest created of one page's matches. Pages come newest first, so any match on an earlier
 * page is newer than these; within the page the dates decide (ties: the first listed).
 */
function newest(versions: readonly DatasetVersion[]): DatasetVersion | undefined {
  let best: DatasetVersion | undefined
  for (const version of versions) {
    if (best === undefined || Date.parse(version.dtCreated) > Date.parse(best.dtCreated)) {
      best = version
    }
  }
  return best
}
