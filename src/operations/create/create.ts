import { CancelledError } from '../../shared/cancel.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import { ACTION_METADATA_KEY, carries, markMetadata, newToken, type CreateMarks } from './marks.ts'
import { Inputs } from '../../interface/names.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import { NEVER_SENT_CODES } from '../../paperspace/retry.ts'
import type { DatasetVersion, VersionFields } from '../../paperspace/types.ts'
import { defaultMessage, provenanceMetadata, type RunContext } from './provenance.ts'
import type { CreateSettings } from '../../interface/settings.ts'
import { commitConfirmed } from '../commit/confirm.ts'
import type { OperationContext } from '../context.ts'
import { findNewestByMetadata, type MetadataSearch } from '../../paperspace/search.ts'
import type { VersionOutcome, VersionResult } from '../result.ts'

/** Pages of the newest versions searched for a create's token after an ambiguous failure. */
export const TOKEN_SEARCH_PAGES = 3
/** How far back an idempotencyKey is looked for: as long as GitHub lets a run be re-run. */
export const KEY_SEARCH_DAYS = 30
/** And at most this many pages (12,000 versions) of it. */
export const KEY_SEARCH_PAGES = 100
/**
 * Listed versions are documented to carry their metadata, but one listed with `metadata: null`
 * may still carry a token or key: each search reads at most this many of those with GET.
 */
export const UNLISTED_METADATA_READS = 20
/**
 * How far the API's clock may be behind the runner's: a version a POST made can carry a
 * dtCreated up to this long before the POST was sent.
 */
export const CLOCK_SKEW_MS = 2 * 60_000
const DAY_MS = 86_400_000

/**
 * Creates a version exactly once and, with `commit`, commits it (confirmed, see `confirm.ts`).
 *
 * The create carries a fresh token in its metadata. A POST that may have reached the API but gave
 * no usable answer (timeout, reset, 5xx) is never simply replayed: the newest versions are
 * searched for the token first, and the version found is adopted; only when it is not there is
 * the POST sent again, with the same token, at most `retries` times. With `idempotencyKey`, a
 * version an earlier run made with that key is adopted instead of creating a second one.
 * If the commit fails the version is still reported, so a later step can commit or delete it.
 */
export async function create(
  settings: CreateSettings,
  context: OperationContext
): Promise<VersionResult> {
  const { client, log } = context
  const base = { kind: 'version', datasetId: settings.datasetId } as const
  const key = settings.idempotencyKey
  if (key !== undefined) {
    const earlier = await findEarlierCreate(client, settings, key, context)
    if (earlier !== undefined) {
      log.info(
        `Version ${earlier.version} already carries this ${Inputs.idempotencyKey}: an earlier run ` +
          'created it, so no new version is made'
      )
      return commitIfAsked(client, settings, earlier, { ...base, created: false }, 'adopted', log)
    }
  }
  const marks: CreateMarks = {
    token: newToken(),
    ...(key !== undefined && { idempotencyKey: key })
  }
  log.debug(`Create token: ${marks.token}`)
  const run = settings.provenance ? await context.runContext() : {}
  const fields = createFields(settings, run, marks)
  const { version, recovered } = await postOnce(client, settings, fields, marks.token, context)
  log.info(
    `Created version ${version.version} of ${settings.datasetId}` +
      (recovered ? ' (its answer was lost; found again by its token)' : '')
  )
  const result = { ...base, created: true, ...(recovered && { recovered }) }
  return commitIfAsked(client, settings, version, result, 'created', log)
}

async function commitIfAsked(
  client: PaperspaceClient,
  settings: CreateSettings,
  version: DatasetVersion,
  result: Pick<VersionResult, 'kind' | 'datasetId' | 'created' | 'recovered'>,
  outcome: Extract<VersionOutcome, 'created' | 'adopted'>,
  log: OperationContext['log']
): Promise<VersionResult> {
  if (!settings.commit || version.isCommitted) return { ...result, outcome, version }
  try {
    const done = await commitConfirmed(client, settings.datasetId, version.version, {}, log)
    log.info(`Committed version ${done.version.version}`)
    return {
      ...result,
      outcome: `${outcome}-and-committed`,
      version: done.version,
      ...(done.confirmedByRead && { confirmedByRead: true })
    }
  } catch (error) {
    const made = outcome === 'created' ? 'Created' : 'Found'
    return {
      ...result,
      outcome,
      version,
      failure: `${made} version ${version.version}, but committing it failed: ${messageOf(error)}`
    }
  }
}

