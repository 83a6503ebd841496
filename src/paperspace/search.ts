/**
 * Searches a dataset's versions newest first, with the checks of a full walk: a page it cannot
 * trust fails the search as it fails a full walk (see paging.ts), rather than ending it early.
 * Bounds, when given, end it sooner: a number of pages, and a creation time to go back to.
 * `findNewest` stops at the first page that holds a match (as many requests as that takes, and no
 * more); `findAllByMetadata` reads the whole window for every match. Used by resolve, and by
 * create to find its own versions again (an answer was lost, a retry may have made a second) and
 * those made with the same idempotencyKey.
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

/** How a walk ended: the listing's end, the time bound, or the page bound reached first. */
export type WalkEnd = 'all' | 'window' | 'pages'

export interface Search {
  /** The newest match; undefined when no version matches. */
  readonly found: DatasetVersion | undefined
  /** Versions read, and list requests made. */
  readonly scanned: number
  readonly pages: number
  /** How it ended: a match, or how the walk ended without one. */
  readonly ended: 'found' | WalkEnd
}

export async function findNewest(
  client: PaperspaceClient,
  datasetId: string,
  query: { readonly tags?: readonly string[] },
  matches: (version: DatasetVersion) => boolean,
  log: Log,
  bounds: SearchBounds = {}
): Promise<Search> {
  let found: DatasetVersion | undefined
  const walk = await walkNewestFirst(
    client,
    datasetId,
    query,
    versions => {
      found = newest(versions.filter(matches))
      return found !== undefined
    },
    log,
    bounds
  )
  return { ...walk, found, ended: walk.ended === 'stopped' ? 'found' : walk.ended }
}

export interface SearchAll {
  /** Every match, newest first, each once (a version listed on two pages counts once). */
  readonly found: readonly DatasetVersion[]
  readonly scanned: number
  readonly pages: number
  /** 'pages': the page bound came first, so older matches within the window may be missed. */
  readonly ended: WalkEnd
}

/** Every version within the bounds that matches: the walk goes on past matches. */
async function findAll(
  client: PaperspaceClient,
  datasetId: string,
  matches: (version: DatasetVersion) => boolean,
  log: Log,
  bounds: SearchBounds
): Promise<SearchAll> {
  const found = new Map<string, DatasetVersion>()
  const walk = await walkNewestFirst(
    client,
    datasetId,
    {},
    versions => {
      for (const version of versions.filter(matches)) found.set(version.version, version)
      return false
    },
    log,
    bounds
  )
  // `visit` never stops the walk, so it ends only at a bound or the listing's end.
  return { ...walk, found: [...found.values()].sort(newestFirst), ended: walk.ended as WalkEnd }
}

/**
 * Pages newest first, each page's versions within the time bound handed to `visit`, until `visit`
 * says stop ('stopped'), the listing ends, a page reaches past the time bound, or the page bound.
 */
async function walkNewestFirst(
  client: PaperspaceClient,
  datasetId: string,
  query: { readonly tags?: readonly string[] },
  visit: (versions: readonly DatasetVersion[]) => boolean,
  log: Log,
  bounds: SearchBounds
): Promise<{ scanned: number; pages: number; ended: WalkEnd | 'stopped' }> {
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
    if (visit(page.items.filter(inWindow))) return { scanned, pages, ended: 'stopped' }
    if (!page.hasMore) return { scanned, pages, ended: 'all' }
    if (!page.items.every(inWindow)) return { scanned, pages, ended: 'window' }
    // The same checks as a full walk, before the page bound: an untrustworthy page fails the search.
    const nextPage = guard.next(page, pages)
    if (bounds.maxPages !== undefined && pages >= bounds.maxPages) {
      return { scanned, pages, ended: 'pages' }
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

/** What a search on metadata adds: the versions it had to read one by one. */
export interface UnlistedReads {
  /** Versions read with GET because the listing gave them without metadata. */
  readonly read: number
  /** Versions that could have matched but were left unread: more than `maxReads` of them. */
  readonly unread: number
}

export interface MetadataSearch extends Search, UnlistedReads {}

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
  const unlisted = unlistedCollector(matches, reads)
  const search = await findNewest(client, datasetId, {}, unlisted.match, log, bounds)
  const from = search.found === undefined ? -Infinity : Date.parse(search.found.dtCreated)
  const readBack = await readUnlisted(client, datasetId, unlisted.from(from), matches, reads, log, {
    firstOnly: true
  })
  const [found] = readBack.found
  return found === undefined
    ? { ...search, read: readBack.read, unread: readBack.unread }
    : { ...search, found, ended: 'found', read: readBack.read, unread: 0 }
}

export interface MetadataSearchAll extends SearchAll, UnlistedReads {}

/**
 * findAll for a match on metadata: every listed version without metadata that `reads.consider`
 * accepts is read with GET, newest first and at most `reads.maxReads` of them.
 */
export async function findAllByMetadata(
  client: PaperspaceClient,
  datasetId: string,
  matches: (version: DatasetVersion) => boolean,
  log: Log,
  bounds: SearchBounds,
  reads: MetadataReads
): Promise<MetadataSearchAll> {
  const unlisted = unlistedCollector(matches, reads)
  const search = await findAll(client, datasetId, unlisted.match, log, bounds)
  const readBack = await readUnlisted(
    client,
    datasetId,
    unlisted.from(-Infinity),
    matches,
    reads,
    log,
    { firstOnly: false }
  )
  const found = new Map(search.found.map(v => [v.version, v]))
  for (const version of readBack.found) found.set(version.version, version)
  return {
    ...search,
    found: [...found.values()].sort(newestFirst),
    read: readBack.read,
    unread: readBack.unread
  }
}

/** A listing match that also sets aside the versions listed without metadata that could match. */
function unlistedCollector(matches: (version: DatasetVersion) => boolean, reads: MetadataReads) {
  const blank: DatasetVersion[] = []
  return {
    match: (version: DatasetVersion) => {
      if (matches(version)) return true
      if (version.metadata === null && reads.consider(version)) blank.push(version)
      return false
    },
    /** Those set aside created at or after `fromMs`, newest first. */
    from: (fromMs: number) =>
      blank.filter(version => Date.parse(version.dtCreated) >= fromMs).sort(newestFirst)
  }
}

/** Reads the versions listed without metadata, at most `reads.maxReads`, and keeps the matches. */
async function readUnlisted(
  client: PaperspaceClient,
  datasetId: string,
  unlisted: readonly DatasetVersion[],
  matches: (version: DatasetVersion) => boolean,
  reads: MetadataReads,
  log: Log,
  options: { readonly firstOnly: boolean }
): Promise<UnlistedReads & { found: DatasetVersion[] }> {
  if (unlisted.length > 0) {
    log.info(
      `${unlisted.length} version(s) were listed without their metadata; reading up to ` +
        `${reads.maxReads} of them one by one`
    )
  }
  const found: DatasetVersion[] = []
  let read = 0
  for (const listed of unlisted.slice(0, reads.maxReads)) {
    read++
    const version = await readIfThere(client, datasetId, listed.version)
    if (version === undefined || !matches(version)) continue
    found.push(version)
    if (options.firstOnly) break
  }
  return { found, read, unread: unlisted.length - read }
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

function newestFirst(a: DatasetVersion, b: DatasetVersion): number {
  return Date.parse(b.dtCreated) - Date.parse(a.dtCreated)
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
