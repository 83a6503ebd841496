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

/** The body of a version create or update, before `tags` is joined for the wire. */
export interface VersionFields {
  readonly message?: string
  readonly tags?: readonly string[]
  readonly metadata?: Readonly<Record<string, unknown>>
  readonly isCommitted?: boolean
}

/** Which versions to list: one page of them for the client, a whole walk for `collectVersions`. */
export interface ListQuery {
  /** Most versions to return; for a walk, Infinity means to the end. */
  readonly limit: number
  /** By dtCreated; newest first when not given. */
  readonly order?: 'asc' | 'desc'
  /**
   * The API's `tags` filter, sent comma-joined. What it does with several is undocumented (any,
   * all, one literal tag, or nothing), so callers send one tag and check what comes back.
   */
  readonly tags?: readonly string[]
  /** A cursor from an earlier page's nextPage. */
  readonly after?: string
}

/** A dataset, as GET /datasets lists it (fields the action uses; the rest are ignored). */
export interface Dataset {
  readonly id: string
  readonly name: string | null
  readonly description: string | null
  readonly isPublic: boolean
  readonly storageProviderId: string | null
  readonly teamId: string | null
  readonly dtCreated: string
  readonly dtModified: string
}
