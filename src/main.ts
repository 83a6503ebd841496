/**
 * The action's one entry point: runner inputs -> settings -> operation -> outputs and summary.
 * This is the only module that talks to the runner (@actions/core, @actions/github); it wires the
 * pieces together and writes what `report/` renders.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ActionError, messageOf } from './shared/errors.ts'
import { parseInputs, resolveApiKey } from './interface/inputs.ts'
import type { Log } from './shared/log.ts'
import { Inputs, Outputs, type InputName, type Operation } from './interface/names.ts'
import { neutralise } from './shared/neutralise.ts'
import { execute } from './operations/index.ts'
import type { Result } from './operations/result.ts'
import { createClient } from './paperspace/client.ts'
import type { RunContext } from './operations/create/provenance.ts'
import { redactor, type Redact } from './shared/redact.ts'
import { failureSummary, stepFailure } from './report/failure.ts'
import {
  fitOutputs,
  fitWarning,
  outputLine,
  outputsFor,
  type OutputValues
} from './report/outputs.ts'
import { resultFileName, resultText } from './report/result-file.ts'
import { settingsLog } from './report/settings.ts'
import { summaryFor } from './report/summary.ts'
import * as core from './toolkit/core.ts'
import * as github from './toolkit/github.ts'

/** Signals the runner sends a step when its workflow is cancelled. */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const

export async function run(): Promise<void> {
  // A cancelled workflow signals the step; the operation then starts nothing new, and the outputs
  // and summary still say what was done. The handlers go again when the run ends.
  const cancel = new AbortController()
  const onSignal = () => cancel.abort()
  for (const name of CANCEL_SIGNALS) process.on(name, onSignal)
  try {
    await runOperation(cancel.signal)
  } finally {
    for (const name of CANCEL_SIGNALS) process.off(name, onSignal)
  }
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
    const settings = parseInputs(read, apiKey)
    operation = settings.operation
    await log.group('Settings', () => {
      const lines = settingsLog(settings)
      lines.warnings.forEach(line => log.warning(line))
      lines.info.forEach(line => log.info(line))
    })
    const client = createClient({
      ...settings.connection,
      log,
      redact,
      cancel: signal,
      // A create's commit is sent the moment the create is answered: see rehearsal.ts.
      rehearse: settings.operation === 'create' && settings.commit
    })
    const result = await execute(client, settings, {
      log,
      signal,
      now: Date.now,
      run: runContext()
    })
    const resultFile = writeResultFile(settings.operation, result, redact, log)
    const fitted = fitOutputs(result, outputsFor(result))
    const outputs = {
      ...fitted.values,
      ...(resultFile !== undefined && { [Outputs.resultFile]: resultFile })
    }
    await log.group('Outputs', () => writeOutputs(outputs, redact, log))
    const tooLarge = fitWarning(fitted, result.kind, resultFile !== undefined)
    if (tooLarge !== undefined) log.warning(tooLarge)
    writeSummary(summaryFor(result), redact, log)
    const failure = stepFailure(result, signal.aborted)
    if (failure !== undefined) core.setFailed(redact(failure))
  } catch (error) {
    // Expected failures are explained by their message; a stack would only bury it.
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) {
      log.debug(error.stack)
    }
    const message = redact(messageOf(error))
    writeSummary(failureSummary(operation, message), redact, log)
    core.setFailed(message)
  }
}

function runnerLog(redact: Redact): Log {
  // The runner hides debug lines unless debug logging is on; not writing them at all keeps a
  // cleanup of thousands of versions from printing a line per request for nothing.
  // core.info writes its line raw, so text from the API is neutralised there: it must not start a
  // workflow command. The other commands escape their message themselves.
  const debug = core.isDebug()
  return {
    info: message => core.info(neutralise(redact(message))),
    warning: message => core.warning(redact(message)),
    debug: message => {
      if (debug) core.debug(redact(message))
    },
    group: (name, fn) => core.group(redact(name), async () => fn())
  }
}

/** The run that is executing, for provenance; fields the runner did not set stay undefined. */
function runContext(): RunContext {
  const { context } = github
  const positive = (n: number) => (Number.isSafeInteger(n) && n > 0 ? n : undefined)
  return {
    repository: process.env.GITHUB_REPOSITORY || undefined,
    sha: context.sha || undefined,
    ref: context.ref || undefined,
    workflow: context.workflow || undefined,
    runId: positive(context.runId),
    runNumber: positive(context.runNumber),
    runAttempt: positive(context.runAttempt),
    serverUrl: context.serverUrl || undefined
  }
}

/**
 * Writes the complete result to a file of its own under RUNNER_TEMP (the OS temp directory
 * outside a runner) and returns its path; undefined, with a warning, when it cannot.
 */
function writeResultFile(
  operation: Operation,
  result: Result,
  redact: Redact,
  log: Log
): string | undefined {
  const path = join(process.env.RUNNER_TEMP || tmpdir(), resultFileName(operation, randomUUID()))
  try {
    // A new file (never an existing one), readable by this user only.
    writeFileSync(path, redact(resultText(result)), { flag: 'wx', mode: 0o600 })
    return path
  } catch (error) {
    log.warning(`Could not write the result file ${path}: ${messageOf(error)}`)
    return undefined
  }
}

function writeOutputs(values: OutputValues, redact: Redact, log: Log): void {
  for (const [name, value] of Object.entries(values)) {
    const clean = redact(value)
    core.setOutput(name, clean)
    log.info(outputLine(name, clean))
  }
}

function writeSummary(markdown: string, redact: Redact, log: Log): void {
  // Outside a runner (a local run) there is no summary file; that is not an error.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    core.appendSummary(redact(markdown))
  } catch (error) {
    log.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}
