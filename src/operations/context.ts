/**
 * What every operation is given besides the client and its settings: where to log, the run's
 * cancellation signal, the clock, and the workflow run (for provenance).
 *
 * The signal is aborted when the runner cancels the workflow (SIGINT or SIGTERM). An operation
 * then starts no new request (the client refuses them anyway) and stops any wait: use
 * `pause(ms, context.signal)` from `../cancel.ts` for waits, and `context.signal.aborted` to
 * check between steps. Requests already in flight are given a few seconds, then aborted.
 */
import type { Log } from '../shared/log.ts'
import type { RunContext } from './create/provenance.ts'

export interface OperationContext {
  readonly log: Log
  readonly signal: AbortSignal
  /** Milliseconds since the epoch; tests pin it. */
  readonly now: () => number
  readonly run: RunContext
}
