import {
  tally,
  type Outcome,
  type OutcomeStatus,
  type StopReason
} from '../../src/operations/cleanup/outcomes.ts'
import { planRun, type Decision } from '../../src/operations/cleanup/plan.ts'
import { parseInputs } from '../../src/interface/inputs.ts'
import type { InputName } from '../../src/interface/names.ts'
import { coversSeveral, type CleanupSettings } from '../../src/interface/settings.ts'
import type { CleanupResult, NamedDataset } from '../../src/operations/result.ts'
import type { DatasetVersion } from '../../src/paperspace/types.ts'
import { reader } from './inputs.ts'

export const NOW = Date.parse('2026-11-28T12:00:00.000Z')
export const DAY = 86_400_000

/** A dataset of a made-up cleanup: its versions, and what happened to each of its candidates. */
export interface DatasetSpec {
  readonly datasetId: string
  readonly name?: string
  readonly versions: readonly DatasetVersion[]
  /** The outcome of its `i`th candidate (oldest first); by default what the mode gives. */
  readonly status?: (i: number) => OutcomeStatus
}

/**
 * A cleanup result as the operation would return it, planned by the real planner with the inputs
 * given (datasetId as given, or the datasets' IDs joined), without any request.
 */
export function cleanupResult(
  inputs: Partial<Record<InputName, string>>,
  datasets: readonly DatasetSpec[],
  extra: {
    unlisted?: readonly (NamedDataset & { error: string })[]
    notPrivate?: readonly NamedDataset[]
    stop?: StopReason
    durationMs?: number
  } = {}
): CleanupResult {
  const settings = parseInputs(
    reader({
      operation: 'cleanup',
      apiKey: 'k',
      datasetId: datasets.map(d => d.datasetId).join(','),
      ...inputs
    }),
    'k'
  ) as CleanupSettings
  const several = coversSeveral(settings.targets)
  const plans = planRun(datasets, NOW, settings.rules)
  const parts = datasets.map(spec => {
    const plan = plans.get(spec.datasetId)!
    const outcomes = plan.candidates.map((decision, i) =>
      outcome(decision, spec.status?.(i) ?? (settings.dryRun ? 'would-delete' : 'deleted'))
    )
    return {
      cleanup: {
        datasetId: spec.datasetId,
        ...(spec.name !== undefined && { name: spec.name }),
        scanned: spec.versions.length,
        listRequests: 1,
        plan,
        tally: tally(outcomes, several)
      },
      outcomes
    }
  })
  const outcomes = parts.flatMap(p => p.outcomes)
  const plansOf = parts.map(p => p.cleanup.plan)
  return {
    kind: 'cleanup',
    datasetId: ('all' in settings.targets
      ? datasets.map(d => d.datasetId)
      : settings.targets.ids
    ).join(','),
    several,
    datasets: parts.map(p => p.cleanup),
    unlisted: extra.unlisted ?? [],
    ...(extra.notPrivate !== undefined && { notPrivate: extra.notPrivate }),
    settings,
    scanned: datasets.reduce((n, d) => n + d.versions.length, 0),
    listRequests: datasets.length,
    plan: {
      candidates: plansOf.flatMap(p => p.candidates),
      deferred: plansOf.flatMap(p => p.deferred),
      kept: plansOf.flatMap(p => p.kept)
    },
    outcomes,
    tally: tally(outcomes, several),
    ...(extra.stop !== undefined && { stop: extra.stop }),
    durationMs: extra.durationMs ?? 1234
  }
}

/** What happened to one candidate; a failure's error is always the same. */
export function outcome(decision: Decision, status: OutcomeStatus): Outcome {
  switch (status) {
    case 'deleted':
      return { decision, status, freedBytes: BigInt(decision.version.usageBytes ?? 0) }
    case 'failed':
      return { decision, status, error: 'DELETE failed: 409 CONFLICT: busy' }
    case 'skipped':
      return { decision, status, skip: { change: 'committed' } }
    default:
      return { decision, status }
  }
}
