/**
 * A list of the versions carrying at least one of several tags, right whatever the API's `tags`
 * filter means (the spec leaves it open: any, all, one literal tag named `a,b`, or none): one
 * listing per tag, each asked for that tag alone, and each version it returns checked to carry
 * it; the walks are merged in the listing's order, a version carrying several of the tags once.
 *
 * The order is dtCreated, ties by version ID (both reversed for desc), whatever order the API
 * gives ties in: each walk reads on until its next tie group is complete, and sorts it. The
 * position handed on in the cursor (see cursor.ts) is the key of the last version returned, so
 * a version created between two pages is returned once if it falls after that key, and not at
 * all if it falls before it (newest first, it is newer than everything already returned).
 */
import { ActionError } from '../../shared/errors.ts'
import { CURSOR_MAX_LENGTH } from '../../interface/input-reader.ts'
import type { Log } from '../../shared/log.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from '../../paperspace/client.ts'
import { ListingError, PageGuard, type Listing } from '../../paperspace/paging.ts'
import type { DatasetVersion, Page } from '../../paperspace/types.ts'
import {
  encodeCursor,
  sortedTags,
  type CursorQuery,
  type ListingKey,
  type ResumePoint,
  type WalkPoint
} from './cursor.ts'

export interface TaggedQuery extends CursorQuery {
  readonly limit: number
  /** Where an earlier list stopped (its nextPage, decoded). */
  readonly resume?: ResumePoint
}

export interface TaggedListing extends Listing {
  /** Versions the API listed for a tag that do not carry it, left out. */
  readonly dropped: number
}

/** Up to `query.limit` versions carrying any of `query.tags` (at least two), every page needed. */
export async function collectTagged(
  client: PaperspaceClient,
  query: TaggedQuery,
  log: Log
): Promise<TaggedListing> {
  const compare = keyOrder(query.order)
  const reader: PageReader = { pages: 0, dropped: 0, last: query.resume?.last }
  const fetch = (tag: string, point: WalkPoint, limit: number) => {
    reader.pages++
    return client.listVersions(query.datasetId, {
      limit,
      order: query.order,
      tags: [tag],
      ...(point.at === 'cursor' && { after: point.cursor })
    })
  }
  const walks = sortedTags(query.tags).map(
    (tag, i) => new TagWalk(tag, query.resume?.walks[i] ?? { at: 'start' }, query.order, fetch, log)
  )
  const items: DatasetVersion[] = []
  const returned = new Set<string>()
  for (;;) {
    // Every walk's next version is known before one is taken, so the merge keeps the order, and
    // `hasMore` is true only when another version really follows.
    const heads: { walk: TagWalk; head: Entry }[] = []
    for (const walk of walks) {
      const head = await walk.head(reader, query.limit - items.length)
      if (head !== undefined) heads.push({ walk, head })
    }
    const result = { items, pages: reader.pages, dropped: reader.dropped }
    if (heads.length === 0) return { ...result, hasMore: false, nextPage: null }
    if (items.length >= query.limit) {
      return { ...result, hasMore: true, nextPage: nextCursor(query, reader.last!, walks) }
    }
    const first = heads.reduce((a, b) => (compare(b.head.key, a.head.key) < 0 ? b : a)).head
    // The same version heads every walk of a tag it carries.
    for (const { walk, head } of heads) {
      if (head.version.version === first.version.version) walk.take()
    }
    reader.last = first.key
    if (!returned.has(first.version.version)) {
      returned.add(first.version.version)
      items.push(first.version)
    }
  }
}

function nextCursor(query: CursorQuery, last: ListingKey, walks: readonly TagWalk[]): string {
  const cursor = encodeCursor(query, { last, walks: walks.map(walk => walk.resumeAt()) })
  if (cursor.length > CURSOR_MAX_LENGTH) {
    throw new ActionError(
      `The cursor for the next page would be ${cursor.length} characters, more than the ` +
        `${CURSOR_MAX_LENGTH} the after input takes; list fewer tags at once`
    )
  }
  return cursor
}

/** What the walks of one list share: requests made, versions dropped, the last one returned. */
interface PageReader {
  pages: number
  dropped: number
  last: ListingKey | undefined
}

interface Entry {
  readonly version: DatasetVersion
  readonly key: ListingKey
  /** The page it was read from: its place in the walk, and where it was fetched from. */
  readonly page: number
  readonly from: WalkPoint
}

