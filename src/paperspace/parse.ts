/**
 * Checks API responses against the documented shapes before anything trusts them.
 *
 * Strict where a wrong guess is dangerous: `isCommitted` must be a real boolean (a string "false"
 * must never read as uncommitted), `tags` must be present (a missing array could hide a protecting
 * tag), dates must parse, and version IDs must be plain IDs because they go back into URL paths.
 * Lenient elsewhere: unknown fields are ignored and absent nullable fields read as null.
 * Metadata nested deeper than MAX_METADATA_DEPTH is cut there (see `shared/json.ts`).
 */
import {
  cutDeeperThan,
  MAX_METADATA_DEPTH,
  nestsDeeperThan,
  TOO_DEEP_MARKER
} from '../shared/json.ts'
import { isPlainId } from '../shared/ids.ts'
import type { Dataset, DatasetVersion, Page } from './types.ts'

/** A response that does not have the documented shape; `where` points at the field. */
export class ResponseShapeError extends Error {
  override name = 'ResponseShapeError'
  readonly where: string

  constructor(where: string, expected: string) {
    super(`${where} is not ${expected}`)
    this.where = where
  }
}

export type Fields = Record<string, unknown>

// The field readers below are shared with the plan file's parser (interface/plan-input.ts).

export function object(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResponseShapeError(where, 'an object')
  }
  return value as Fields
}

export function string(fields: Fields, key: string, where: string): string {
  const value = fields[key]
  if (typeof value !== 'string') throw new ResponseShapeError(`${where}.${key}`, 'a string')
  return value
}

export function nullableString(fields: Fields, key: string, where: string): string | null {
  const value = fields[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new ResponseShapeError(`${where}.${key}`, 'a string or null')
  return value
}

export function date(fields: Fields, key: string, where: string): string {
  const value = string(fields, key, where)
  if (Number.isNaN(Date.parse(value)))
    throw new ResponseShapeError(`${where}.${key}`, 'a date-time')
  return value
}

export function strings(fields: Fields, key: string, where: string): string[] {
  const value = fields[key]
  if (!Array.isArray(value) || !value.every(t => typeof t === 'string')) {
    throw new ResponseShapeError(`${where}.${key}`, 'an array of strings')
  }
  return value
}

export function usageBytes(fields: Fields, where: string): string | null {
  const value = fields.usageBytes
  if (value === undefined || value === null) return null
  if (typeof value === 'string' && /^\d+$/.test(value)) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  throw new ResponseShapeError(`${where}.usageBytes`, 'a byte count or null')
}

export function parseVersion(value: unknown, where = 'version'): DatasetVersion {
  const fields = object(value, where)
  const version = string(fields, 'version', where)
  if (!isPlainId(version)) throw new ResponseShapeError(`${where}.version`, 'a plain ID')
  if (typeof fields.isCommitted !== 'boolean') {
    throw new ResponseShapeError(`${where}.isCommitted`, 'a boolean')
  }
  const tags = strings(fields, 'tags', where)
  const metadata = shallowMetadata(fields.metadata ?? null)
  const userId = nullableString(fields, 'userId', where)
  const dtCreated = date(fields, 'dtCreated', where)
  const dtModified = date(fields, 'dtModified', where)
  return {
    version,
    datasetId: string(fields, 'datasetId', where),
    message: nullableString(fields, 'message', where),
    metadata: metadata === null ? null : object(metadata, `${where}.metadata`),
    isCommitted: fields.isCommitted,
    url: nullableString(fields, 'url', where),
    tags,
    usageBytes: usageBytes(fields, where),
    userId,
    dtCreated,
    dtModified
  }
}

/**
 * Metadata with its over-deep parts replaced by a marker: anyone may store metadata nested
 * thousands of levels deep, and writing that out (JSON.stringify) would overflow the stack.
 */
function shallowMetadata(metadata: unknown): unknown {
  if (!nestsDeeperThan(metadata, MAX_METADATA_DEPTH)) return metadata
  return cutDeeperThan(metadata, MAX_METADATA_DEPTH, TOO_DEEP_MARKER)
}

/** A dataset; its ID must be a plain ID because it goes back into URL paths. */
export function parseDataset(value: unknown, where = 'dataset'): Dataset {
  const fields = object(value, where)
  const id = string(fields, 'id', where)
  if (!isPlainId(id)) throw new ResponseShapeError(`${where}.id`, 'a plain ID')
  if (typeof fields.isPublic !== 'boolean') {
    throw new ResponseShapeError(`${where}.isPublic`, 'a boolean')
  }
  return {
    id,
    name: nullableString(fields, 'name', where),
    description: nullableString(fields, 'description', where),
    isPublic: fields.isPublic,
    storageProviderId: nullableString(fields, 'storageProviderId', where),
    teamId: nullableString(fields, 'teamId', where),
    dtCreated: date(fields, 'dtCreated', where),
    dtModified: date(fields, 'dtModified', where)
  }
}

/** A page of a cursor-paginated listing, each item read by `item`. */
function pageOf<T>(value: unknown, item: (value: unknown, where: string) => T): Page<T> {
  const fields = object(value, 'page')
  if (typeof fields.hasMore !== 'boolean') throw new ResponseShapeError('page.hasMore', 'a boolean')
  if (!Array.isArray(fields.items)) throw new ResponseShapeError('page.items', 'an array')
  // The spec's schema leaves it out on the last page, its prose says null there; "" means the
  // same. All three end the listing.
  const nextPage = nullableString(fields, 'nextPage', 'page') || null
  return {
    hasMore: fields.hasMore,
    items: fields.items.map((value, i) => item(value, `page.items[${i}]`)),
    nextPage
  }
}

export function parsePage(value: unknown): Page<DatasetVersion> {
  return pageOf(value, parseVersion)
}

export function parseDatasetPage(value: unknown): Page<Dataset> {
  return pageOf(value, parseDataset)
}
