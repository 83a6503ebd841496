/**
 * The action's one entry point: runner inputs -> settings -> operation -> outputs and summary.
 * This is the only module that talks to the runner (@actions/core, @actions/github).
 */
import { ActionError, messageOf } from './errors.ts'
import { parseInputs, resolveApiKey, type Settings } from './inputs.ts'
import type { Log } from './log.ts'
import { Inputs, type InputName } from './names.ts'
import { execute } from './operations/index.ts'
import { createClient } from './paperspace/client.ts'
import type { RunContext } from './provenance.ts'
import { redactor, type Redact } from './redact.ts'
import { cell } from './report/format.ts'
import { outputsFor, oversizedOutputs, type OutputValues } from './report/outputs.ts'
import { summaryFor } from './report/summary.ts'
import * as core from './toolkit/core.ts'
import * as github from './toolkit/github.ts'

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
    const settings = parseInputs(read, process.env)
    operation = settings.operation
    await log.group('Settings', () => Promise.resolve(logSettings(settings, log)))
    const client = createClient({ ...settings.connection, log })
    const result = await execute(client, settings, runContext(), log)
    const outputs = outputsFor(result)
    await log.group('Outputs', () => Promise.resolve(writeOutputs(outputs, redact)))
    await writeSummary(summaryFor(result), redact)
    const failures = [result.failure, tooLarge(outputs)].filter(f => f !== undefined)
    if (failures.length > 0) core.setFailed(redact(failures.join('\n')))
  } catch (error) {
    // Expected failures are explained by their message; a stack would only bury it.
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) {
      core.debug(redact(error.stack))
    }
    const message = redact(messageOf(error))
    await writeSummary(`## ${cell(operation, 20)} failed\n\n${cell(message, 2000)}\n`, redact)
    core.setFailed(message)
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
    group: (name, fn) => core.group(redact(name), fn)
  }
}

function logSettings(settings: Settings, log: Log): void {
  for (const name of settings.ignored) {
    log.warning(`${name} is not used by operation ${settings.operation}; it was ignored`)
  }
  const { connection, ignored: _ignored, ...rest } = settings
  const shown = {
    ...rest,
    baseUrl: connection.baseUrl,
    timeoutMs: connection.timeoutMs,
    retries: connection.retries
  }
  for (const [name, value] of Object.entries(shown)) log.info(`${name}: ${JSON.stringify(value)}`)
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

function writeOutputs(values: OutputValues, redact: Redact): void {
  const skip = new Set(oversizedOutputs(values).map(output => output.name))
  for (const [name, value] of Object.entries(values)) {
    if (skip.has(name)) continue
    const clean = redact(value)
    core.setOutput(name, clean)
    core.info(
      `${name}: ${clean.length > 200 ? `${clean.slice(0, 200)}… (${clean.length} characters)` : clean}`
    )
  }
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

async function writeSummary(markdown: string, redact: Redact): Promise<void> {
  // Outside a runner (a local run) there is no summary file; that is not an error.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(redact(markdown)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${redact(messageOf(error))}`)
  }
}
