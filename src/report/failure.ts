/**
 * Why a step fails, in words: work that partly failed, or an error that stopped the run before
 * any result. Outputs too large to set are not a reason (see `fitOutputs`). Pure; `main.ts`
 * passes the text to the runner.
 */
import type { Result } from '../operations/result.ts'
import { cell } from './format.ts'

/** Failed deletions named in the failure line; the rest are counted. */
const FAILURES_SHOWN = 5

/** Every reason the step fails although it produced a result; undefined when it succeeds. */
export function stepFailure(result: Result): string | undefined {
  return resultFailure(result)
}

/** What went wrong in the work itself, if anything. */
export function resultFailure(result: Result): string | undefined {
  if (result.kind === 'version') return result.failure
  if (result.kind !== 'cleanup') return undefined
  const { failed } = result.tally
  if (failed.length === 0) return undefined
  const shown = failed.slice(0, FAILURES_SHOWN).map(f => `${f.version} (${f.error})`)
  return (
    `${failed.length} of ${result.plan.candidates.length} deletions failed: ${shown.join('; ')}` +
    (failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '')
  )
}

/** The job summary of a run that stopped with an error before it had a result. */
export function failureSummary(operation: string, message: string): string {
  return `## ${cell(operation, 20)} failed\n\n${cell(message, 2000)}\n`
}
