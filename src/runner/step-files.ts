/**
 * What a step leaves behind for the rest of the job: its outputs, its job summary, the result
 * file and a dry run's plan file; and the plan file an earlier step left, read for the plan input.
 * Everything written is redacted once more here, a second net under the redaction that happens
 * where text is made.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { Operation } from '../interface/names.ts'
import type { PlanText } from '../interface/plan-input.ts'
import { planFileText } from '../operations/cleanup/plan-file.ts'
import type { Result } from '../operations/result.ts'
import { outputLine, type OutputValues } from '../report/outputs.ts'
import { resultFileName, resultText } from '../report/result-file.ts'
import { messageOf } from '../shared/errors.ts'
import type { Log } from '../shared/log.ts'
import type { Redact } from '../shared/redact.ts'

/**
 * Writes the complete result to a file of its own under RUNNER_TEMP (the OS temp directory
 * outside a runner) and returns its path; undefined, with a warning, when it cannot.
 */
export function writeResultFile(
  operation: Operation,
  result: Result,
  redact: Redact,
  log: Log
): string | undefined {
  const name = resultFileName(operation, randomUUID())
  return writeStepFile(name, redact(resultText(result)), 'the result file', log)
}

/**
 * Writes a cleanup dry run's plan beside the result file and returns its path; undefined for any
 * other result, and with a warning when it cannot be written.
 */
export function writePlanFile(result: Result, redact: Redact, log: Log): string | undefined {
  if (result.kind !== 'cleanup' || result.planFile === undefined) return undefined
  const name = `paperspace-dataset-versions-cleanup-plan-${randomUUID()}.json`
  return writeStepFile(name, redact(planFileText(result.planFile)), 'the plan file', log)
}

function writeStepFile(name: string, text: string, what: string, log: Log): string | undefined {
  const path = join(process.env.RUNNER_TEMP || tmpdir(), name)
  try {
    // A new file (never an existing one), readable by this user only.
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 })
    return path
  } catch (error) {
    log.warning(`Could not write ${what} ${path}: ${messageOf(error)}`)
    return undefined
  }
}

/** Larger than the plan of 10000 versions (the most maxDeletions allows) can be. */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024

/**
 * The file the plan input names (relative to the working directory), for the input parser; or the
 * one .json file of the folder it names, as actions/download-artifact leaves a plan.
 */
export function readPlanFile(path: string): PlanText {
  try {
    let file = path
    if (statSync(path).isDirectory()) {
      const found = readdirSync(path).filter(name => name.endsWith('.json'))
      if (found.length !== 1) {
        return {
          error: `a folder holding ${found.length} .json files; name the plan file, or a folder holding only it`
        }
      }
      file = join(path, found[0]!)
    }
    const stat = statSync(file)
    if (!stat.isFile()) return { error: 'not a file' }
    if (stat.size > MAX_PLAN_BYTES) {
      return { error: `${stat.size} bytes, larger than any plan file (${MAX_PLAN_BYTES} bytes)` }
    }
    return { text: readFileSync(file, 'utf8') }
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    return { error: missing ? 'there is no such file or folder' : messageOf(error) }
  }
}

export function writeOutputs(values: OutputValues, redact: Redact, log: Log): void {
  for (const [name, value] of Object.entries(values)) {
    const clean = redact(value)
    core.setOutput(name, clean)
    log.info(outputLine(name, clean))
  }
}

export async function writeSummary(markdown: string, redact: Redact, log: Log): Promise<void> {
  // Outside a runner (a local run) there is no summary file; that is not an error.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(redact(markdown)).write()
  } catch (error) {
    log.warning(`Could not write the job summary: ${messageOf(error)}`)
  } finally {
    core.summary.emptyBuffer()
  }
}
