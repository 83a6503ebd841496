/**
 * Where a version came from: the workflow run that created it, recorded in its metadata and, when
 * no message is given, in a message a person recognises. Pure; `main.ts` reads the run context.
 */

/** The parts of the GitHub run context we record; any may be missing outside a runner. */
export interface RunContext {
  readonly repository?: string
  readonly sha?: string
  readonly ref?: string
  readonly workflow?: string
  readonly runId?: number
  readonly runNumber?: number
  readonly runAttempt?: number
  readonly serverUrl?: string
}

/** Metadata key under which provenance is stored; a user's own `github` key replaces it. */
export const PROVENANCE_KEY = 'github'

export function provenanceMetadata(run: RunContext): Record<string, unknown> {
  const runUrl =
    run.serverUrl && run.repository && run.runId !== undefined
      ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` +
        (run.runAttempt !== undefined ? `/attempts/${run.runAttempt}` : '')
      : undefined
  const fields = {
    repository: run.repository,
    sha: run.sha,
    ref: run.ref,
    workflow: run.workflow,
    runId: run.runId,
    runAttempt: run.runAttempt,
    runUrl
  }
  const present = Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')
  return present.length === 0 ? {} : { [PROVENANCE_KEY]: Object.fromEntries(present) }
}

/** E.g. "Train model #42 (a1b2c3d)"; undefined when the context names nothing. */
export function defaultMessage(run: RunContext): string | undefined {
  const parts = [
    run.workflow,
    run.runNumber !== undefined ? `#${run.runNumber}` : undefined,
    run.sha ? `(${run.sha.slice(0, 7)})` : undefined
  ].filter(part => part !== undefined && part !== '')
  return parts.length === 0 ? undefined : parts.join(' ')
}
