import { applyPlan, tally } from '../cleanup/apply.ts'
import { describeKept, planCleanup } from '../cleanup/plan.ts'
import type { CleanupSettings } from '../inputs.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { collectVersions } from '../paperspace/listing.ts'
import type { CleanupResult } from './result.ts'

/**
 * Deletes stale uncommitted versions in three separate phases: list every page (and fail, deleting
 * nothing, if the listing is incomplete in any way), plan, then delete. Never deletes while paging.
 */
export async function cleanup(
  client: PaperspaceClient,
  settings: CleanupSettings,
  log: Log,
  now: () => number = Date.now
): Promise<CleanupResult> {
  const started = now()
  const { rules } = settings
  const listing = await log.group('List every version', async () => {
    const found = await collectVersions(
      client,
      settings.datasetId,
      { limit: Infinity, order: 'asc', ...(rules.onlyTags.length > 0 && { tags: rules.onlyTags }) },
      log
    )
    log.info(
      `Listed ${found.items.length} versions of ${settings.datasetId} in ${found.pages} requests`
    )
    return found
  })

  const plan = await log.group('Plan', () => {
    const planned = planCleanup(listing.items, now(), rules)
    log.info(
      `${planned.candidates.length} to delete, ${planned.deferred.length} left for later runs ` +
        `(maxDeletions ${rules.maxDeletions}); kept: ${describeKept(planned)}`
    )
    return Promise.resolve(planned)
  })

  const outcomes = await log.group(settings.dryRun ? 'Dry run: nothing is deleted' : 'Delete', () =>
    applyPlan(
      client,
      settings.datasetId,
      plan,
      { dryRun: settings.dryRun, concurrency: settings.concurrency, rules, now },
      log
    )
  )

  if (plan.deferred.length > 0) {
    log.warning(
      `maxDeletions (${rules.maxDeletions}) reached: ${plan.deferred.length} more eligible versions ` +
        'are left for later runs'
    )
  }
  const { failed } = tally(outcomes)
  const shown = failed.slice(0, 5).map(f => `${f.version} (${f.error})`)
  return {
    kind: 'cleanup',
    datasetId: settings.datasetId,
    settings,
    scanned: listing.items.length,
    listRequests: listing.pages,
    plan,
    outcomes,
    durationMs: now() - started,
    ...(failed.length > 0 && {
      failure:
        `${failed.length} of ${plan.candidates.length} deletions failed: ${shown.join('; ')}` +
        (failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '')
    })
  }
}
