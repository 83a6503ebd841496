/**
 * The workflow run that is executing, for a created version's provenance and for the summary's
 * link to the run that made a version. `@actions/github` is loaded only when it is asked for:
 * only create records provenance, only a version that records a run needs it in its summary, and
 * the package brings a GitHub API client the action never uses.
 */
import type { RunContext } from '../operations/create/provenance.ts'

let read: Promise<RunContext> | undefined

/** Fields the runner did not set stay undefined. Read once, whoever asks first. */
export function readRunContext(): Promise<RunContext> {
  read ??= fromGithubContext()
  return read
}

async function fromGithubContext(): Promise<RunContext> {
  const { context } = await import('@actions/github')
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
