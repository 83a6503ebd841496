/**
 * Applies a plan file (the `plan` input): deletes exactly the versions a dry run planned, whatever
 * the rules would choose now. Nothing is listed. Each version is read again just before its DELETE
 * (`apply.ts`), and skipped when it is gone, committed, modified since the plan (its dtModified is
 * not the plan's) or now carries a tag that the plan's protectTags or the step's own protect. The
 * breaker, cancellation and the result are those of any cleanup. The guard rails (age, datasets,
 * size, contradicting inputs) were checked with the inputs, before any request.
 */
import { cleanupResult, deleteCandidates } from './finish.ts'
import { plannedProtection, plansOf, type PlanToApply } from './plan-file.ts'
import type { CleanupSettings } from '../../interface/settings.ts'
import type { OperationContext } from '../context.ts'
import type { CleanupResult } from '../result.ts'

export async function applyFile(
  settings: CleanupSettings,
  plan: PlanToApply,
  context: OperationContext
): Promise<CleanupResult> {
  const started = context.clock.now()
  const plans = plansOf(plan.file, started)
  for (const [datasetId, planned] of plans) {
    context.progress({ kind: 'cleanup-planned', datasetId, plan: planned })
  }
  const protectedNow = plannedProtection(plan.file, settings.rules.protectTags)
  const deletions = await deleteCandidates(plans, settings, context, protectedNow)
  return cleanupResult({
    settings,
    covered: [...plans.keys()],
    scanned: [...plans.keys()].map(datasetId => ({ datasetId, scanned: 0, listRequests: 0 })),
    unlisted: [],
    // The plan names its datasets as the dry run knew them.
    names: new Map(plan.file.versions.map(v => [v.datasetId, v.datasetName])),
    plans,
    deletions,
    durationMs: context.clock.now() - started
  })
}
