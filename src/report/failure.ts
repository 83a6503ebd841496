/**
 * Why a step fails, in words: work that partly failed, outputs too large to set, or an error that
 * stopped the run before any result. Pure; `main.ts` passes the text to the runner.
 */
import type { Result } from '../operations/result.ts'
import { cell } from './format.ts'
import { oversizedOutputs, type OutputValues } from './outputs.ts'

/** Failed deletions named in the failure line; the rest are counted. */
const FAILURES_SHOWN = 5

/** Every reason the step fails although it produced a result; undefined when it succeeds. */
export function stepFailure(result: Result, outputs: OutputValues): string | undefined {
  const reasons = [resultFailure(result), tooLarge(outputs)].filter(r => r !== undefined)
  return reasons.length === 0 ? undefined : reasons.join('\n')
}

/** What went wrong in the work itself, if anything. */
export function resultFailure(result: Result): string | undefined {
  if (result.kind === 'version' || result.kind === 'promote') return result.failure
  if (result.kind !== 'cleanup') return undefined
  const { failed } = result.tally
  if (failed.length === 0) return undefined
  const shown = failed.slice(0, FAILURES_SHOWN).map(f => `${f.version} (${f.error})`)
  return (
    `${failed.length} of ${result.plan.candidates.length} deletions failed: ${shown.join('; ')}` +
    (failed.length > shown.length ? `; and ${failed.length - shown.length} more` : '')
  )
}

/** Why the step fails when an output was too large to set; undefined when all fit. */
function tooLarge(values: OutputValues): string | undefined {
  const oversized = oversizedOutputs(values)
  if (oversized.length === 0) return undefined
  const list = oversized.map(o => `${o.name} (${(o.bytes / 1e6).toFixed(1)} MB)`).join(', ')
  return (
    `Not set, larger than the 1 MB GitHub allows for one output: ${list}. ` +
    'With list, ask for fewer versions (limit) and page with after and the nextPage output'
  )
}

/** The job summary of a run that stopped with an error before it had a result. */
export function failureSummary(operation: string, message: string): string {
  return `## ${cell(operation, 20)} failed\n\n${cell(message, 2000)}\n`
}
