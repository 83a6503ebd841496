/**
 * The action's one entry point: runner inputs -> settings -> operation -> outputs and summary.
 * This is the only module that talks to the runner (@actions/core, @actions/github); it wires the
 * pieces together and writes what `report/` renders.
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { ActionError, messageOf } from './errors.ts'
import { parseInputs, resolveApiKey } from './inputs/index.ts'
import type { Log } from './log.ts'
import { Inputs, type InputName } from './names.ts'
import { execute } from './operations/index.ts'
import { createClient } from './paperspace/client.ts'
import type { RunContext } from './provenance.ts'
import { redactor, type Redact } from './redact.ts'
import { failureSummary, stepFailure } from './report/failure.ts'
import { outputLine, outputsFor, oversizedOutputs, type OutputValues } from './report/outputs.ts'
import { settingsLog } from './report/settings.ts'
import { summaryFor } from './report/summary.ts'

export async function run(): Promise<void> {
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
    const client = createClient({ ...settings.connection, log, redact })
    const result = await withCancellation(settings.operation === 'wait', signal =>
      execute(client, settings, runContext(), log, signal)
    )
    const outputs = outputsFor(result)
    await log.group('Outputs', () => writeOutputs(outputs, redact, log))
    await writeSummary(summaryFor(result), redact, log)
    const failure = stepFailure(result, outputs)
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

/**
 * Runs `fn` with a signal that aborts when the runner cancels the job (it sends SIGINT, then
 * SIGTERM). Only wait listens for now: taking over these signals for an operation that does not
 * check the signal would only delay its exit. The listeners are removed afterwards.
 */
async function withCancellation<T>(
  listen: boolean,
  fn: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const controller = new AbortController()
  if (!listen) return fn(controller.signal)
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  try {
    return await fn(controller.signal)
  } finally {
    process.off('SIGINT', abort)
    process.off('SIGTERM', abort)
  }
}

function runnerLog(redact: Redact): Log {
  // The runner hides debug lines unless debug logging is on; not writing them at all keeps a
  // cleanup of thousands of versions from printing a line per request for nothing.
  const debug = core.isDebug()
  return {
    info: message => core.info(redact(message)),
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

function writeOutputs(values: OutputValues, redact: Redact, log: Log): void {
  const skip = new Set(oversizedOutputs(values).map(output => output.name))
  for (const [name, value] of Object.entries(values)) {
    if (skip.has(name)) continue
    const clean = redact(value)
    core.setOutput(name, clean)
    log.info(outputLine(name, clean))
  }
}

async function writeSummary(markdown: string, redact: Redact, log: Log): Promise<void> {
  // Outside a runner (a local run) there is no summary file; that is not an error.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(redact(markdown)).write()
  } catch (error) {
    log.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}
