/**
 * The emulator's endpoints: the documented v1 dataset and dataset-version routes, with the API's
 * validation (limit 1..120, order, orderBy, body field types) answered as 400 BAD_REQUEST in the
 * API's error shape `{code, message, details}`.
 */
import { EmulatorError, type Store } from './store.ts'

export interface RouteRequest {
  readonly method: string
  /** Path below /v1, e.g. /datasets/dsx/versions. */
  readonly path: string
  readonly query: URLSearchParams
  readonly body: unknown
}

export interface RouteResponse {
  readonly status: number
  readonly body: unknown
}

/** Page size when a request gives no `limit` (undocumented for the real API). */
export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 120

type Handler = (store: Store, params: string[], request: RouteRequest) => unknown

const ROUTES: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  {
    pattern: /^\/datasets$/,
    methods: {
      GET: (store, _params, request) => {
        const sorted = store.listDatasets()
        return paginate(sorted, request.query, d => [d.dtCreated, d.id], 'datasets')
      },
      POST: (store, _params, request) => {
        const body = objectBody(request.body)
        const name = field(body, 'name', 'string', true)
        const description = field(body, 'description', 'nullable-string')
        const isPublic = field(body, 'isPublic', 'boolean')
        return store.createDataset({
          name: name as string,
          ...(description !== undefined && { description: description as string | null }),
          ...(isPublic !== undefined && { isPublic: isPublic as boolean })
        })
      }
    }
  },
  {
    pattern: /^\/datasets\/([^/]+)$/,
    methods: {
      GET: (store, [id]) => store.getDataset(id!),
      PUT: (store, [id], request) => {
        const body = objectBody(request.body)
        const name = field(body, 'name', 'string')
        const description = field(body, 'description', 'nullable-string')
        return store.updateDataset(id!, {
          ...(name !== undefined && { name: name as string }),
          ...(description !== undefined && { description: description as string | null })
        })
      },
      DELETE: (store, [id]) => store.deleteDataset(id!)
    }
  },
  {
    pattern: /^\/datasets\/([^/]+)\/versions$/,
    methods: {
      GET: (store, [datasetId], request) => {
        const wanted = (request.query.get('tags') ?? '')
          .split(',')
          .map(t => t.trim())
          .filter(t => t !== '')
        // The filter's semantics are undocumented; the emulator matches versions carrying any tag.
        const versions = store
          .versions(datasetId!)
          .filter(v => wanted.length === 0 || v.tags.some(t => wanted.includes(t)))
        return paginate(
          versions,
          request.query,
          v => [v.dtCreated, v.version],
          `versions:${datasetId}`
        )
      },
      POST: (store, [datasetId], request) => {
        const body = objectBody(request.body)
        store.getDataset(datasetId!)
        return store.createVersion(datasetId!, versionFields(body))
      }
    }
  },
  {
    pattern: /^\/datasets\/([^/]+)\/versions\/([^/]+)$/,
    methods: {
      GET: (store, [datasetId, version]) => store.getVersion(datasetId!, version!),
      PUT: (store, [datasetId, version], request) => {
        const body = objectBody(request.body)
        const isCommitted = field(body, 'isCommitted', 'boolean')
        return store.updateVersion(datasetId!, version!, {
          ...versionFields(body),
          ...(isCommitted !== undefined && { isCommitted: isCommitted as boolean })
        })
      },
      DELETE: (store, [datasetId, version]) => store.deleteVersion(datasetId!, version!)
    }
  }
]

export function route(store: Store, request: RouteRequest): RouteResponse {
  for (const { pattern, methods } of ROUTES) {
    const match = pattern.exec(request.path)
    if (match === null) continue
    const handler = methods[request.method]
    if (handler === undefined) {
      throw new EmulatorError(
        405,
        'METHOD_NOT_SUPPORTED',
        `${request.method} is not supported on ${request.path}`
      )
    }
    const params = match.slice(1).map(p => decodeURIComponent(p))
    return { status: 200, body: handler(store, params, request) }
  }
  throw new EmulatorError(404, 'NOT_FOUND', `No route for ${request.method} ${request.path}`)
}

