/**
 * The API's answers and request bodies as JSON Schemas, written from its published OpenAPI spec
 * (https://api.paperspace.com/v1/openapi.json; each names the operation or schema it follows).
 * The spec closes every object (`additionalProperties: false`), and so do these. The test suite
 * checks every answer the emulator sends, and every request the action sends, against them (see
 * conformance.ts).
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

/** The spec's dataset object, its 8 fields. */
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

/** The spec's version object, its 11 fields; `usageBytes` a string, never a number. */
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
 * A listing page, as every list operation answers. `nextPage` is an optional string, not
 * nullable: the last page leaves it out.
 */
function listing(item: SchemaObject): SchemaObject {
  return closed({ hasMore: boolean, items: { type: 'array', items: item }, nextPage: string }, [
    'hasMore',
    'items'
  ])
}

export const datasetListing = listing(dataset)
export const versionListing = listing(version)

/** What `datasets-delete` answers. */
export const datasetDeleted = closed({ id: string })

/** What `datasetVersions-delete` answers. */
export const versionDeleted = closed({ datasetId: string, version: string })

/** The spec's `default` error, `{code, message, details?}` with `details` an object. */
export const errorBody = closed({ code: string, message: string, details: { type: 'object' } }, [
  'code',
  'message'
])

/** `billingAccountStanding-get`, which Paperspace's CLI asks before it creates. */
export const accountStanding = closed({
  hasPaymentMethod: boolean,
  isAdminLocked: boolean,
  isInGoodStanding: boolean,
  messages: { type: 'array', items: string }
})

/** The body of `datasets-create`; `isPublic` is required in the spec's type. */
export const datasetCreate = closed(
  { name: string, isPublic: boolean, description: nullableString, storageProviderId: string },
  ['name', 'isPublic']
)

/** The body of `datasets-update`; privacy and storage cannot change. */
export const datasetUpdate = closed({ name: string, description: nullableString }, [])

/** The body of `datasetVersions-create`; `tags` one comma-delimited string, no `isCommitted`. */
export const versionCreate = closed(
  { message: string, tags: string, metadata: { type: 'object' } },
  []
)

/** The body of `datasetVersions-update`, the only one that takes `isCommitted`. */
export const versionUpdate = closed(
  { message: string, tags: string, metadata: { type: 'object' }, isCommitted: boolean },
  []
)

/** The query of every list operation (all values are strings on the wire); `limit` is 1..120. */
const paging: Properties = {
  after: string,
  limit: { type: 'string', pattern: '^(?:[1-9]|[1-9][0-9]|1[01][0-9]|120)$' },
  orderBy: { enum: ['dtCreated'] },
  order: { enum: ['asc', 'desc'] }
}

/** `datasets-list` also takes `teamId` and `privacy`. */
export const datasetListQuery = closed(
  { ...paging, teamId: string, privacy: { enum: ['PUBLIC', 'PRIVATE'] } },
  []
)

/** `datasetVersions-list` also takes `tags`, one string. */
export const versionListQuery = closed({ ...paging, tags: string }, [])

/** One operation of the spec: its method and path (below /v1), and what it takes and answers. */
export interface Operation {
  readonly method: string
  readonly path: RegExp
  /** Its 200 answer; any other answer is an error body (the spec's `default`). */
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

/** Every operation of the spec the emulator serves. */
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
