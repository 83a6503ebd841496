/**
 * Sends a create's POST until its version exists, never blindly twice. A failure that may have
 * reached the API (timeout, reset, 5xx) is followed by a search for the create's token among
 * every version created since the first attempt was sent (by dtCreated, allowing CLOCK_SKEW_MS),
 * however many that is, up to SEARCH_PAGES; the version found is adopted. Only when none carries
 * the token is the POST sent again, with the same token, at most `retries` times. A search that
 * stops at SEARCH_PAGES first says a duplicate may exist, and never that nothing was created.
 * Before a create is given up as not made, the token is looked for once more, SETTLE_MS after the
 * first attempt: the API may still be carrying it out.
 */
import { CancelledError } from '../../shared/cancel.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import { formatAge } from '../../shared/age.ts'
import { Inputs } from '../../interface/names.ts'
import type { CreateSettings } from '../../interface/settings.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import { NEVER_SENT_CODES } from '../../paperspace/retry.ts'
import { findNewestByMetadata, type MetadataSearch } from '../../paperspace/search.ts'
import type { DatasetVersion, VersionFields } from '../../paperspace/types.ts'
import type { OperationContext } from '../context.ts'
import { SEARCH_PAGES, SETTLE_MS, UNLISTED_METADATA_READS } from './bounds.ts'
import { carries, tokenPlace } from './marks.ts'

export interface Posted {
  /** The version the POST answered with, or the one its token was found on. */
  readonly version: DatasetVersion
  /** The answer was lost and the version was found by its token. */
  readonly recovered: boolean
  /** How many times the POST was sent: more than once may have made more than one version. */
  readonly posts: number
  /** When the first attempt was sent (ms since the epoch, `context.clock`). */
  readonly firstSentMs: number
}

/** The create's target and marks: its dataset, the body to send and the token inside it. */
export interface CreateRequest {
  readonly datasetId: string
  readonly fields: VersionFields
  readonly token: string
  /** The start of the window searched for the token (dtCreated, ms since the epoch). */
  readonly sinceMs: number
}

export async function postOnce(
  client: PaperspaceClient,
  settings: CreateSettings,
  request: CreateRequest,
  context: OperationContext
): Promise<Posted> {
  const { retries } = settings.connection
  const { log, clock, signal } = context
  const firstSentMs = clock.now()
  for (let attempt = 1; ; attempt++) {
    let failure: ApiError
    try {
      const version = await client.createVersion(request.datasetId, request.fields)
      return { version, recovered: false, posts: attempt, firstSentMs }
    } catch (error) {
      if (!(error instanceof ApiError) || !mayHaveArrived(error)) throw error
      failure = error
    }
    log.info(
      `${failure.message}; the version may exist all the same: looking for this create's token`
    )
    const settledAtSearch = clock.now() >= firstSentMs + SETTLE_MS
    let search = await searchToken(client, request, failure, context)
    if (
      search.found === undefined &&
      search.unread === 0 &&
      attempt > retries &&
      !settledAtSearch
    ) {
      log.info(
        `Not found; looking once more ${formatAge(SETTLE_MS)} after the first attempt was sent, ` +
          'in case the API is still carrying one out'
      )
      try {
        await clock.sleep(Math.max(0, firstSentMs + SETTLE_MS - clock.now()), signal)
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error
        throw new CancelledError(
          `${failure.message}; stopped before looking once more for this create's token, so a ` +
            `version may still be made. It would carry ${tokenPlace(request.token)}`
        )
      }
      search = await searchToken(client, request, failure, context)
    }
    if (search.found !== undefined) {
      return { version: search.found, recovered: true, posts: attempt, firstSentMs }
    }
    if (search.unread > 0) {
      throw new ActionError(
        `${failure.message}. The version may have been created: ${search.read + search.unread} ` +
          'versions created since it was sent were listed without their metadata and only ' +
          `${search.read} were read, so it is not sent again. It would carry ${tokenPlace(request.token)}`
      )
    }
    const attempts = `${attempt} attempt${attempt === 1 ? '' : 's'}; see ${Inputs.retries}`
    if (search.ended === 'pages') {
      const missed = notReached(search)
      if (attempt > retries) {
        throw new ActionError(
          `${failure.message}. The version may have been created: ${missed}. It would carry ` +
            `${tokenPlace(request.token)} (${attempts})`
        )
      }
      log.warning(
        `${failure.message}. This create's version may exist all the same: ${missed}. Sending it ` +
          `again (retry ${attempt} of ${retries}), so a duplicate carrying ` +
          `${tokenPlace(request.token)} may exist`
      )
    } else if (attempt > retries) {
      throw new ActionError(
        `${failure.message}. No version carries this create's token, so none was created: every ` +
          `version created since the first attempt was sent was searched, the last time ` +
          `${formatAge(SETTLE_MS)} or more after it (${attempts})`
      )
    } else {
      log.info(
        "No version created since the first attempt was sent carries this create's token yet; " +
          `sending it again (retry ${attempt} of ${retries})`
      )
    }
    await clock.sleep(Math.min(20_000, 1000 * 2 ** (attempt - 1)), signal)
  }
}

/** What a search that stopped at its page bound could not see. */
function notReached(search: { readonly scanned: number }): string {
  return (
    `only the newest ${search.scanned} versions were searched (at most ${SEARCH_PAGES} pages), ` +
    'and more were created since shortly before it was first sent: it may be one of those'
  )
}

/** The newest version carrying the token, among those created since the create began. */
async function searchToken(
  client: PaperspaceClient,
  request: CreateRequest,
  failure: ApiError,
  context: OperationContext
): Promise<MetadataSearch> {
  try {
    return await findNewestByMetadata(
      client,
      request.datasetId,
      v => carries(v, 'token', request.token),
      context.log,
      { maxPages: SEARCH_PAGES, notBeforeMs: request.sinceMs },
      { consider: () => true, maxReads: UNLISTED_METADATA_READS }
    )
  } catch (error) {
    if (error instanceof CancelledError) throw error
    throw new ActionError(
      `${failure.message}. The version may have been created, but looking for it failed: ` +
        `${messageOf(error)}. It would carry ${tokenPlace(request.token)}`
    )
  }
}

/** Whether a failed POST may have been carried out: anything but a definite refusal. */
function mayHaveArrived(error: ApiError): boolean {
  if (error.status === undefined) return !NEVER_SENT_CODES.includes(error.code)
  // 2xx with a body of the wrong shape: created, answer unusable.
  return error.status < 300 || error.status === 408 || error.status === 429 || error.status >= 500
}
