/**
 * What every operation is given beside its settings, and the one signature they all share:
 * `(settings, context) => Promise<Result>`.
 *
 * The signal is aborted when the runner cancels the workflow (SIGINT or SIGTERM). An operation
 * then starts no new request (the client refuses them anyway) and stops any wait: wait with
 * `context.clock.sleep(ms, context.signal)`, and check `context.signal.aborted` between steps.
 * Requests already in flight are given a few seconds, then abandoned.
 */
import type { PaperspaceClient } from '../paperspace/client.ts'
import type { Clock } from '../shared/clock.ts'
import type { Log } from '../shared/log.ts'
import type { RunContext } from './create/provenance.ts'
import type { ProgressEvent } from './progress.ts'

export interface OperationContext {
  readonly client: PaperspaceClient
  readonly log: Log
  readonly signal: AbortSignal
  readonly clock: Clock
  /** The workflow run, recorded as a created version's provenance; read when first asked for. */
  readonly runContext: () => Promise<RunContext>
  /** Told of each step of a long operation as it happens, as data; `report/` words it. */
  readonly progress: (event: ProgressEvent) => void
}

/** Every operation has this shape. */
export type OperationRun<S, R> = (settings: S, context: OperationContext) => Promise<R>
