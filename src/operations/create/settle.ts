/**
 * After a create, looks again for what it made, and for what other runs made with the same
 * idempotencyKey, and leaves one version: the earliest by dtCreated, then by version ID (the
 * lower), which every run picks alike from the same versions.
 *
 * When. After a create whose POST was sent more than once, no sooner than SETTLE_MS after the
 * first attempt was sent: an attempt the API was still carrying out when the client gave up on it
 * lands beside the retry's version. After every create with an idempotencyKey, at once (or after
 * that wait, if it also retried). A create sent once without a key made at most one version and
 * is not looked at again.
 *
 * What. Every version created since the create began (less CLOCK_SKEW_MS) carrying this create's
 * token or, with a key, the key; however many versions others made meanwhile, up to SEARCH_PAGES.
 * Without a key the earliest of this create's own is kept. With a key the earliest of all is kept;
 * when it is another run's, this run adopts it (`created` false). A run deletes only its own
 * extras, uncommitted versions carrying its own token, each read again just before its DELETE;
 * one committed or no longer carrying the token meanwhile is left and named.
 *
 * Two runs A and B with the same key, making vA and vB. Each run looks after its own POST was
 * answered, so its own version is there when it looks.
 *   1. A's key search (before its POST) finds vB: A adopts it and sends nothing.
 *   2. Neither search finds the other's version; both POST; each look sees vA and vB. Both keep
 *      the earlier, say vA: A reports it with `created` true, B deletes vB and reports vA with
 *      `created` false.
 *   3. A looks before vB exists and keeps vA. B's look comes after vB was stored, so after A's
 *      look, so after vA was stored: B sees both. vA is the earlier (it was stored first), so B
 *      deletes vB and adopts vA, as in 2.
 *   4. The mirror of 3 (B looks before vA exists) ends with vB, the same way.
 *   5. A retried: its extra versions carry its token and are its own to delete after the wait; the
 *      look then goes on as in 2 or 3. With three runs or more the earliest version is stored
 *      before any other, so before every other run's look: every run sees it and keeps it.
 * The race left: the earliest version by (dtCreated, ID) being stored only after another run's
 * look. With an API that stamps dtCreated as it stores a version and shows it at once (as the
 * emulator does), that needs two versions stamped in the same millisecond, the one with the lower
 * ID stored second, and the other run's whole look (its POST answered, then a listing) fitting in
 * between: two runs then each keep their own, and two versions remain, each reported by its run
 * with `created` true (with three runs, one may adopt a version its run then deletes). An API that
 * showed a version long after stamping it would widen this by that delay. Rare: it takes two POSTs
 * with one key landing within the same millisecond, and a look squeezed between them. Waiting
 * SETTLE_MS before every keyed look would narrow it further, at 10 s a create; it is not done.
 */
import { ActionError, messageOf } from '../../shared/errors.ts'
import { Inputs } from '../../interface/names.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import { findAllByMetadata } from '../../paperspace/search.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import { formatAge } from '../../shared/age.ts'
import type { OperationContext } from '../context.ts'
import { SEARCH_PAGES, SETTLE_MS, UNLISTED_METADATA_READS } from './bounds.ts'
import { carries, tokenPlace, type CreateMarks } from './marks.ts'
import type { CreateRequest, Posted } from './post.ts'

/** A version this create made beyond the one kept, and what became of it. */
export interface Duplicate {
  readonly version: string
  /**
   * deleted; gone (deleted by someone else first); committed or changed (committed, or its
   * metadata no longer carrying the token, when read again: left as it is); failed (its read or
   * DELETE failed: `error`).
   */
  readonly status: 'deleted' | 'gone' | 'committed' | 'changed' | 'failed'
  readonly error?: string
}

export interface Settled {
  readonly kept: DatasetVersion
  /** The version kept is another run's, made with the same idempotencyKey and created first. */
  readonly adopted: boolean
  readonly duplicates: readonly Duplicate[]
  /** Why the look could not be made: the version kept is then the POST's, and left uncommitted. */
  readonly unsettled?: string
}

/** Whether a create is looked at again: it was sent more than once, or it has a key. */
export function needsSettling(posted: Posted, marks: CreateMarks): boolean {
  return posted.posts > 1 || marks.idempotencyKey !== undefined
}

