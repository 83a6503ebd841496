/**
 * The emulator's endpoints: the documented v1 dataset and dataset-version routes, with the API's
 * validation (limit 1..120, order, orderBy, body field types) answered as 400 BAD_REQUEST in the
 * API's error shape `{code, message, details}`.
 */
import { listingPage } from './paging.ts'
import { listed, privacyMatcher, tagsMatcher } from './readings.ts'
import { EmulatorError, invalidInput, type Dataset, type Store, type Version } from './store.ts'

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts'

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

type Handler = (store: Store, params: string[], request: RouteRequest) => unknown

const ROUTES: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  {
    pattern: /^\/datasets$/,
    methods: {
      GET: (store, _params, request) => {
        // Documented as PUBLIC | PRIVATE with PRIVATE the default (`datasets-list` in the spec).
        const privacy = request.query.get('privacy') ?? 'PRIVATE'
        if (privacy !== 'PRIVATE' && privacy !== 'PUBLIC') {
          throw invalidInput('privacy', "Expected 'PUBLIC' | 'PRIVATE'")
        }
        const teamId = request.query.get('teamId')
        const inPrivacy = privacyMatcher(store.readings, privacy)
        return listingPage<Dataset>(
          request.query,
          'datasets',
          d => [d.dtCreated, d.id],
          query => store.pageDatasets(query),
          d => inPrivacy(d) && (teamId === null || d.teamId === teamId)
        )
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
        // The filter's semantics are undocumented; store.readings.tagsFilter picks one.
        store.getDataset(datasetId!)
        const page = listingPage<Version>(
          request.query,
          `versions:${datasetId}`,
          v => [v.dtCreated, v.version],
          query => store.pageVersions(datasetId!, query),
          tagsMatcher(store.readings.tagsFilter, request.query.get('tags'))
        )
        return { ...page, items: page.items.map(v => listed(store.readings, v)) }
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
  },
  {
    // Paperspace's own CLI (Paperspace/cli, `pspace`) asks this before it creates anything:
    // a team in good standing lets it create versions against the emulator.
    pattern: /^\/billing\/account-standing$/,
    methods: {
      GET: () => ({
        hasPaymentMethod: true,
        isAdminLocked: false,
        isInGoodStanding: true,
        messages: []
      })
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

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {}
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('body', 'Expected object')
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
    if (required) throw invalidInput(key, 'Required')
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
    throw invalidInput(
      key,
      `Expected ${type.replace('nullable-', '')}, received ${describe(value)}`
    )
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
