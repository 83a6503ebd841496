/**
 * The readings the v1 spec (https://api.paperspace.com/v1/openapi.json) leaves open: it settles
 * the shapes of the `tags` and `privacy` queries and of listed versions, not what they mean. The
 * emulator takes one reading of each (the defaults) and can be switched to any other, so that
 * tests show the action is right under every one of them.
 */
import type { Dataset, Version } from './store.ts'

/**
 * How `GET .../versions?tags=a,b` matches: versions carrying any of the tags, all of them, one
 * tag literally named `a,b`, or no filter at all.
 */
export const TAGS_FILTERS = ['any', 'all', 'literal', 'ignored'] as const
export type TagsFilter = (typeof TAGS_FILTERS)[number]

export interface Readings {
  tagsFilter: TagsFilter
  /** `GET /datasets?privacy=PRIVATE` lists public datasets too. */
  privateListsPublic: boolean
  /** Listed versions carry `metadata: null`; a GET of one version still returns its metadata. */
  listsWithoutMetadata: boolean
}

export const DEFAULT_READINGS: Readonly<Readings> = Object.freeze({
  tagsFilter: 'any',
  privateListsPublic: false,
  listsWithoutMetadata: false
})

/** The versions a `tags` query keeps under the reading; undefined when it keeps them all. */
export function tagsMatcher(
  reading: TagsFilter,
  query: string | null
): ((version: Version) => boolean) | undefined {
  if (query === null || reading === 'ignored') return undefined
  if (reading === 'literal') {
    return query === '' ? undefined : version => version.tags.includes(query)
  }
  const wanted = query
    .split(',')
    .map(t => t.trim())
    .filter(t => t !== '')
  if (wanted.length === 0) return undefined
  return reading === 'all'
    ? version => wanted.every(tag => version.tags.includes(tag))
    : version => version.tags.some(tag => wanted.includes(tag))
}

/** The datasets a `privacy` query keeps under the readings. */
export function privacyMatcher(
  readings: Readings,
  privacy: 'PUBLIC' | 'PRIVATE'
): (dataset: Dataset) => boolean {
  if (privacy === 'PUBLIC') return dataset => dataset.isPublic
  return readings.privateListsPublic ? () => true : dataset => !dataset.isPublic
}

/** A version as a listing shows it under the readings. */
export function listed(readings: Readings, version: Version): Version {
  return readings.listsWithoutMetadata ? { ...version, metadata: null } : version
}