type Fetch = (tag: string, point: WalkPoint, limit: number) => Promise<Page<DatasetVersion>>

/** One tag's listing, read page by page as the merge needs it. */
class TagWalk {
  private readonly tag: string
  private readonly order: 'asc' | 'desc'
  private readonly compare: (a: ListingKey, b: ListingKey) => number
  private readonly fetch: Fetch
  private readonly log: Log
  private readonly guard: PageGuard
  /** Versions read and not yet taken, in the listing's order. */
  private buffer: Entry[] = []
  /** Where the next page comes from. */
  private next: WalkPoint
  private pages = 0
  /** dtCreated of the last version read, to check the listing is in order. */
  private lastTime: number | undefined
  /** False once a page held a version without the tag: the API does not filter as asked. */
  private filtered = true

  constructor(tag: string, start: WalkPoint, order: 'asc' | 'desc', fetch: Fetch, log: Log) {
    this.tag = tag
    this.next = start
    this.order = order
    this.compare = keyOrder(order)
    this.fetch = fetch
    this.log = log
    this.guard = new PageGuard(
      `versions tagged ${tag}`,
      start.at === 'cursor' ? start.cursor : undefined
    )
  }

  /**
   * The walk's next version, reading pages until its tie group is complete (ties are sorted by
   * ID here); undefined when the walk has none left. `wanted` is how many more the list needs.
   */
  async head(reader: PageReader, wanted: number): Promise<Entry | undefined> {
    while (this.next.at !== 'end' && !this.headComplete()) {
      // While the API filters as asked, a page as large as the list still needs (and one more,
      // to know whether more follow); once it does not, full pages.
      const limit = this.filtered ? Math.min(MAX_PAGE_SIZE, wanted + 1) : MAX_PAGE_SIZE
      const from = this.next
      const page = await this.fetch(this.tag, from, limit)
      this.pages++
      this.log.debug(
        `${this.tag} page ${this.pages}: ${page.items.length} versions, hasMore ${page.hasMore}`
      )
      this.guard.checkSize(page, limit, this.pages)
      this.read(page, from, reader)
      this.next = page.hasMore
        ? { at: 'cursor', cursor: this.guard.next(page, this.pages) }
        : { at: 'end' }
    }
    return this.buffer[0]
  }

  /** Removes the head: it was returned. */
  take(): void {
    this.buffer.shift()
  }

  /** Where a later list resumes this walk: the page holding its next version, else the next page. */
  resumeAt(): WalkPoint {
    if (this.buffer.length === 0) return this.next
    return this.buffer.reduce((a, b) => (b.page < a.page ? b : a)).from
  }

  private headComplete(): boolean {
    const head = this.buffer[0]
    return head !== undefined && this.buffer.at(-1)!.key.time !== head.key.time
  }

  private read(page: Page<DatasetVersion>, from: WalkPoint, reader: PageReader): void {
    for (const version of page.items) {
      if (!version.tags.includes(this.tag)) {
        this.filtered = false
        reader.dropped++
        continue
      }
      const key = { time: Date.parse(version.dtCreated), id: version.version }
      // Returned already (a page read again on resuming, or repeated by the API), or read twice.
      if (reader.last !== undefined && this.compare(key, reader.last) <= 0) continue
      if (this.buffer.some(entry => entry.version.version === key.id)) continue
      if (this.lastTime !== undefined && timeOrder(this.order, key.time, this.lastTime) < 0) {
        throw new ListingError(
          `The listing is unusable: page ${this.pages} of the versions tagged ${this.tag} is not ` +
            'in dtCreated order, so merging it with the other tags would lose versions'
        )
      }
      this.lastTime = key.time
      this.buffer.push({ version, key, page: this.pages, from })
    }
    this.buffer.sort((a, b) => this.compare(a.key, b.key))
  }
}

/** Orders dtCreated times in the listing's order: negative when `a` comes first. */
function timeOrder(order: 'asc' | 'desc', a: number, b: number): number {
  return order === 'asc' ? a - b : b - a
}

/** Orders keys in the listing's order: dtCreated, ties by version ID (reversed for desc too). */
function keyOrder(order: 'asc' | 'desc'): (a: ListingKey, b: ListingKey) => number {
  const ids = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return (a, b) =>
    timeOrder(order, a.time, b.time) || (order === 'asc' ? ids(a.id, b.id) : ids(b.id, a.id))
}
