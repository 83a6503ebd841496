/**
 * The action's one run: runner inputs -> settings -> operation -> outputs, result file and job
 * summary. One catch turns an expected failure into its message and fails the step.
 */
import * as core from '@actions/core'
import { Inputs, Outputs, type InputName } from './interface/names.ts'
import { parseInputs, resolveApiKey } from './interface/inputs.ts'
import { execute } from './operations/index.ts'
import type { ProgressEvent } from './operations/progress.ts'
import { createClient } from './paperspace/client.ts'
import { cleanupProgress } from './report/cleanup-words.ts'
import { failureSummary, stepFailure } from './report/failure.ts'
import { fitOutputs, fitWarning, outputsFor } from './report/outputs.ts'
import { settingsLog } from './report/settings.ts'
import { showsRecordedRun, summaryFor } from './report/summary.ts'
import { withCancellation } from './runner/cancellation.ts'
import { runnerLog } from './runner/log.ts'
import { readRunContext } from './runner/run-context.ts'
import {
  readPlanFile,
  writeOutputs,
  writePlanFile,
  writeResultFile,
  writeSummary
} from './runner/step-files.ts'
import { systemClock } from './shared/clock.ts'
import { ActionError, messageOf } from './shared/errors.ts'
import { redactor } from './shared/redact.ts'

export async function run(): Promise<void> {
  await withCancellation(runOperation)
}

async function runOperation(signal: AbortSignal): Promise<void> {
  // Mask the key before anything else can print: the runner only masks values it was told about,
  // and a key from the environment or another step's output is not one of them.
  const read = (name: InputName) => core.getInput(name)
  const apiKey = resolveApiKey(read, process.env)
  if (apiKey !== '') core.setSecret(apiKey)
  const redact = redactor([apiKey])
  const log = runnerLog(redact)
  let operation = read(Inputs.operation) || 'action'
  const given = Object.values(Inputs).filter(name => read(name) !== '')
  log.debug(`Inputs given (names only): ${given.join(', ')}`)
  try {
    const settings = parseInputs(read, apiKey, { nowMs: systemClock.now(), read: readPlanFile })
    operation = settings.operation
    await log.group('Settings', () => {
      const lines = settingsLog(settings)
      lines.warnings.forEach(line => log.warning(line))
      lines.info.forEach(line => log.info(line))
    })
    const toLines = settings.operation === 'cleanup' ? cleanupProgress(settings) : () => []
    const progress = (event: ProgressEvent) =>
      toLines(event).forEach(line => log[line.level](line.text))
    const client = createClient({ ...settings.connection, log, redact, cancel: signal })
    const result = await execute(settings, {
      client,
      log,
      signal,
      clock: systemClock,
      runContext: readRunContext,
      progress
    })
    const resultFile = writeResultFile(settings.operation, result, redact, log)
    const planFile = writePlanFile(result, redact, log)
    const fitted = fitOutputs(result, outputsFor(result))
    const outputs = {
      ...fitted.values,
      ...(resultFile !== undefined && { [Outputs.resultFile]: resultFile }),
      ...(planFile !== undefined && { [Outputs.planFile]: planFile })
    }
    await log.group('Outputs', () => writeOutputs(outputs, redact, log))
    const tooLarge = fitWarning(fitted, result.kind, resultFile !== undefined)
    if (tooLarge !== undefined) log.warning(tooLarge)
    // The run context is read only when the summary shows a recorded run (see readRunContext).
    const run = showsRecordedRun(result) ? await readRunContext() : {}
    await writeSummary(summaryFor(result, run), redact, log)
    const failure = stepFailure(result, signal.aborted)
    if (failure !== undefined) core.setFailed(redact(failure))
  } catch (error) {
    // Expected failures are explained by their message; a stack would only bury it.
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) {
      log.debug(error.stack)
    }
    const message = redact(messageOf(error))
    await writeSummary(failureSummary(operation, message), redact, log)
    core.setFailed(message)
  }
}
