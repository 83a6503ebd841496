import { applyPlan } from '../cleanup/apply.ts'
import { tally } from '../cleanup/outcomes.ts'
import { planCleanup } from '../cleanup/plan.ts'
import type { Log } from '../log.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { collectVersions } from '../paperspace/listing.ts'
import { describeKept, outcomeLine } from '../report/cleanup.ts'
import type { CleanupSettings } from '../settings.ts'
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
    return planned
  })

  const outcomes = await log.group(settings.dryRun ? 'Dry run: nothing is deleted' : 'Delete', () =>
    applyPlan(client, settings.datasetId, plan, {
      dryRun: settings.dryRun,
      concurrency: settings.concurrency,
      rules,
      now,
      onOutcome: outcome => {
        const line = outcomeLine(outcome, settings)
        if (line.warning) log.warning(line.text)
        else log.info(line.text)
      }
    })
  )

  if (plan.deferred.length > 0) {
    log.warning(
      `maxDeletions (${rules.maxDeletions}) reached: ${plan.deferred.length} more eligible versions ` +
        'are left for later runs'
    )
  }
  return {
    kind: 'cleanup',
    datasetId: settings.datasetId,
    settings,
    scanned: listing.items.length,
    listRequests: listing.pages,
    plan,
    outcomes,
    tally: tally(outcomes),
    durationMs: now() - started
  }
}
