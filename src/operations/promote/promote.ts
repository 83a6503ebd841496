import { CancelledError } from '../../shared/cancel.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import { quote } from '../../shared/quote.ts'
import type { Log } from '../../shared/log.ts'
import { Inputs } from '../../interface/names.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { collectVersions } from '../../paperspace/paging.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import { applyPromotion } from './apply.ts'
import { planPromotion, unsendableTag } from './plan.ts'
import type { PromoteSettings } from '../../interface/settings.ts'
import type { OperationContext } from '../context.ts'
import type { PromoteResult } from '../result.ts'
import { commitConfirmed } from '../commit/confirm.ts'

/**
 * Moves alias tags to a committed version: reads it (committing it first only when asked), lists
 * every version carrying one of the tags, plans, then adds the tags to the version before taking
 * them from the others, and lists the carriers again to check that it alone carries them.
 * Everything is read before anything is written, and a version that already carries the tags
 * alone is left untouched (no PUT at all).
 */
export async function promote(
  settings: PromoteSettings,
  { client, log }: OperationContext
): Promise<PromoteResult> {
  const { datasetId, tags } = settings
  let target = await client.getVersion(datasetId, settings.version)
  if (!target.isCommitted && !settings.commit) {
    throw new ActionError(
      `Version ${target.version} of ${datasetId} is not committed; only committed versions can be ` +
        `promoted. Commit it first (${Inputs.operation}: commit), or set ${Inputs.commit}: true ` +
        'to commit it in this step. Nothing was changed'
    )
  }

  const listed = (await carriers(client, datasetId, tags, log)).flatMap(c => c.versions)
  const plan = planPromotion(target, listed, tags)
  const bad = plan.target === undefined ? undefined : unsendableTag(plan.target.after)
  if (bad !== undefined) {
    throw new ActionError(
      `Version ${target.version} carries the tag ${quote(bad)}, which contains a comma; the API ` +
        'takes tags as one comma-delimited string and would split it, so nothing was changed'
    )
  }
  const alreadyPromoted = plan.target === undefined && plan.others.length === 0
  log.info(
    alreadyPromoted
      ? `${target.version} already carries ${tags.join(', ')} and no other version does; nothing to change`
      : `Plan: ${plan.target === undefined ? 'no change' : 'add the tags'} on ${target.version}, ` +
          `take them from ${plan.others.length} other version(s)`
  )

  let committed = false
  if (!target.isCommitted) {
    target = await commitBeforePromoting(client, datasetId, target.version, log)
    committed = true
  }

  const applied = await applyPromotion(client, datasetId, target, plan, tags, log)
  const result = {
    kind: 'promote',
    datasetId,
    version: applied.target,
    tags,
    committed,
    alreadyPromoted,
    moved: applied.moved
  } as const
  if (applied.failures.length === 0) {
    if (alreadyPromoted) return result
    const clash = await recheck(client, datasetId, target.version, tags, log)
    return clash === undefined ? result : { ...result, failure: clash }
  }
  const failed = applied.failures.join('; ')
  const failure = applied.targetDone
    ? `${target.version} now carries ${tags.join(', ')}, but other versions could still carry ` +
      `them: ${failed}. Run promote again to finish`
    : `Could not add ${tags.join(', ')} to ${target.version}: ${failed}. No other version was ` +
      `changed${committed ? ` (${target.version} was committed first)` : ''}`
  return { ...result, failure }
}

/** The versions carrying one tag, newest first. */
interface Carriers {
  readonly tag: string
  readonly versions: readonly DatasetVersion[]
}

/**
 * The versions carrying each of the tags. One listing per tag: a version carrying only one of
 * them is found whether the API's `tags` filter matches any or all of the given tags.
 */
async function carriers(
  client: PaperspaceClient,
  datasetId: string,
  tags: readonly string[],
  log: Log
): Promise<Carriers[]> {
  const found: Carriers[] = []
  for (const tag of tags) {
    const listing = await collectVersions(
      client,
      datasetId,
      { limit: Infinity, order: 'desc', tags: [tag] },
      log
    )
    // The filter narrows the listing; whether a version really carries the tag is checked here.
    const carrying = listing.items.filter(version => version.tags.includes(tag))
    found.push({ tag, versions: carrying })
    log.info(`${tag}: carried by ${carrying.length} version(s) (${listing.pages} request(s))`)
  }
  return found
}

/**
 * The step's failure when, after the changes, another version carries one of the tags or the
 * target lost one; undefined when the target alone carries every tag. The action takes no lock,
 * so a promotion of the same tags running at the same time can leave a tag on its own version
 * too, or take it from this one: the carriers are read again, as before the changes.
 */
async function recheck(
  client: PaperspaceClient,
  datasetId: string,
  target: string,
  tags: readonly string[],
  log: Log
): Promise<string | undefined> {
  let now: Carriers[]
  try {
    now = await carriers(client, datasetId, tags, log)
  } catch (error) {
    return (
      `${target} now carries ${tags.join(', ')}, but reading the versions that carry them again, ` +
      `to check that no other change ran at the same time, failed: ${messageOf(error)}`
    )
  }
  const clashes = now.flatMap(({ tag, versions }) => {
    const ids = versions.map(version => version.version)
    const others = ids.filter(id => id !== target)
    return [
      ...(others.length > 0 ? [`${tag} is also on ${others.join(', ')}`] : []),
      ...(ids.includes(target) ? [] : [`${tag} is no longer on ${target}`])
    ]
  })
  if (clashes.length === 0) {
    log.info(`Checked: ${target} alone carries ${tags.join(', ')}`)
    return undefined
  }
  return (
    `After this promote's changes, ${clashes.join('; ')}: another change to these tags ran at ` +
    'the same time. Running promote again settles it'
  )
}

/** Commits the version (confirmed, as every commit is); a failure stops the promotion. */
async function commitBeforePromoting(
  client: PaperspaceClient,
  datasetId: string,
  version: string,
  log: Log
): Promise<DatasetVersion> {
  try {
    const done = await commitConfirmed(client, datasetId, version, {}, log)
    log.info(`Committed version ${version}`)
    return done.version
  } catch (error) {
    if (error instanceof CancelledError) throw error
    throw new ActionError(`${messageOf(error)}. Nothing was promoted`)
  }
}
