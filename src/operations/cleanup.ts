import { applyPlan } from '../cleanup/apply.ts'
import { tally } from '../cleanup/outcomes.ts'
import { planCleanup } from '../cleanup/plan.ts'
import type { PaperspaceClient } from '../paperspace/client.ts'
import { collectVersions } from '../paperspace/listing.ts'
import { describeKept, progressLines, type LogLine } from '../report/cleanup.ts'
import type { CleanupSettings } from '../settings.ts'
import type { OperationContext } from './context.ts'
import type { CleanupResult } from './result.ts'

/**
 * Deletes stale uncommitted versions in three separate phases: list every page (and fail, deleting
 * nothing, if the listing is incomplete in any way), plan, then delete. Never deletes while paging.
 * Deleting stops early on an outage, a refused key or a cancellation (see `cleanup/apply.ts`);
 * the result then says why, and what was left.
 */
export async function cleanup(
  client: PaperspaceClient,
  settings: CleanupSettings,
  context: OperationContext
): Promise<CleanupResult> {
  const { log, now } = context
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

  const write = (line: LogLine) => log[line.level](line.text)
  const applied = await log.group(
    settings.dryRun ? 'Dry run: nothing is deleted' : 'Delete',
    async () => {
      const progress = progressLines(settings)
      const done = await applyPlan(client, settings.datasetId, plan, {
        dryRun: settings.dryRun,
        concurrency: settings.concurrency,
        rules,
        now,
        signal: context.signal,
        onOutcome: outcome => write(progress.outcome(outcome))
      })
      const notAttempted = done.outcomes.filter(o => o.status === 'not-attempted').length
      progress.end(notAttempted).forEach(write)
      return done
    }
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
    outcomes: applied.outcomes,
    tally: tally(applied.outcomes),
    ...(applied.stop !== undefined && { stop: applied.stop }),
    durationMs: now() - started
  }
}