/** The newest version carrying the idempotencyKey, created within KEY_SEARCH_DAYS. */
async function findEarlierCreate(
  client: PaperspaceClient,
  settings: CreateSettings,
  key: string,
  context: OperationContext
): Promise<DatasetVersion | undefined> {
  const search = await findNewestByMetadata(
    client,
    settings.datasetId,
    v => carries(v, 'idempotencyKey', key),
    context.log,
    { maxPages: KEY_SEARCH_PAGES, notBeforeMs: context.clock.now() - KEY_SEARCH_DAYS * DAY_MS },
    { consider: () => true, maxReads: UNLISTED_METADATA_READS }
  )
  if (search.ended === 'pages') {
    context.log.warning(
      `${Inputs.idempotencyKey}: searched the newest ${KEY_SEARCH_PAGES * MAX_PAGE_SIZE} versions ` +
        `without reaching ${KEY_SEARCH_DAYS} days back; an older version with this key would not be found`
    )
  }
  if (search.unread > 0) {
    context.log.warning(
      `${Inputs.idempotencyKey}: ${search.read + search.unread} versions were listed without their ` +
        `metadata; the newest ${search.read} were read one by one, and an earlier version with this ` +
        `key among the other ${search.unread} would not be found`
    )
  }
  return search.found
}

/**
 * Sends the POST until the version exists once: a failure that may have reached the API is
 * followed by a search for the token before anything is sent again.
 */
async function postOnce(
  client: PaperspaceClient,
  settings: CreateSettings,
  fields: VersionFields,
  token: string,
  context: OperationContext
): Promise<{ version: DatasetVersion; recovered: boolean }> {
  const { retries } = settings.connection
  // A version this create made was created after this, give or take the clocks' skew.
  const madeFrom = context.clock.now() - CLOCK_SKEW_MS
  for (let attempt = 1; ; attempt++) {
    let failure: ApiError
    try {
      return { version: await client.createVersion(settings.datasetId, fields), recovered: false }
    } catch (error) {
      if (!(error instanceof ApiError) || !mayHaveArrived(error)) throw error
      failure = error
    }
    context.log.info(
      `${failure.message}; the version may exist all the same: looking for this create's token`
    )
    let search: MetadataSearch
    try {
      search = await findNewestByMetadata(
        client,
        settings.datasetId,
        v => carries(v, 'token', token),
        context.log,
        { maxPages: TOKEN_SEARCH_PAGES },
        {
          consider: v => Date.parse(v.dtCreated) >= madeFrom,
          maxReads: UNLISTED_METADATA_READS
        }
      )
    } catch (error) {
      if (error instanceof CancelledError) throw error
      throw new ActionError(
        `${failure.message}. The version may have been created, but looking for it failed: ` +
          `${messageOf(error)}. It would carry metadata ${ACTION_METADATA_KEY}.token ${token}`
      )
    }
    if (search.found !== undefined) return { version: search.found, recovered: true }
    if (search.unread > 0) {
      throw new ActionError(
        `${failure.message}. The version may have been created: ${search.read + search.unread} ` +
          'versions created since it was sent were listed without their metadata and only ' +
          `${search.read} were read, so it is not sent again. It would carry metadata ` +
          `${ACTION_METADATA_KEY}.token ${token}`
      )
    }
    if (attempt > retries) {
      throw new ActionError(
        `${failure.message}. No version carries this create's token, so none was created ` +
          `(${attempt} attempt${attempt === 1 ? '' : 's'}; see ${Inputs.retries})`
      )
    }
    context.log.info(
      `No version carries this create's token, so it was not created; sending it again (retry ${attempt} of ${retries})`
    )
    await context.clock.sleep(Math.min(20_000, 1000 * 2 ** (attempt - 1)), context.signal)
  }
}

/** Whether a failed POST may have been carried out: anything but a definite refusal. */
function mayHaveArrived(error: ApiError): boolean {
  if (error.status === undefined) return !NEVER_SENT_CODES.includes(error.code)
  // 2xx with a body of the wrong shape: created, answer unusable.
  return error.status < 300 || error.status === 408 || error.status === 429 || error.status >= 500
}

/**
 * The create body: the user's fields, plus provenance unless turned off (the user's keys win),
 * plus the create's marks under the action's own metadata key (see `marks.ts`).
 */
export function createFields(
  settings: CreateSettings,
  run: RunContext,
  marks: CreateMarks
): VersionFields {
  const { changes } = settings
  const message = settings.provenance ? (changes.message ?? defaultMessage(run)) : changes.message
  const metadata = {
    ...(settings.provenance && provenanceMetadata(run)),
    ...changes.metadata
  }
  return {
    ...changes,
    ...(message !== undefined && { message }),
    metadata: markMetadata(metadata, marks)
  }
}
