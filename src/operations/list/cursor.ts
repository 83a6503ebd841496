/**
 * The action's own cursor for a list with several tags, handed out as the nextPage output and
 * taken back as the after input. Such a list walks one API listing per tag (see merge.ts), so
 * one API cursor cannot say where it stands; this one says where each of those walks stands.
 * Pure.
 *
 * Opaque to users, and versioned by its prefix. Format 1 is `pdv1.<body>.<check>`: `check` is 11
 * base64url characters of the SHA-256 of `pdv1.<body>`, so a cursor damaged anywhere is refused
 * rather than read as another position; `body` is the base64url of the JSON array
 * `[query, time, id, walks]`:
 * - `query`: 16 base64url characters of the SHA-256 of the datasetId, order and sorted tags the
 *   cursor was made for; a cursor given to any other query is refused before a request is made.
 * - `time`, `id`: dtCreated (ms since the epoch) and ID of the last version returned. In the
 *   listing's order (dtCreated, ties by version ID) every version up to it was returned, and
 *   none after it; the key decides this, not how the API happens to order ties.
 * - `walks`: one entry per tag, in sorted order: `null` to read that tag's listing from its first
 *   page, an API cursor (a string) to read it from there, or `0` when it has no more. A walk
 *   re-reads the page that holds its first version not yet returned, so a cursor always points
 *   at a page start and the versions up to `time`/`id` on it are skipped.
 */
import { createHash } from 'node:crypto'
import { isPlainId } from '../../shared/ids.ts'
import { CURSOR_MAX_LENGTH } from '../../interface/input-reader.ts'

const PREFIX = 'pdv1.'

/** What a cursor is bound to. */
export interface CursorQuery {
  readonly datasetId: string
  readonly order: 'asc' | 'desc'
  readonly tags: readonly string[]
}

/** A version's place in a listing: its dtCreated in ms since the epoch, then its ID. */
export interface ListingKey {
  readonly time: number
  readonly id: string
}

/** Where one tag's walk stands: at its first page, at an API cursor, or at its end. */
export type WalkPoint =
  | { readonly at: 'start' }
  | { readonly at: 'cursor'; readonly cursor: string }
  | { readonly at: 'end' }

/** Where a list with several tags continues. */
export interface ResumePoint {
  /** The last version returned. */
  readonly last: ListingKey
  /** One per tag, in `sortedTags` order. */
  readonly walks: readonly WalkPoint[]
}

/** The tags in the order the walks and the cursor hold them, whatever order they were given in. */
export function sortedTags(tags: readonly string[]): string[] {
  return [...tags].sort()
}

/** Whether `text` is in this cursor's format (a cursor of the API's own is not). */
export function isOwnCursor(text: string): boolean {
  return text.startsWith(PREFIX)
}

export function encodeCursor(query: CursorQuery, point: ResumePoint): string {
  const walks = point.walks.map(walk =>
    walk.at === 'start' ? null : walk.at === 'end' ? 0 : walk.cursor
  )
  const body = [queryHash(query), point.last.time, point.last.id, walks]
  const signed = PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
  return `${signed}.${digest(signed, 11)}`
}

/**
 * The resume point `text` holds for `query`; otherwise why it cannot be used: it was made for
 * another query, or it is damaged.
 */
export function decodeCursor(
  text: string,
  query: CursorQuery
): ResumePoint | 'other-query' | 'damaged' {
  const dot = text.lastIndexOf('.')
  const signed = text.slice(0, dot)
  if (!isOwnCursor(text) || dot < PREFIX.length || text.slice(dot + 1) !== digest(signed, 11)) {
    return 'damaged'
  }
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(signed.slice(PREFIX.length), 'base64url').toString('utf8'))
  } catch {
    return 'damaged'
  }
  if (!Array.isArray(body) || body.length !== 4) return 'damaged'
  const [hash, time, id, walks] = body as unknown[]
  if (typeof hash !== 'string') return 'damaged'
  if (hash !== queryHash(query)) return 'other-query'
  if (!Number.isSafeInteger(time) || typeof id !== 'string' || !isPlainId(id)) return 'damaged'
  if (!Array.isArray(walks) || walks.length !== query.tags.length) return 'damaged'
  const points: WalkPoint[] = []
  for (const walk of walks as unknown[]) {
    if (walk === null) points.push({ at: 'start' })
    else if (walk === 0) points.push({ at: 'end' })
    else if (isApiCursor(walk)) points.push({ at: 'cursor', cursor: walk })
    else return 'damaged'
  }
  // A cursor is only handed out while some walk has more to read.
  if (points.every(point => point.at === 'end')) return 'damaged'
  return { last: { time: time as number, id }, walks: points }
}

function isApiCursor(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value !== '' &&
    value.length <= CURSOR_MAX_LENGTH &&
    !/\p{Cc}/u.test(value)
  )
}

function queryHash(query: CursorQuery): string {
  return digest(JSON.stringify([query.datasetId, query.order, sortedTags(query.tags)]), 16)
}

/** The first `length` base64url characters of the SHA-256 of `text`. */
function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length)
}
