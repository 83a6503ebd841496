/**
 * The API's cursor pagination (limit 1..120, order, orderBy, after) over an ordered collection.
 * Cursors are keyset cursors: they name the last item's (dtCreated, id), so deleting that item
 * does not break the walk. They are opaque (base64url JSON) and bound to the listing and order
 * they came from. The last page leaves `nextPage` out, as the spec's schema has it (an optional
 * string, not nullable); `withEndCursor` gives the `null` or `""` its prose allows, for clients
 * that must accept those too.
 */
import { randomBytes } from 'node:crypto'
import type { Page, PageQuery, SortKey } from './ordered.ts'
import { invalidInput } from './store.ts'

/** Page size when a request gives no `limit` (undocumented for the real API). */
export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 120

export interface Listing<T> {
  hasMore: boolean
  items: T[]
  nextPage?: string
}

/** What a last page says of `nextPage`: nothing (the spec's schema), `null` or `""`. */
export type EndCursor = 'absent' | 'null' | 'empty'

export const END_CURSORS: readonly EndCursor[] = ['absent', 'null', 'empty']

/**
 * Answers one page: validates the query, resumes after the cursor and names the next cursor.
 * `scope` binds cursors to one listing (a cursor from another dataset is refused).
 */
export function listingPage<T>(
  query: URLSearchParams,
  scope: string,
  keyOf: (item: T) => SortKey,
  serve: (query: PageQuery<T>) => Page<T>,
  filter?: (item: T) => boolean
): Listing<T> {
  const limitText = query.get('limit')
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText)
  if (!Number.isInteger(limit) || limitText === '') throw invalidInput('limit', 'Expected integer')
  if (limit < 1) throw invalidInput('limit', 'Number must be greater than or equal to 1')
  if (limit > MAX_PAGE_SIZE)
    throw invalidInput('limit', `Number must be less than or equal to ${MAX_PAGE_SIZE}`)
  const order = query.get('order') ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw invalidInput('order', "Expected 'asc' | 'desc'")
  const orderBy = query.get('orderBy') ?? 'dtCreated'
  if (orderBy !== 'dtCreated') throw invalidInput('orderBy', "Expected 'dtCreated'")

  let after: SortKey | undefined
  const afterText = query.get('after')
  if (afterText !== null) {
    const cursor = decodeCursor(afterText)
    if (cursor === undefined || cursor.scope !== scope || cursor.order !== order) {
      throw invalidInput('after', 'Invalid cursor')
    }
    after = cursor.key
  }
  const page = serve({ order, limit, ...(after && { after }), ...(filter && { filter }) })
  const last = page.items.at(-1)
  return {
    hasMore: page.hasMore,
    items: page.items,
    ...(page.hasMore &&
      last !== undefined && { nextPage: encodeCursor({ scope, order, key: keyOf(last) }) })
  }
}

/** `body` with `nextPage` set as `form` says when it is a last page that left it out. */
export function withEndCursor(body: unknown, form: EndCursor): unknown {
  if (form === 'absent' || !isLastPage(body)) return body
  return { ...body, nextPage: form === 'null' ? null : '' }
}

function isLastPage(body: unknown): body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return false
  const fields = body as Record<string, unknown>
  return fields.hasMore === false && Array.isArray(fields.items) && !('nextPage' in fields)
}

/** A cursor that looks like a real one but leads nowhere (for the endless-pages fault). */
export function freshCursor(): string {
  return randomBytes(24).toString('base64url')
}

interface Cursor {
  scope: string
  order: string
  key: SortKey
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.scope, cursor.order, ...cursor.key])).toString(
    'base64url'
  )
}

function decodeCursor(text: string): Cursor | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (!Array.isArray(parts) || parts.length !== 4 || !parts.every(p => typeof p === 'string'))
      return undefined
    const [scope, order, created, id] = parts
    // A cursor whose date does not parse could never be compared; refuse it like garbage.
    if (Number.isNaN(Date.parse(created!))) return undefined
    return { scope: scope!, order: order!, key: [created!, id!] }
  } catch {
    return undefined
  }
}
