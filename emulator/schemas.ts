/**
 * The API's answers and request bodies as JSON Schemas, written from the project's API notes
 * (`paperspace-api.md`; sections cited on each). The live spec closes every object
 * (`additionalProperties: false`, §0.1), and so do these. The test suite checks every answer the
 * emulator sends, and every request the action sends, against them (see conformance.ts).
 */
import type { SchemaObject } from 'ajv'

type Properties = Record<string, SchemaObject>

/** An object with exactly these properties; all required unless `required` names fewer. */
function closed(properties: Properties, required = Object.keys(properties)): SchemaObject {
  return { type: 'object', properties, required, additionalProperties: false }
}

const string = { type: 'string' }
const nullableString = { type: ['string', 'null'] }
const boolean = { type: 'boolean' }
const dateTime = { type: 'string', format: 'date-time' }

/** §3.1, §0.1: the dataset object, its 8 fields. */
export const dataset = closed({
  id: string,
  name: nullableString,
  description: nullableString,
  dtCreated: dateTime,
  dtModified: dateTime,
  isPublic: boolean,
  storageProviderId: nullableString,
  teamId: string
})

/** §3.7, §0.1: the version object, its 11 fields; `usageBytes` a string, never a number. */
export const version = closed({
  version: string,
  userId: nullableString,
  datasetId: string,
  message: nullableString,
  metadata: { type: ['object', 'null'] },
  isCommitted: boolean,
  url: nullableString,
  dtCreated: dateTime,
  dtModified: dateTime,
  tags: { type: 'array', items: string },
  usageBytes: nullableString
})

/**
 * §2.2, §0.1: a listing page. `nextPage` is an optional string, not nullable: the last page
 * leaves it out.
 */
function listing(item: SchemaObject): SchemaObject {
  return closed({ hasMore: boolean, items: { type: 'array', items: item }, nextPage: string }, [
    'hasMore',
    'items'
  ])
}

export const datasetListing = listing(dataset)
export const versionListing = listing(version)

/** §3.6: what deleting a dataset answers. */
export const datasetDeleted = closed({ id: string })

/** §3.8: what deleting a version answers. */
export const versionDeleted = closed({ datasetId: string, version: string })

/** §2.1, §0.1: every error, `{code, message, details?}` with `details` an object (the 2024 form). */
export const errorBody = closed({ code: string, message: string, details: { type: 'object' } }, [
  'code',
  'message'
])

/** §2, §0.1: `GET /billing/account-standing`, which Paperspace's CLI asks before it creates. */
export const accountStanding = closed({
  hasPaymentMethod: boolean,
  isAdminLocked: boolean,
  isInGoodStanding: boolean,
  messages: { type: 'array', items: string }
})

/** §3.3: the body of a dataset create; `isPublic` is required in the spec's type. */
export const datasetCreate = closed(
  { name: string, isPublic: boolean, description: nullableString, storageProviderId: string },
  ['name', 'isPublic']
)

/** §3.5: the body of a dataset update; privacy and storage cannot change. */
export const datasetUpdate = closed({ name: string, description: nullableString }, [])

/** §3.8, §4.2: the body of a version create; `tags` one comma-delimited string, no `isCommitted`. */
export const versionCreate = closed(
  { message: string, tags: string, metadata: { type: 'object' } },
  []
)

/** §3.8: the body of a version update, the only one that takes `isCommitted`. */
export const versionUpdate = closed(
  { message: string, tags: string, metadata: { type: 'object' }, isCommitted: boolean },
  []
)

/** §2.2: the query of every listing (all values are strings on the wire); `limit` is 1..120. */
const paging: Properties = {
  after: string,
  limit: { type: 'string', pattern: '^(?:[1-9]|[1-9][0-9]|1[01][0-9]|120)$' },
  orderBy: { enum: ['dtCreated'] },
  order: { enum: ['asc', 'desc'] }
}

/** §3.2: `GET /datasets` also takes `teamId` and `privacy`. */
export const datasetListQuery = closed(
  { ...paging, teamId: string, privacy: { enum: ['PUBLIC', 'PRIVATE'] } },
  []
)

/** §3.8: `GET /datasets/{id}/versions` also takes `tags`, one string. */
export const versionListQuery = closed({ ...paging, tags: string }, [])

/** One operation of the spec: its method and path (below /v1), and what it takes and answers. */
export interface Operation {
  readonly method: string
  readonly path: RegExp
  /** Its 200 answer; any other answer is an error body (the spec's `default`, §3.8). */
  readonly answer: SchemaObject
  /** The request body; an operation without one takes none. */
  readonly body?: SchemaObject
  /** The query; an operation without one takes none. */
  readonly query?: SchemaObject
}

const DATASETS = /^\/datasets$/
const DATASET = /^\/datasets\/[^/]+$/
const VERSIONS = /^\/datasets\/[^/]+\/versions$/
const VERSION = /^\/datasets\/[^/]+\/versions\/[^/]+$/

/** §3.2-§3.8 and §2: every operation the emulator serves. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'GET', path: DATASETS, answer: datasetListing, query: datasetListQuery },
  { method: 'POST', path: DATASETS, answer: dataset, body: datasetCreate },
  { method: 'GET', path: DATASET, answer: dataset },
  { method: 'PUT', path: DATASET, answer: dataset, body: datasetUpdate },
  { method: 'DELETE', path: DATASET, answer: datasetDeleted },
  { method: 'GET', path: VERSIONS, answer: versionListing, query: versionListQuery },
  { method: 'POST', path: VERSIONS, answer: version, body: versionCreate },
  { method: 'GET', path: VERSION, answer: version },
  { method: 'PUT', path: VERSION, answer: version, body: versionUpdate },
  { method: 'DELETE', path: VERSION, answer: versionDeleted },
  { method: 'GET', path: /^\/billing\/account-standing$/, answer: accountStanding }
]
