import { messageOf } from '../../shared/errors.ts'
import { earliest, needsSettling, settle, type Duplicate, type Settled } from './settle.ts'
import { ACTION_METADATA_KEY, carries, markMetadata, newToken, type CreateMarks } from './marks.ts'
import { Inputs } from '../../interface/names.ts'
import { MAX_PAGE_SIZE, type PaperspaceClient } from '../../paperspace/client.ts'
import type { DatasetVersion, VersionFields } from '../../paperspace/types.ts'
import { defaultMessage, provenanceMetadata, type RunContext } from './provenance.ts'
import type { CreateSettings } from '../../interface/settings.ts'
import type { Log } from '../../shared/log.ts'
import { commitConfirmed, fieldsNotHeld } from '../commit/confirm.ts'
import type { OperationContext } from '../context.ts'
import { findAllByMetadata } from '../../paperspace/search.ts'
import type { VersionOutcome, VersionResult } from '../result.ts'
import { CLOCK_SKEW_MS, KEY_SEARCH_DAYS, SEARCH_PAGES, UNLISTED_METADATA_READS } from './bounds.ts'
import { postOnce, type Posted } from './post.ts'

const DAY_MS = 86_400_000

/**
 * Creates a version exactly once and, with `commit`, commits it (confirmed, see `confirm.ts`).
 *
 * The create carries a fresh token in its metadata, and is sent until its version exists without
 * ever being replayed blindly (see `post.ts`). With `idempotencyKey`, the earliest version an
 * earlier run made with that key is adopted instead of creating another. A create sent more than
 * once, or made with a key, is then looked at again, and one version is kept (see `settle.ts`);
 * `commit` happens after that, on the version kept. If the commit fails the version is still
 * reported, so a later step can commit or delete it.
 */
export async function create(
  settings: CreateSettings,
  context: OperationContext
): Promise<VersionResult> {
  const { client, log, clock } = context
  const base = { kind: 'version', datasetId: settings.datasetId } as const
  // A version this create (or another run with its key, started alongside) made was created
  // after this, give or take the clocks' skew.
  const sinceMs = clock.now() - CLOCK_SKEW_MS
  const key = settings.idempotencyKey
  if (key !== undefined) {
    const earlier = await findEarlierCreate(client, settings, key, context)
    if (earlier !== undefined) {
      log.info(
        `Version ${earlier.version} already carries this ${Inputs.idempotencyKey}: an earlier run ` +
          'created it, so no new version is made'
      )
      warnNotApplied(settings, earlier, log)
      return commitIfAsked(client, settings, earlier, { ...base, created: false }, 'adopted', log)
    }
  }
  const marks: CreateMarks = {
    token: newToken(),
    ...(key !== undefined && { idempotencyKey: key })
  }
  log.debug(`Create token: ${marks.token}`)
  const run = settings.provenance ? await context.runContext() : {}
  const request = {
    datasetId: settings.datasetId,
    fields: createFields(settings, run, marks),
    token: marks.token,
    sinceMs
  }
  const posted = await postOnce(client, settings, request, context)
  log.info(
    `Created version ${posted.version.version} of ${settings.datasetId}` +
      (posted.recovered ? ' (its answer was lost; found again by its token)' : '')
  )
  if (!needsSettling(posted, marks)) {
    const result = { ...base, created: true, ...(posted.recovered && { recovered: true }) }
    return commitIfAsked(client, settings, posted.version, result, 'created', log)
  }
  const settled = await settle(client, request, posted, marks, context)
  return keepOne(settings, posted, settled, context)
}

/** The result of a create that was looked at again: the version kept, committed if asked. */
async function keepOne(
  settings: CreateSettings,
  posted: Posted,
  settled: Settled,
  { client, log }: OperationContext
): Promise<VersionResult> {
  const { kept, adopted, duplicates } = settled
  // Kept and not the POST's answer: this create's own, whose answer was lost, found by its token.
  const recovered = !adopted && (posted.recovered || kept.version !== posted.version.version)
  const result = {
    kind: 'version',
    datasetId: settings.datasetId,
    created: !adopted,
    ...(recovered && { recovered }),
    ...(duplicates.length > 0 && { duplicates })
  } as const
  const outcome = adopted ? 'adopted' : 'created'
  if (adopted) warnNotApplied(settings, kept, log)
  if (settled.unsettled !== undefined) {
    return {
      ...result,
      outcome,
      version: kept,
      failure:
        `Created version ${kept.version}, but ${settled.unsettled}` +
        (settings.commit ? '. It was not committed' : '')
    }
  }
  const done = await commitIfAsked(client, settings, kept, result, outcome, log)
  const left = duplicatesLeft(duplicates)
  if (left === undefined) return done
  return { ...done, failure: [done.failure, left].filter(f => f !== undefined).join('\n') }
}

/**
 * Says which of the given message, tags and metadata an adopted version does not hold: it is
 * returned as another run made it, and a user who changed them between runs would otherwise
 * never learn that they were not applied.
 */
function warnNotApplied(settings: CreateSettings, version: DatasetVersion, log: Log): void {
  // The action's own key holds this run's marks, never the other run's.
  const differ = fieldsNotHeld(version, settings.changes, [ACTION_METADATA_KEY])
  if (differ.length === 0) return
  log.warning(
    `${Inputs.idempotencyKey}: version ${version.version} was created by another run with this ` +
      `key and is returned as it is; the ${differ.join(', ')} given here ${differ.length === 1 ? 'differs' : 'differ'} ` +
      `from its own and ${differ.length === 1 ? 'was' : 'were'} not applied. Use ${Inputs.operation}: update to change ` +
      `${differ.length === 1 ? 'it' : 'them'}`
  )
}

/** Why the step fails when a duplicate this create made could not be deleted. */
function duplicatesLeft(duplicates: readonly Duplicate[]): string | undefined {
  const failed = duplicates.filter(d => d.status === 'failed')
  if (failed.length === 0) return undefined
  return (
    `Could not delete ${failed.length === 1 ? 'a version' : 'versions'} this create made besides ` +
    `the one kept: ${failed.map(d => `${d.version} (${d.error ?? ''})`).join('; ')}. ` +
    `Delete ${failed.length === 1 ? 'it' : 'them'} with ${Inputs.operation}: delete`
  )
}

async function commitIfAsked(
  client: PaperspaceClient,
  settings: CreateSettings,
  version: DatasetVersion,
  result: Pick<VersionResult, 'kind' | 'datasetId' | 'created' | 'recovered' | 'duplicates'>,
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

/**
 * The earliest version carrying the idempotencyKey, created within KEY_SEARCH_DAYS: the one every
 * run that shares the key keeps (see `settle.ts`).
 */
async function findEarlierCreate(
  client: PaperspaceClient,
  settings: CreateSettings,
  key: string,
  context: OperationContext
): Promise<DatasetVersion | undefined> {
  const search = await findAllByMetadata(
    client,
    settings.datasetId,
    v => carries(v, 'idempotencyKey', key),
    context.log,
    { maxPages: SEARCH_PAGES, notBeforeMs: context.clock.now() - KEY_SEARCH_DAYS * DAY_MS },
    { consider: () => true, maxReads: UNLISTED_METADATA_READS }
  )
  if (search.ended === 'pages') {
    context.log.warning(
      `${Inputs.idempotencyKey}: searched the newest ${SEARCH_PAGES * MAX_PAGE_SIZE} versions ` +
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
  return search.found.length === 0 ? undefined : earliest(search.found)
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
