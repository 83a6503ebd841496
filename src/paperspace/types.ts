/**
 * The API's dataset-version shapes, as documented for https://api.paperspace.com/v1.
 * Nullable where the API says nullable; `usageBytes` is a string-encoded integer; `tags` is an
 * array in responses but a comma-delimited string in requests (see `client.ts`).
 */
export interface DatasetVersion {
  readonly version: string
  readonly datasetId: string
  readonly message: string | null
  readonly metadata: Readonly<Record<string, unknown>> | null
  readonly isCommitted: boolean
  readonly url: string | null
  readonly tags: readonly string[]
  readonly usageBytes: string | null
  readonly userId: string | null
  readonly dtCreated: string
  readonly dtModified: string
}

/** One page of a cursor-paginated listing. `nextPage` is null when the API gave none. */
export interface Page<T> {
  readonly hasMore: boolean
  readonly items: readonly T[]
  readonly nextPage: string | null
}

/** What DELETE /datasets/{datasetId}/versions/{version} answers. */
export interface DeletedVersion {
  readonly datasetId: string
  readonly version: string
}

/** The body of a version create or update, before `tags` is joined for the wire. */
export interface VersionFields {
  readonly message?: string
  readonly tags?: readonly string[]
  readonly metadata?: Readonly<Record<string, unknown>>
  readonly isCommitted?: boolean
}

export interface ListQuery {
  readonly limit: number
  readonly after?: string
  readonly order?: 'asc' | 'desc'
  readonly tags?: readonly string[]
}
