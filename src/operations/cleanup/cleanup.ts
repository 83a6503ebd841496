import { applyFile } from './apply-file.ts'
import { cleanupResult, deleteCandidates, nameOf } from './finish.ts'
import { hasWildcard } from './patterns.ts'
import { buildPlanFile } from './plan-file.ts'
import { keepRule, planRun } from './plan.ts'
import { ActionError, messageOf } from '../../shared/errors.ts'
import type { Log } from '../../shared/log.ts'
import type { PaperspaceClient } from '../../paperspace/client.ts'
import { ApiError } from '../../paperspace/errors.ts'
import { collectDatasets, collectVersions } from '../../paperspace/paging.ts'
import type { DatasetVersion } from '../../paperspace/types.ts'
import { coversSeveral, type CleanupSettings } from '../../interface/settings.ts'
import type { OperationContext } from '../context.ts'
import type { CleanupResult, NamedDataset } from '../result.ts'

interface Listed {
  readonly datasetId: string
  readonly versions: readonly DatasetVersion[]
  readonly pages: number
}

/**
 * Deletes stale uncommitted versions of one or several datasets in separate phases: list every
 * page of every dataset (a dataset whose listing is incomplete in any way is skipped whole), plan
 * the run under one cap, then delete dataset by dataset. Never deletes while paging. A dry run
 * also makes the plan file, which a later run applies instead of its rules (`apply-file.ts`).
 * Deleting stops early on an outage, a refused key or a cancellation (see `cleanup/apply.ts`);
 * the datasets not yet reached are then left whole, and the result says why and what was left.
 */
export async function cleanup(
  settings: CleanupSettings,
  context: OperationContext
): Promise<CleanupResult> {
  if (settings.plan !== undefined) return applyFile(settings, settings.plan, context)
  const { client, log, progress } = context
  const now = () => context.clock.now()
  const started = now()
  const { rules } = settings
  const several = coversSeveral(settings.targets)
  const targets = await findTargets(client, settings, log)

  const listed: Listed[] = []
  const unlisted: { datasetId: string; error: string }[] = []
  await log.group('List every version', async () => {
    // The API filters by exact tags only, and what it makes of several is undocumented (any,
    // all, one tag named "a,b"): it is asked only for one exact tag. The planner checks anyway.
    const serverTags = rules.onlyTags.length === 1 && !hasWildcard(rules.onlyTags[0]!)
    for (const datasetId of targets.ids) {
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
        unlisted.push({ datasetId, error: messageOf(error), ...nameOf(targets.names, datasetId) })
      }
    }
  })

  const plannedAt = now()
  const plans = planRun(listed, plannedAt, rules)
  // A dry run's plan names the datasets it holds versions of, for its reviewer (and its summary).
  let names = targets.names
  const planFile = await log.group('Plan', async () => {
    for (const [datasetId, plan] of plans) progress({ kind: 'cleanup-planned', datasetId, plan })
    if (!settings.dryRun) return undefined
    const candidates = [...plans.values()].flatMap(plan => plan.candidates)
    const named = [...new Set(candidates.map(d => d.datasetId ?? d.version.datasetId))]
    names = new Map([...targets.names, ...(await datasetNames(context, named, targets.names))])
    return buildPlanFile({
      createdAtMs: plannedAt,
      targets: settings.targets,
      olderThan: settings.olderThan,
      rules,
      candidates,
      names
    })
  })

  const deletions = await deleteCandidates(plans, settings, context, (version, ageMs) =>
    keepRule(version, ageMs, rules)
  )
  const deferred = [...plans.values()].reduce((n, plan) => n + plan.deferred.length, 0)
  if (deferred > 0) {
    log.warning(
      `maxDeletions (${rules.maxDeletions}) reached: ${deferred} more eligible versions ` +
        'are left for later runs'
    )
  }
  return cleanupResult({
    settings,
    covered: targets.ids,
    scanned: listed.map(({ datasetId, versions, pages }) => ({
      datasetId,
      scanned: versions.length,
      listRequests: pages
    })),
    unlisted,
    names,
    notPrivate: targets.notPrivate,
    plans,
    deletions,
    durationMs: now() - started,
    ...(planFile !== undefined && { planFile })
  })
}

function refused(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403)
}

/**
 * The datasets to clean, and their names where the listing gave them: those given (no names: a
 * run given IDs lists no dataset), or every private dataset the key can see.
 */
interface Targets {
  readonly ids: readonly string[]
  readonly names: ReadonlyMap<string, string | null>
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
    return {
      ids: found.items.map(d => d.id),
      names: new Map(found.items.map(d => [d.id, d.name])),
      notPrivate: found.notPrivate.map(d => ({
        datasetId: d.id,
        ...(d.name !== null && { name: d.name })
      }))
    }
  })
}

/**
 * The names of the datasets a plan holds versions of, for its reader: those the listing of every
 * dataset gave, the others read one by one. A name that cannot be read is left null, with a
 * warning: it only labels the plan.
 */
async function datasetNames(
  { client, log }: OperationContext,
  ids: readonly string[],
  known: ReadonlyMap<string, string | null>
): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>()
  for (const id of ids) {
    try {
      names.set(id, known.has(id) ? known.get(id)! : (await client.getDataset(id)).name)
    } catch (error) {
      log.warning(
        `The plan gives no name for dataset ${id}: it could not be read (${messageOf(error)})`
      )
      names.set(id, null)
    }
  }
  return names
}
