/**
 * The Paperspace API's dataset and version endpoints, typed: each call is one request through the
 * transport (`http.ts`), its answer checked against the documented shape (`parse.ts`). The client
 * never reads inputs; it is given what it needs.
 */
import { isPlainId } from '../shared/ids.ts'
import { quote } from '../shared/quote.ts'
import { ApiError } from './errors.ts'
import type { CallOptions } from './deadline.ts'
import { createTransport, type TransportOptions } from './http.ts'
import { parseDataset, parseDatasetPage, parsePage, parseVersion } from './parse.ts'
import type { Dataset, DatasetVersion, ListQuery, Page, VersionFields } from './types.ts'

export type ClientOptions = TransportOptions

/** What a DELETE of one version came to. */
export interface Deletion {
  readonly version: string
  /** True when a retried DELETE found the version gone: our earlier attempt removed it. */
  readonly alreadyGone: boolean
}

export interface PaperspaceClient {
  /** One page of the private datasets the key can see, oldest first. */
  listDatasets(query: { limit: number; after?: string }): Promise<Page<Dataset>>
  getDataset(datasetId: string): Promise<Dataset>
  listVersions(datasetId: string, query: ListQuery): Promise<Page<DatasetVersion>>
  /** One version; `call.timeLeftMs` bounds the whole call, retries included (see http.ts). */
  getVersion(datasetId: string, version: string, call?: CallOptions): Promise<DatasetVersion>
  createVersion(datasetId: string, fields: VersionFields): Promise<DatasetVersion>
  updateVersion(datasetId: string, version: string, fields: VersionFields): Promise<DatasetVersion>
  deleteVersion(datasetId: string, version: string): Promise<Deletion>
}

/** The most a list request may ask for; the API rejects more. */
export const MAX_PAGE_SIZE = 120

export function createClient(options: ClientOptions): PaperspaceClient {
  const send = createTransport(options)
  return {
    listDatasets(query) {
      const searchParams = new URLSearchParams({
        limit: String(query.limit),
        orderBy: 'dtCreated',
        order: 'asc',
        privacy: 'PRIVATE'
      })
      if (query.after !== undefined) searchParams.set('after', query.after)
      return send('GET', '/datasets', parseDatasetPage, { searchParams })
    },

    getDataset(datasetId) {
      return send('GET', datasetPath(datasetId), parseDataset)
    },

    listVersions(datasetId, query) {
      const searchParams = new URLSearchParams({
        limit: String(query.limit),
        orderBy: 'dtCreated',
        order: query.order ?? 'desc'
      })
      if (query.after !== undefined) searchParams.set('after', query.after)
      if (query.tags !== undefined && query.tags.length > 0)
        searchParams.set('tags', query.tags.join(','))
      return send('GET', versionsPath(datasetId), parsePage, { searchParams })
    },

    getVersion(datasetId, version, call) {
      return send('GET', versionPath(datasetId, version), parseVersion, {}, call)
    },

    createVersion(datasetId, fields) {
      return send('POST', versionsPath(datasetId), parseVersion, { json: wireBody(fields) })
    },

    updateVersion(datasetId, version, fields) {
      return send('PUT', versionPath(datasetId, version), parseVersion, { json: wireBody(fields) })
    },

    async deleteVersion(datasetId, version) {
      try {
        await send('DELETE', versionPath(datasetId, version), () => undefined)
        return { version, alreadyGone: false }
      } catch (error) {
        // A 404 on a retry means an earlier attempt deleted it and only its answer was lost.
        if (error instanceof ApiError && error.status === 404 && error.attempts > 1) {
          return { version, alreadyGone: true }
        }
        throw error
      }
    }
  }
}

/**
 * The JSON body of a create or update. Every given field is sent, falsy or not: `isCommitted:
 * false` and `message: ""` are real values. Tags go over the wire as one comma-delimited string.
 */
export function wireBody(fields: VersionFields): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (fields.message !== undefined) body.message = fields.message
  if (fields.tags !== undefined) body.tags = fields.tags.join(',')
  if (fields.metadata !== undefined) body.metadata = fields.metadata
  if (fields.isCommitted !== undefined) body.isCommitted = fields.isCommitted
  return body
}

function segment(id: string): string {
  // Inputs are validated long before this; IDs read back from the API are checked here too.
  if (!isPlainId(id))
    throw new Error(`refusing to put ${quote(id)} in a request path: not a plain ID`)
  return encodeURIComponent(id)
}

function datasetPath(datasetId: string): string {
  return `/datasets/${segment(datasetId)}`
}

export function versionsPath(datasetId: string): string {
  return `${datasetPath(datasetId)}/versions`
}

export function versionPath(datasetId: string, version: string): string {
  return `${versionsPath(datasetId)}/${segment(version)}`
}
