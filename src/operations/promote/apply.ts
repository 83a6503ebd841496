/**
 * Carries out a promotion plan: first the alias tags are added to the target, then taken from
 * the others, so that at no moment does no version carry them (for an instant two may). Each
 * other version is read again just before its PUT and its new tag list is worked out from that
 * read, so a tag another job added since the listing is kept.
 */
import { messageOf } from '../../shared/errors.ts'
import type { Log } from '../../shared/log.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import {
  unsendableTag,
  withoutAliases,
  type Move,
  type PromotionPlan,
  type TagChange
} from './plan.ts'

export interface PromotionApplied {
  /** The target as the API last returned it. */
  readonly target: DatasetVersion
  /** One per alias tag: the versions it was actually removed from. */
  readonly moved: readonly Move[]
  /** One line per version that could not be changed; empty when all went well. */
  readonly failures: readonly string[]
  /** False when adding the tags to the target failed, so no other version was touched. */
  readonly targetDone: boolean
}

export async function applyPromotion(
  client: PaperspaceClient,
  datasetId: string,
  target: DatasetVersion,
  plan: PromotionPlan,
  aliases: readonly string[],
  log: Log
): Promise<PromotionApplied> {
  const removedFrom = new Map(aliases.map(tag => [tag, [] as string[]]))
  const result = (
    current: DatasetVersion,
    failures: string[],
    targetDone = true
  ): PromotionApplied => ({
    target: current,
    moved: aliases.map(tag => ({ tag, from: removedFrom.get(tag) ?? [] })),
    failures,
    targetDone
  })

  let current = target
  if (plan.target !== undefined) {
    try {
      current = await client.updateVersion(datasetId, target.version, { tags: plan.target.after })
    } catch (error) {
      return result(
        target,
        [`adding the tags to ${target.version} failed: ${messageOf(error)}`],
        false
      )
    }
    const missing = aliases.filter(tag => !current.tags.includes(tag))
    if (missing.length > 0) {
      return result(
        current,
        [`the API answered the tag change of ${target.version} without ${missing.join(', ')}`],
        false
      )
    }
    log.info(`Added ${addedTags(plan.target.after, plan.target.before)} to ${target.version}`)
  }

  const failures: string[] = []
  for (const change of plan.others) {
    try {
      const taken = await takeAliases(client, datasetId, change, aliases, log)
      for (const tag of taken) removedFrom.get(tag)?.push(change.version)
    } catch (error) {
      failures.push(`${change.version}: ${messageOf(error)}`)
    }
  }
  return result(current, failures)
}

/** Removes the aliases from one other version; returns the ones it carried. */
async function takeAliases(
  client: PaperspaceClient,
  datasetId: string,
  change: TagChange,
  aliases: readonly string[],
  log: Log
): Promise<string[]> {
  let fresh: DatasetVersion
  try {
    fresh = await client.getVersion(datasetId, change.version)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      log.info(`${change.version} was deleted since the listing; nothing to take from it`)
      return []
    }
    throw error
  }
  const after = withoutAliases(fresh.tags, aliases)
  const carried = aliases.filter(tag => fresh.tags.includes(tag))
  if (carried.length === 0) {
    log.info(`${change.version} no longer carries ${aliases.join(', ')}; left as it is`)
    return []
  }
  const bad = unsendableTag(after)
  if (bad !== undefined) {
    throw new Error(
      'one of its other tags contains a comma, which the API would split in two; not changed'
    )
  }
  let answer: DatasetVersion
  try {
    answer = await client.updateVersion(datasetId, change.version, { tags: after })
  } catch (error) {
    // Deleted between the read and the PUT: it carries nothing any more, as after a 404 above.
    if (error instanceof ApiError && error.status === 404) {
      log.info(`${change.version} was deleted before its tags could be changed; nothing to take`)
      return []
    }
    throw error
  }
  const left = aliases.filter(tag => answer.tags.includes(tag))
  if (left.length > 0) {
    throw new Error(`the API answered the tag change without removing ${left.join(', ')}`)
  }
  log.info(`Removed ${carried.join(', ')} from ${change.version}`)
  return carried
}

/** The tags in `after` that are not in `before`, for a log line (alias tags: our own input). */
function addedTags(after: readonly string[], before: readonly string[]): string {
  return after.filter(tag => !before.includes(tag)).join(', ')
}
