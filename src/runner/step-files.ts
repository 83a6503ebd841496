/**
 * What a step leaves behind for the rest of the job: its outputs, its job summary and the result
 * file. Everything written is redacted once more here, a second net under the redaction that
 * happens where text is made.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { Operation } from '../interface/names.ts'
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
