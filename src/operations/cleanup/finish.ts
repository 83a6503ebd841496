/**
 * What a cleanup by its rules (`cleanup.ts`) and the apply of a plan file (`apply-file.ts`) share
 * once the candidates are known: deleting them dataset by dataset, and the result.
 */
import { applyPlans, type KeptNow, type RunDeletions } from './apply.ts'
import { tally } from './outcomes.ts'
import type { CleanupPlanFile } from './plan-file.ts'
import type { Plan } from './plan.ts'
import { coversSeveral, type CleanupSettings } from '../../interface/settings.ts'
import type { OperationContext } from '../context.ts'
import type { CleanupResult, DatasetCleanup, NamedDataset } from '../result.ts'

/** Deletes (or in a dry run, reports) each dataset's candidates in turn, telling the progress. */
export function deleteCandidates(
  plans: ReadonlyMap<string, Plan>,
  settings: CleanupSettings,
  context: OperationContext,
  keptNow: KeptNow
): Promise<RunDeletions> {
  const { client, log, progress } = context
  return log.group(settings.dryRun ? 'Dry run: nothing is deleted' : 'Delete', async () => {
    const deletions = await applyPlans(client, plans, {
      dryRun: settings.dryRun,
      concurrency: settings.concurrency,
      keptNow,
      now: () => context.clock.now(),
      signal: context.signal,
      onOutcome: outcome => progress({ kind: 'cleanup-outcome', outcome })
    })
    const all = [...deletions.applied.values()].flatMap(a => a.outcomes)
    progress({
      kind: 'cleanup-done',
      notAttempted: all.filter(o => o.status === 'not-attempted').length
    })
    return deletions
  })
}

/** One dataset as the run found it: how many versions it read, in how many list requests. */
export interface Scanned {
  readonly datasetId: string
  readonly scanned: number
  readonly listRequests: number
}

/** The result of a cleanup from its phases. */
export function cleanupResult(run: {
  readonly settings: CleanupSettings
  /** Every dataset the run covers, whether or not it could be listed. */
  readonly covered: readonly string[]
  /** The datasets whose plans were carried out, in order. */
  readonly scanned: readonly Scanned[]
  readonly unlisted: readonly (NamedDataset & { readonly error: string })[]
  /** Dataset names where a listing of datasets gave them. */
  readonly names?: ReadonlyMap<string, string | null>
  /** Datasets the API listed as private that are not: left alone. */
  readonly notPrivate?: readonly NamedDataset[]
  readonly plans: ReadonlyMap<string, Plan>
  readonly deletions: RunDeletions
  readonly durationMs: number
  readonly planFile?: CleanupPlanFile
}): CleanupResult {
  const { settings, plans, deletions } = run
  const several = coversSeveral(settings.targets)
  const datasets: DatasetCleanup[] = run.scanned.map(({ datasetId, scanned, listRequests }) => ({
    datasetId,
    ...nameOf(run.names, datasetId),
    scanned,
    listRequests,
    plan: plans.get(datasetId)!,
    tally: tally(deletions.applied.get(datasetId)?.outcomes ?? [], several)
  }))
  const outcomes = [...deletions.applied.values()].flatMap(a => a.outcomes)
  return {
    kind: 'cleanup',
    datasetId: ('all' in settings.targets ? run.covered : settings.targets.ids).join(','),
    several,
    datasets,
    unlisted: run.unlisted,
    ...(run.notPrivate !== undefined &&
      run.notPrivate.length > 0 && { notPrivate: run.notPrivate }),
    settings,
    scanned: datasets.reduce((n, d) => n + d.scanned, 0),
    listRequests: datasets.reduce((n, d) => n + d.listRequests, 0),
    plan: mergePlans(datasets.map(d => d.plan)),
    outcomes,
    tally: tally(outcomes, several),
    ...(deletions.stop !== undefined && { stop: deletions.stop }),
    durationMs: run.durationMs,
    ...(run.planFile !== undefined && { planFile: run.planFile })
  }
}

/** A dataset's name as a field, when one is known. */
export function nameOf(names: ReadonlyMap<string, string | null> | undefined, datasetId: string) {
  const name = names?.get(datasetId)
  return name === undefined || name === null ? {} : { name }
}

/** The plans of several datasets as one, dataset after dataset. */
function mergePlans(plans: readonly Plan[]): Plan {
  return {
    candidates: plans.flatMap(p => p.candidates),
    deferred: plans.flatMap(p => p.deferred),
    kept: plans.flatMap(p => p.kept)
  }
}
