/**
 * Why a step fails, in words: work that partly failed, or an error that stopped the run before
 * any result. Outputs too large to set are not a reason (see `fitOutputs`). Pure; `main.ts`
 * passes the text to the runner.
 */
import type { Result } from '../operations/result.ts'
import { stopLine } from './cleanup-words.ts'
import { fitSummary } from './budget.ts'
import { inert } from './inert.ts'

/** Failed deletions named in the failure line; the rest are counted. */
const FAILURES_SHOWN = 5

/**
 * Every reason the step fails although it produced a result; undefined when it succeeds.
 * `cancelled`: the workflow was cancelled while the operation ran. (Output size never fails a
 * step: outputs that do not fit are left unset and the result file holds everything.)
 */
export function stepFailure(result: Result, cancelled = false): string | undefined {
  const reasons = [
    resultFailure(result),
    cancelled && !reportsCancellation(result) ? CANCELLED_LINE : undefined
  ].filter(r => r !== undefined)
  return reasons.length === 0 ? undefined : reasons.join('\n')
}

/** What went wrong in the work itself, if anything. */
export function resultFailure(result: Result): string | undefined {
  if (result.kind === 'version' || result.kind === 'promote') return result.failure
  if (result.kind !== 'cleanup') return undefined
  const reasons: string[] = []
  // A stopped run fails with one line for the deletions: the failures are in the outputs and the
  // summary.
  if (result.stop !== undefined) reasons.push(stopLine(result.stop, result))
  const { failed } = result.tally
  if (result.stop === undefined && failed.length > 0) {
    const shown = failed.slice(0, FAILURES_SHOWN).map(f => `${f.version} (${f.error})`)
    reasons.push(
      `${failed.length} of ${result.plan.candidates.length} deletions failed: ${shown.join('; ')}` +
        (failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '')
    )
  }
  for (const { datasetId, error } of result.unlisted) {
    reasons.push(`Dataset ${datasetId} could not be listed, so nothing of it was deleted: ${error}`)
  }
  return reasons.length === 0 ? undefined : reasons.join('\n')
}

/** Why a step fails that finished its work although the workflow was cancelled meanwhile. */
export const CANCELLED_LINE =
  'Cancelled: the workflow was cancelled while this step ran; the outputs show what was done'

function reportsCancellation(result: Result): boolean {
  return result.kind === 'cleanup' && result.stop?.cause === 'cancelled'
}

/** The job summary of a run that stopped with an error before it had a result. */
export function failureSummary(operation: string, message: string): string {
  return fitSummary([`## ${inert(operation, 20)} failed`, '', inert(message, 2000), ''])
}