export async function settle(
  client: PaperspaceClient,
  request: CreateRequest,
  posted: Posted,
  marks: CreateMarks,
  context: OperationContext
): Promise<Settled> {
  const { log, clock } = context
  const own = posted.version
  let found: readonly DatasetVersion[]
  try {
    const waitMs = posted.firstSentMs + SETTLE_MS - clock.now()
    if (posted.posts > 1 && waitMs > 0) {
      log.info(
        `The create was sent ${posted.posts} times: looking for a duplicate ${formatAge(SETTLE_MS)} ` +
          `after the first attempt, once an attempt the API may still be carrying out has landed`
      )
      await clock.sleep(waitMs, context.signal)
    }
    found = await findOwn(client, request, marks, context)
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    return {
      kept: own,
      adopted: false,
      duplicates: [],
      unsettled:
        `could not look for another version made by this create` +
        `${marks.idempotencyKey === undefined ? '' : ` or with this ${Inputs.idempotencyKey}`}: ` +
        `${messageOf(error)}. A second version made by this create would carry ` +
        tokenPlace(marks.token)
    }
  }
  const { keep, remove } = planSettle(found, own, marks)
  const adopted = !carries(keep, 'token', marks.token) && keep.version !== own.version
  if (adopted) {
    log.info(
      `Version ${keep.version} carries the same ${Inputs.idempotencyKey} and was created first, ` +
        `by another run: it is kept, and this run reports it`
    )
  }
  const duplicates: Duplicate[] = []
  for (const version of remove) {
    const duplicate = await removeDuplicate(client, request.datasetId, version.version, marks.token)
    duplicates.push(duplicate)
    log[duplicate.status === 'committed' || duplicate.status === 'changed' ? 'warning' : 'info'](
      duplicateLine(duplicate, keep, adopted)
    )
  }
  return { kept: keep, adopted, duplicates }
}

/** Every version carrying this create's token or key since it began, read as far as bounded. */
async function findOwn(
  client: PaperspaceClient,
  request: CreateRequest,
  marks: CreateMarks,
  context: OperationContext
): Promise<readonly DatasetVersion[]> {
  const { idempotencyKey: key, token } = marks
  const search = await findAllByMetadata(
    client,
    request.datasetId,
    v => carries(v, 'token', token) || (key !== undefined && carries(v, 'idempotencyKey', key)),
    context.log,
    { maxPages: SEARCH_PAGES, notBeforeMs: request.sinceMs },
    { consider: () => true, maxReads: UNLISTED_METADATA_READS }
  )
  const unseen =
    search.ended === 'pages'
      ? `only the newest ${search.scanned} versions created since it began were searched ` +
        `(at most ${SEARCH_PAGES} pages)`
      : search.unread > 0
        ? `${search.unread} versions created since it began were listed without their metadata ` +
          `and left unread`
        : undefined
  if (unseen !== undefined) {
    context.log.warning(
      `Looking for duplicates of this create: ${unseen}, so a duplicate carrying ` +
        `${tokenPlace(token)}${key === undefined ? '' : ` or this ${Inputs.idempotencyKey}`} may exist`
    )
  }
  return search.found
}

/** Which version to keep, and which of this create's own to remove. Pure. */
export function planSettle(
  found: readonly DatasetVersion[],
  own: DatasetVersion,
  marks: CreateMarks
): { keep: DatasetVersion; remove: DatasetVersion[] } {
  const byId = new Map(found.map(v => [v.version, v]))
  if (!byId.has(own.version)) byId.set(own.version, own)
  const versions = [...byId.values()]
  const ours = versions.filter(v => v.version === own.version || carries(v, 'token', marks.token))
  const keep = earliest(marks.idempotencyKey === undefined ? ours : versions)
  return { keep, remove: ours.filter(v => v.version !== keep.version) }
}

/** The earliest created, ties to the lower version ID: one answer for every run. Pure. */
export function earliest(versions: readonly DatasetVersion[]): DatasetVersion {
  const [first, ...rest] = versions
  if (first === undefined) throw new Error('earliest of no versions')
  return rest.reduce((best, v) => (before(v, best) ? v : best), first)
}

function before(a: DatasetVersion, b: DatasetVersion): boolean {
  const byTime = Date.parse(a.dtCreated) - Date.parse(b.dtCreated)
  return byTime === 0 ? a.version < b.version : byTime < 0
}

/** Reads the version again and deletes it only if it is still uncommitted and carries the token. */
async function removeDuplicate(
  client: PaperspaceClient,
  datasetId: string,
  id: string,
  token: string
): Promise<Duplicate> {
  try {
    const current = await client.getVersion(datasetId, id)
    if (current.isCommitted) return { version: id, status: 'committed' }
    if (!carries(current, 'token', token)) return { version: id, status: 'changed' }
    await client.deleteVersion(datasetId, id)
    return { version: id, status: 'deleted' }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { version: id, status: 'gone' }
    if (!(error instanceof ActionError)) throw error
    return { version: id, status: 'failed', error: messageOf(error) }
  }
}

function duplicateLine(duplicate: Duplicate, keep: DatasetVersion, adopted: boolean): string {
  const whose = adopted
    ? `this run's version ${duplicate.version} (version ${keep.version}, another run's with the same ${Inputs.idempotencyKey}, was created first and is kept)`
    : `version ${duplicate.version}, a duplicate carrying this create's token (version ${keep.version}, created first, is kept)`
  switch (duplicate.status) {
    case 'deleted':
      return `Deleted ${whose}`
    case 'gone':
      return `Found ${whose} already deleted`
    case 'committed':
      return `Left ${whose}: it has been committed meanwhile`
    case 'changed':
      return `Left ${whose}: its metadata no longer carries this create's token`
    case 'failed':
      return `Could not delete ${whose}: ${duplicate.error ?? ''}`
  }
}
