import { applyPlan, type Deletions } from './apply.ts'
import { tally, type StopReason } from './outcomes.ts'
import { hasWildcard } from './patterns.ts'
import { planRun, type Plan } from './plan.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import type { Log } from '../../shared/log.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import { collectDatasets, collectVersions } from '../../paperspace/paging.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import { coversSeveral, type CleanupSettings } from '../../interface/settings.ts'
import type { OperationContext } from '../context.ts'
import type { CleanupResult, DatasetCleanup, NamedDataset } from '../result.ts'

interface Listed {
  readonly datasetId: string
  readonly versions: readonly DatasetVersion[]
  readonly pages: number
}

/**
 * Deletes stale uncommitted versions of one or several datasets in separate phases: list every
 * page of every dataset (a dataset whose listing is incomplete in any way is skipped whole), plan
 * the run under one cap, then delete dataset by dataset. Never deletes while paging.
 * Deleting stops early on an outage, a refused key or a cancellation (see `cleanup/apply.ts`);
 * the datasets not yet reached are then left whole, and the result says why and what was left.
 */
export async function cleanup(
  settings: CleanupSettings,
  context: OperationContext
): Promise<CleanupResult> {
  const { client, log, progress } = context
  const now = () => context.clock.now()
  const started = now()
  const { rules } = settings
  const several = coversSeveral(settings.targets)
  const targets = await findTargets(client, settings, log)
  const datasetIds = targets.ids

  const listed: Listed[] = []
  const unlisted: { datasetId: string; error: string }[] = []
  await log.group('List every version', async () => {
    // The API filters by exact tags only, and what it makes of several is undocumented (any,
    // all, one tag named "a,b"): it is asked only for one exact tag. The planner checks anyway.
    const serverTags = rules.onlyTags.length === 1 && !hasWildcard(rules.onlyTags[0]!)
    for (const datasetId of datasetIds) {
      try {
        const found = await collectVersions(
          client,
          datasetId,
          { limit: Infinity, order: 'asc', ...(serverTags && { tags: rules.onlyTags }) },
          log
        )
        log.info(`Listed ${found.items.length} versions of ${datasetId} in ${found.pages} requests`)
        listed.push({ datasetId, versions: found.items, pages: found.pages })
      } catch (error) {
        // One dataset: the run fails as it is. Several: the others go on, this one is untouched;
        // but a key that is refused (401, 403) would be refused everywhere, and a cancelled run
        // lists nothing more (nothing has been deleted yet, so failing here loses nothing).
        if (!several || !(error instanceof ActionError) || refused(error) || context.signal.aborted)
          throw error
        log.warning(`Skipping dataset ${datasetId}, nothing of it is deleted: ${messageOf(error)}`)
        unlisted.push({ datasetId, error: messageOf(error), ...named(targets, datasetId) })
      }
    }
  })

  const plans = await log.group('Plan', () => {
    const planned = planRun(listed, now(), rules)
    for (const [datasetId, plan] of planned) progress({ kind: 'cleanup-planned', datasetId, plan })
    return planned
  })

  const applied = new Map<string, Deletions>()
  let stop: StopReason | undefined
  let failuresInARow = 0
  await log.group(settings.dryRun ? 'Dry run: nothing is deleted' : 'Delete', async () => {
    for (const { datasetId } of listed) {
      const plan = plans.get(datasetId)!
      if (stop !== undefined) {
        // The run stopped in an earlier dataset: nothing of this one is attempted.
        applied.set(datasetId, {
          outcomes: plan.candidates.map(decision => ({ decision, status: 'not-attempted' })),
          failuresInARow
        })
        continue
      }
      const done = await applyPlan(client, datasetId, plan, {
        dryRun: settings.dryRun,
        concurrency: settings.concurrency,
        rules,
        now,
        signal: context.signal,
        failuresInARow,
        onOutcome: outcome => progress({ kind: 'cleanup-outcome', outcome })
      })
      applied.set(datasetId, done)
      stop = done.stop
      failuresInARow = done.failuresInARow
    }
    const all = [...applied.values()].flatMap(a => a.outcomes)
    progress({
      kind: 'cleanup-done',
      notAttempted: all.filter(o => o.status === 'not-attempted').length
    })
  })

  const datasets: DatasetCleanup[] = listed.map(({ datasetId, versions, pages }) => ({
    datasetId,
    ...named(targets, datasetId),
    scanned: versions.length,
    listRequests: pages,
    plan: plans.get(datasetId)!,
    tally: tally(applied.get(datasetId)?.outcomes ?? [], several)
  }))
  const outcomes = [...applied.values()].flatMap(a => a.outcomes)
  const deferred = datasets.reduce((n, d) => n + d.plan.deferred.length, 0)
  if (deferred > 0) {
    log.warning(
      `maxDeletions (${rules.maxDeletions}) reached: ${deferred} more eligible versions ` +
        'are left for later runs'
    )
  }
  return {
    kind: 'cleanup',
    datasetId: 'all' in settings.targets ? datasetIds.join(',') : settings.targets.ids.join(','),
    several,
    datasets,
    unlisted,
    ...(targets.notPrivate.length > 0 && { notPrivate: targets.notPrivate }),
    settings,
    scanned: datasets.reduce((n, d) => n + d.scanned, 0),
    listRequests: datasets.reduce((n, d) => n + d.listRequests, 0),
    plan: mergePlans(datasets.map(d => d.plan)),
    outcomes,
    tally: tally(outcomes, several),
    ...(stop !== undefined && { stop }),
    durationMs: now() - started
  }
}

function refused(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403)
}

/**
 * The datasets to clean, and their names where the listing gave them: those given (no names: a
 * run given IDs makes no request for them), or every private dataset the key can see.
 */
interface Targets {
  readonly ids: readonly string[]
  readonly names: ReadonlyMap<string, string>
  /** Datasets the API listed as private that are not: left alone. */
  readonly notPrivate: readonly NamedDataset[]
}

async function findTargets(
  client: PaperspaceClient,
  settings: CleanupSettings,
  log: Log
): Promise<Targets> {
  if (!('all' in settings.targets)) {
    return { ids: settings.targets.ids, names: new Map(), notPrivate: [] }
  }
  return log.group('Find every dataset', async () => {
    const found = await collectDatasets(client, Infinity, log)
    log.info(`Found ${found.items.length} private datasets in ${found.pages} requests`)
    if (found.items.length === 0) {
      // A green step that cleaned nothing looks like one that cleaned everything it should.
      log.warning(
        `datasetId * found no dataset to clean: every page of GET /datasets?privacy=PRIVATE ` +
          `listed none whose isPublic is false, so nothing was cleaned. Check that the key ` +
          `belongs to the team that owns the datasets`
      )
    }
    const names = new Map<string, string>()
    for (const d of found.items) if (d.name !== null) names.set(d.id, d.name)
    return {
      ids: found.items.map(d => d.id),
      names,
      notPrivate: found.notPrivate.map(d => ({
        datasetId: d.id,
        ...(d.name !== null && { name: d.name })
      }))
    }
  })
}

/** The dataset's name as a field, when the listing gave one. */
function named(targets: Targets, datasetId: string): { name?: string } {
  const name = targets.names.get(datasetId)
  return name === undefined ? {} : { name }
}

/** The plans of several datasets as one, dataset after dataset. */
function mergePlans(plans: readonly Plan[]): Plan {
  return {
    candidates: plans.flatMap(p => p.candidates),
    deferred: plans.flatMap(p => p.deferred),
    kept: plans.flatMap(p => p.kept)
  }
}