function invalid(path: string, message: string): EmulatorError {
  return new EmulatorError(400, 'BAD_REQUEST', `Invalid input: ${path}: ${message}`, {
    issues: [{ path: [path], message }]
  })
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('body', 'Expected object')
  }
  return body as Record<string, unknown>
}

type FieldType = 'string' | 'nullable-string' | 'boolean' | 'object'

function field(
  body: Record<string, unknown>,
  key: string,
  type: FieldType,
  required = false
): unknown {
  const value = body[key]
  if (value === undefined) {
    if (required) throw invalid(key, 'Required')
    return undefined
  }
  const ok =
    type === 'string'
      ? typeof value === 'string'
      : type === 'nullable-string'
        ? typeof value === 'string' || value === null
        : type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'object' && value !== null && !Array.isArray(value)
  if (!ok)
    throw invalid(key, `Expected ${type.replace('nullable-', '')}, received ${describe(value)}`)
  return value
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** message, tags (a comma-delimited string on the wire) and metadata of a create or update. */
function versionFields(body: Record<string, unknown>) {
  const message = field(body, 'message', 'string') as string | undefined
  const tags = field(body, 'tags', 'string') as string | undefined
  const metadata = field(body, 'metadata', 'object') as Record<string, unknown> | undefined
  return {
    ...(message !== undefined && { message }),
    ...(tags !== undefined && {
      tags: [...new Set(tags.split(',').map(t => t.trim()))].filter(t => t !== '')
    }),
    ...(metadata !== undefined && { metadata })
  }
}

type SortKey = [string, string]

/**
 * Keyset pagination over `items` by (dtCreated, id): the cursor names the last item's key, so
 * deleting that item does not break the walk. Cursors are opaque (base64url JSON) and bound to the
 * listing and order they came from.
 */
function paginate<T extends object>(
  items: readonly T[],
  query: URLSearchParams,
  keyOf: (item: T) => SortKey,
  scope: string
): { hasMore: boolean; items: T[]; nextPage: string | null } {
  const limitText = query.get('limit')
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText)
  if (!Number.isInteger(limit) || limitText === '') throw invalid('limit', 'Expected integer')
  if (limit < 1) throw invalid('limit', 'Number must be greater than or equal to 1')
  if (limit > MAX_PAGE_SIZE)
    throw invalid('limit', `Number must be less than or equal to ${MAX_PAGE_SIZE}`)
  const order = query.get('order') ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw invalid('order', "Expected 'asc' | 'desc'")
  const orderBy = query.get('orderBy') ?? 'dtCreated'
  if (orderBy !== 'dtCreated') throw invalid('orderBy', "Expected 'dtCreated'")

  // Dates are parsed once per item, and IDs compared by code unit: this runs on every page.
  const sign = order === 'asc' ? 1 : -1
  const compare = (a: { time: number; id: string }, b: { time: number; id: string }) =>
    sign * (a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const sorted = items
    .map(item => {
      const key = keyOf(item)
      return { item, key, time: Date.parse(key[0]), id: key[1] }
    })
    .sort(compare)

  let start = 0
  const after = query.get('after')
  if (after !== null) {
    const cursor = decodeCursor(after)
    if (cursor === undefined || cursor.scope !== scope || cursor.order !== order) {
      throw invalid('after', 'Invalid cursor')
    }
    const position = { time: Date.parse(cursor.key[0]), id: cursor.key[1] }
    start = sorted.findIndex(entry => compare(entry, position) > 0)
    if (start === -1) start = sorted.length
  }
  const page = sorted.slice(start, start + limit)
  const hasMore = start + limit < sorted.length
  const last = page.at(-1)
  return {
    hasMore,
    items: page.map(entry => entry.item),
    nextPage: hasMore && last !== undefined ? encodeCursor({ scope, order, key: last.key }) : null
  }
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
    return { scope: scope!, order: order!, key: [created!, id!] }
  } catch {
    return undefined
  }
}
