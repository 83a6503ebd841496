/**
 * The parts of `@actions/core` the action uses, built on the package's own modules for workflow
 * commands, file commands and the job summary.
 *
 * Why not `import * as core from '@actions/core'`: its entry point also loads, at start-up, an OIDC
 * client (`@actions/http-client`, which imports all of undici) and `@actions/exec`, for
 * `getIDToken()` and `platform`, neither of which the action calls. Bundled, that is most of a
 * megabyte to parse and evaluate on every run (actions/toolkit#1697, #1893). The package exports only
 * its entry point, so the modules are imported by path; each function below is the entry point's
 * own few lines, and `__tests__/unit/toolkit.test.ts` checks that both write exactly the same.
 * Go back to the entry point once it loads its HTTP client lazily.
 *
 * The job summary is appended here too rather than through the package's `summary` object: its
 * module loads `fs/promises` when it is evaluated (3 ms at every start, with the readline and
 * assert modules that come with it), for one append the action makes at the end.
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import {
  issueFileCommand,
  prepareKeyValueMessage
} from '../../node_modules/@actions/core/lib/file-command.js'
import { toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'

/** The input as the runner passes it (INPUT_<NAME>), trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** Asks the runner to mask `secret` in the log from now on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function setOutput(name: string, value: unknown): void {
  const filePath = process.env['GITHUB_OUTPUT'] || ''
  if (filePath) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}

/** Fails the step: exit code 1 and an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', {}, message)
}

export function isDebug(): boolean {
  return process.env['RUNNER_DEBUG'] === '1'
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function warning(message: string): void {
  issueCommand('warning', {}, message)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', name)
  try {
    return await fn()
  } finally {
    issue('endgroup')
  }
}

/**
 * Appends `markdown` to the job summary, as `summary.addRaw(markdown).write()` does; throws
 * when the runner gave no summary file or it cannot be written.
 */
export function appendSummary(markdown: string): void {
  const file = process.env['GITHUB_STEP_SUMMARY']
  if (!file) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  }
  appendFileSync(file, markdown, { encoding: 'utf8' })
}
